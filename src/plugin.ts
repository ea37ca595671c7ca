// The flat-config plugin: { meta, rules, configs }. The default export of the package.
import type { TSESLint } from '@typescript-eslint/utils';
import { RULES } from './registry.js';
import { CONFIG_IGNORES } from './core/policy.js';
import { NAME, VERSION } from './version.js';

const rules = RULES;

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

// Tests and generated clients own their client by design; scripts are linted for require-script-close.
plugin.configs.recommended = {
  name: 'poolguard/recommended',
  plugins: { poolguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  ignores: [...CONFIG_IGNORES],
  rules: severities((name) => rules[name].meta.docs?.recommended === true),
};
plugin.configs.all = {
  name: 'poolguard/all',
  plugins: { poolguard: plugin as unknown as TSESLint.FlatConfig.Plugin },
  ignores: [...CONFIG_IGNORES],
  rules: severities(() => true),
};

export default plugin;
// `require('eslint-plugin-poolguard')` (an eslint.config.cjs, on Node ≥ 20.19) gets the plugin itself,
// not a namespace object.
export { plugin as 'module.exports' };
