// Each id once: its rule, its rewrite, and where its rewrite runs in `poolguard fix`. The plugin's
// rules, the codemod's steps and the test helpers all derive from this table.
import type { RuleId } from './core/findings.js';
import type { Rewrite } from '../transforms/lib/transform.js';
import { rewrite as rewriteOutside } from '../transforms/no-client-outside-singleton.js';
import noClientOutsideSingletonRule from '../rules/no-client-outside-singleton.js';
import noClientPerRequestRule from '../rules/no-client-per-request.js';
import noCloseInHandlerRule from '../rules/no-close-in-handler.js';
import noDynamicDbImportRule from '../rules/no-dynamic-db-import.js';
import poolOptionsRule from '../rules/pool-options.js';
import requireGlobalCacheRule from '../rules/require-global-cache.js';
import requireScriptCloseRule from '../rules/require-script-close.js';
import requireShutdownHookRule from '../rules/require-shutdown-hook.js';
import { rewrite as rewritePerRequest } from '../transforms/no-client-per-request.js';
import { rewrite as rewriteClose } from '../transforms/no-close-in-handler.js';
import { rewrite as rewriteDynamic } from '../transforms/no-dynamic-db-import.js';
import { rewrite as reportPoolOptions } from '../transforms/pool-options.js';
import { rewrite as rewriteGlobalCache } from '../transforms/require-global-cache.js';
import { rewrite as reportScriptClose } from '../transforms/require-script-close.js';
import { rewrite as rewriteShutdownHook } from '../transforms/require-shutdown-hook.js';

export interface RegistryEntry<R> {
  rule: R;
  /** The codemod step: rewrites the file's findings of this id, or reports them as left alone. */
  rewrite: Rewrite;
  /**
   * Where the step runs in `poolguard fix` (ascending). Each rewrite must leave the next one's sites
   * intact: dynamic imports first, then closes in handlers, per-request clients, module-level
   * clients; the global cache after those (it wraps the singleton's own client, which the other
   * steps leave alone), then the shutdown hook; require-script-close and pool-options only report.
   */
  fixOrder: number;
}

export const REGISTRY = {
  'no-client-outside-singleton': { rule: noClientOutsideSingletonRule, rewrite: rewriteOutside, fixOrder: 4 },
  'no-client-per-request': { rule: noClientPerRequestRule, rewrite: rewritePerRequest, fixOrder: 3 },
  'no-dynamic-db-import': { rule: noDynamicDbImportRule, rewrite: rewriteDynamic, fixOrder: 1 },
  'no-close-in-handler': { rule: noCloseInHandlerRule, rewrite: rewriteClose, fixOrder: 2 },
  'require-global-cache': { rule: requireGlobalCacheRule, rewrite: rewriteGlobalCache, fixOrder: 5 },
  'require-script-close': { rule: requireScriptCloseRule, rewrite: reportScriptClose, fixOrder: 6 },
  'require-shutdown-hook': { rule: requireShutdownHookRule, rewrite: rewriteShutdownHook, fixOrder: 7 },
  'pool-options': { rule: poolOptionsRule, rewrite: reportPoolOptions, fixOrder: 8 },
} as const satisfies Record<RuleId, RegistryEntry<unknown>>;

type Rules = { [K in RuleId]: (typeof REGISTRY)[K]['rule'] };

/** The plugin's `rules`, keyed by id (README and docs order). */
export const RULES = Object.fromEntries(Object.entries(REGISTRY).map(([id, entry]) => [id, entry.rule])) as Rules;

/** The codemod's steps, in the order `poolguard fix` applies them. */
export const FIX_STEPS: ReadonlyArray<readonly [RuleId, Rewrite]> = (Object.entries(REGISTRY) as Array<[RuleId, RegistryEntry<unknown>]>)
  .sort((a, b) => a[1].fixOrder - b[1].fixOrder)
  .map(([id, entry]) => [id, entry.rewrite] as const);
