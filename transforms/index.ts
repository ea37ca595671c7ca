// Every transform's rewrite(), by rule id (the same ids as the rules).
import type { RuleId } from '../src/core/findings.js';
import { rewrite as noClientOutsideSingleton } from './no-client-outside-singleton.js';
import { rewrite as noClientPerRequest } from './no-client-per-request.js';
import { rewrite as noCloseInHandler } from './no-close-in-handler.js';
import { rewrite as noDynamicDbImport } from './no-dynamic-db-import.js';
import { rewrite as requireGlobalCache } from './require-global-cache.js';
import { rewrite as requireShutdownHook } from './require-shutdown-hook.js';
import { rewrite as poolOptions } from './pool-options.js';

export const REWRITES: Record<RuleId, typeof noClientOutsideSingleton> = {
  'no-client-outside-singleton': noClientOutsideSingleton,
  'no-client-per-request': noClientPerRequest,
  'no-dynamic-db-import': noDynamicDbImport,
  'no-close-in-handler': noCloseInHandler,
  'require-global-cache': requireGlobalCache,
  'require-shutdown-hook': requireShutdownHook,
  'pool-options': poolOptions,
};
