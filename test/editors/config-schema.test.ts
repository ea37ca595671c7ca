// schema/poolguard.config.schema.json, shipped in the package for editors (`"$schema"` in a config), is
// what the CLI validates with (src/core/settings.ts): it compiles in ajv's strict mode, has the keys of
// SETTINGS_KEYS, and each bad config below is rejected with a line naming the key.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import ajvErrors from 'ajv-errors';
import { validateSettings } from '../../src/cli/config.js';
import { SETTINGS_KEYS } from '../../src/core/policy.js';
import { CLI_RULE_IDS } from '../../src/cli/rules.js';
import { ROOT } from '../helpers/fixtures.js';

const SCHEMA_PATH = path.join(ROOT, 'schema/poolguard.config.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as { properties: Record<string, unknown> };
const strictAjv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
ajvErrors.default(strictAjv);
const validate = strictAjv.compile(schema);

const cliError = (config: unknown): string | undefined => {
  try {
    validateSettings(config, 'test');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

const VALID: Array<[string, unknown]> = [
  ['empty', {}],
  ['$schema', { $schema: './node_modules/eslint-plugin-poolguard/schema/poolguard.config.schema.json' }],
  ['README example', { singletonModules: ['apps/api/src/lib/prisma.ts', 'apps/web/src/lib/db.ts'], factories: [{ name: 'createDbConnection', module: '@/lib/db/utils', kind: 'pool' }], ignores: ['legacy/**'] }],
  ['factory without kind', { factories: [{ name: 'connect', module: './db', kind: 'connection' }, { name: 'open', module: '@acme/db' }] }],
  ['budget', { maxConnections: 100, headroom: 1, processes: 4, idleCutoffSeconds: 300 }],
  ['runtimes', { runtimes: { 'apps/web/**': 'serverless', 'apps/edge/**': 'edge', '**': 'server' } }],
  ['rules', { rules: { 'require-global-cache': 'off', 'no-close-in-handler': 'warn', 'pool-options': 2, 'database-url': 0 } }],
];

const INVALID: Array<[string, unknown, string]> = [
  ['not an object', [], '"(root)" must be an object'],
  ['null', null, '"(root)" must be an object'],
  ['unknown key', { singletonModule: ['src/lib/db.ts'] }, 'unknown key "singletonModule" (expected one of singletonModules,'],
  ['root is ESLint-only', { root: '.' }, 'unknown key "root"'],
  ['singletonModules not an array', { singletonModules: 'src/lib/db.ts' }, '"singletonModules" must be an array of non-empty glob strings'],
  ['empty glob', { ignores: [''] }, '"ignores" must be an array of non-empty glob strings'],
  ['glob not a string', { ignores: [1] }, '"ignores" must be an array of non-empty glob strings'],
  ['factories not an array', { factories: { name: 'a', module: 'b' } }, '"factories" must be an array of { name, module, kind? }'],
  ['factory without module', { factories: [{ name: 'createDb' }] }, '"factories[0]" must have both "name" and "module"'],
  ['factory with empty name', { factories: [{ name: '', module: './db' }] }, '"factories[0].name" must be a non-empty string'],
  ['factory with an unknown key', { factories: [{ name: 'a', module: 'b', file: true }] }, '"factories[0].file" is not a known key'],
  ['factory kind', { factories: [{ name: 'a', module: 'b', kind: 'client' }] }, '"factories[0].kind" must be "pool" or "connection"'],
  ['maxConnections 0', { maxConnections: 0 }, '"maxConnections" must be a positive integer'],
  ['maxConnections fractional', { maxConnections: 1.5 }, '"maxConnections" must be a positive integer'],
  ['maxConnections as a string', { maxConnections: '100' }, '"maxConnections" must be a positive integer'],
  ['processes negative', { processes: -1 }, '"processes" must be a positive integer'],
  ['idleCutoffSeconds fractional', { idleCutoffSeconds: 0.5 }, '"idleCutoffSeconds" must be a positive integer'],
  ['headroom 0', { headroom: 0 }, '"headroom" must be a number greater than 0 and at most 1'],
  ['headroom over 1', { headroom: 1.5 }, '"headroom" must be a number greater than 0 and at most 1'],
  ['runtimes not an object', { runtimes: ['server'] }, '"runtimes" must be an object of glob'],
  ['runtimes profile', { runtimes: { 'src/**': 'lambda' } }, '"runtimes["src/**"]" must be "server", "serverless" or "edge"'],
  ['runtimes empty glob', { runtimes: { '': 'server' } }, '"runtimes" must be keyed by non-empty globs'],
  ['rules not an object', { rules: ['no-close-in-handler'] }, '"rules" must be an object of rule id'],
  ['rules severity', { rules: { 'no-close-in-handler': 'warning' } }, '"rules.no-close-in-handler" must be "off", "warn", "error", 0, 1 or 2'],
  ['rules severity 3', { rules: { 'no-close-in-handler': 3 } }, '"rules.no-close-in-handler" must be "off", "warn", "error", 0, 1 or 2'],
  ['rules unknown id', { rules: { 'no-close-in-handlr': 'off' } }, '"rules": unknown rule "no-close-in-handlr", did you mean "no-close-in-handler"?'],
];

describe('poolguard.config.schema.json', () => {
  it('has exactly the keys of SETTINGS_KEYS, plus $schema', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...SETTINGS_KEYS].sort());
  });

  it('keys "rules" by exactly the rule ids the CLI reports', () => {
    const rules = schema.properties.rules as { propertyNames: { enum: string[] } };
    expect(rules.propertyNames.enum).toEqual([...CLI_RULE_IDS]);
  });

  it.each(VALID)('accepts %s', (_name, config) => {
    expect(cliError(config)).toBeUndefined();
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(INVALID)('rejects %s, in one line naming the key', (_name, config, message) => {
    expect(cliError(config)).toContain(`invalid config test: ${message}`);
    expect(validate(config)).toBe(false);
  });

  it('accepts every poolguard.config.json in the fixtures', () => {
    const configs = findConfigs(path.join(ROOT, 'fixtures'));
    expect(configs.length).toBeGreaterThan(0);
    for (const file of configs) expect(validate(JSON.parse(fs.readFileSync(file, 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('is shipped in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('schema');
  });
});

function findConfigs(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => path.basename(f) === 'poolguard.config.json').map((f) => path.join(dir, f));
}
