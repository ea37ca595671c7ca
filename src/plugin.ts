// The flat-config plugin: { meta, rules, configs }. The default export of the package.
import type { TSESLint } from '@typescript-eslint/utils';
import noClientOutsideSingleton from '../rules/no-client-outside-singleton.js';
import noClientPerRequest from '../rules/no-client-per-request.js';
import noCloseInHandler from '../rules/no-close-in-handler.js';
import noDynamicDbImport from '../rules/no-dynamic-db-import.js';
import requireGlobalCache from '../rules/require-global-cache.js';
import requireShutdownHook from '../rules/require-shutdown-hook.js';
import poolOptions from '../rules/pool-options.js';
import { DEFAULT_EXEMPT_FILES } from './core/policy.js';
import { NAME, VERSION } from './version.js';

const rules = {
  'no-client-outside-singleton': noClientOutsideSingleton,
  'no-client-per-request': noClientPerRequest,
  'no-dynamic-db-import': noDynamicDbImport,
  'no-close-in-handler': noCloseInHandler,
  'require-global-cache': requireGlobalCache,
  'require-shutdown-hook': requireShutdownHook,
  'pool-options': poolOptions,
};

type RuleName = keyof typeof rules;

const severities = (filter: (name: RuleName) => boolean): Record<string, 'error'> =>
  Object.fromEntries((Object.keys(rules) as RuleName[]).filter(filter).map((name) => [`poolguard/${name}`, 'error' as const]));

interface Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: Record<'recommended' | 'all', TSESLint.FlatConfig.Config>;
}

const plugin: Plugin = {
  meta: { name: NAME, version: VERSION },
  rules,
  configs: {} as Plugin['configs'],
};

// Tests, seeds, scripts, migrations and generated clients own their client by design.
plugin.configs.recommended = {
  name: 'poolguard/recommended',
  plugins: { poolguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  ignores: [...DEFAULT_EXEMPT_FILES],
  rules: severities((name) => rules[name].meta.docs?.recommended === true),
};
plugin.configs.all = {
  name: 'poolguard/all',
  plugins: { poolguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  ignores: [...DEFAULT_EXEMPT_FILES],
  rules: severities(() => true),
};

export default plugin;
// `require('eslint-plugin-poolguard')` (an eslint.config.cjs, on Node ≥ 20.19) gets the plugin itself,
// not a namespace object.
export { plugin as 'module.exports' };
