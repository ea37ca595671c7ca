// schema/poolguard.config.schema.json, shipped in the package for editors (`"$schema"` in a config),
// accepts exactly what the CLI's validateSettings() accepts: the same keys as SETTINGS_KEYS, and the
// same verdict on every config below.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { validateSettings } from '../../src/cli/config.js';
import { SETTINGS_KEYS } from '../../src/core/policy.js';
import { ROOT } from '../helpers/fixtures.js';

const SCHEMA_PATH = path.join(ROOT, 'schema/poolguard.config.schema.json');
const schema = JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')) as { properties: Record<string, unknown> };
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

const cliAccepts = (config: unknown): boolean => {
  try {
    validateSettings(config, 'test');
    return true;
  } catch {
    return false;
  }
};

const VALID: Array<[string, unknown]> = [
  ['empty', {}],
  ['$schema', { $schema: './node_modules/eslint-plugin-poolguard/schema/poolguard.config.schema.json' }],
  ['README example', { singletonModules: ['apps/api/src/lib/prisma.ts', 'apps/web/src/lib/db.ts'], factories: [{ name: 'createDbConnection', module: '@/lib/db/utils', kind: 'pool' }], ignores: ['legacy/**'] }],
  ['factory without kind', { factories: [{ name: 'connect', module: './db', kind: 'connection' }, { name: 'open', module: '@acme/db' }] }],
  ['budget', { maxConnections: 100, headroom: 1, processes: 4, idleCutoffSeconds: 300 }],
  ['runtimes', { runtimes: { 'apps/web/**': 'serverless', 'apps/edge/**': 'edge', '**': 'server' } }],
];

const INVALID: Array<[string, unknown]> = [
  ['not an object', []],
  ['null', null],
  ['unknown key', { singletonModule: ['src/lib/db.ts'] }],
  ['root is ESLint-only', { root: '.' }],
  ['singletonModules not an array', { singletonModules: 'src/lib/db.ts' }],
  ['empty glob', { ignores: [''] }],
  ['glob not a string', { ignores: [1] }],
  ['factories not an array', { factories: { name: 'a', module: 'b' } }],
  ['factory without module', { factories: [{ name: 'createDb' }] }],
  ['factory with empty name', { factories: [{ name: '', module: './db' }] }],
  ['factory with an unknown key', { factories: [{ name: 'a', module: 'b', file: true }] }],
  ['factory kind', { factories: [{ name: 'a', module: 'b', kind: 'client' }] }],
  ['maxConnections 0', { maxConnections: 0 }],
  ['maxConnections fractional', { maxConnections: 1.5 }],
  ['maxConnections as a string', { maxConnections: '100' }],
  ['processes negative', { processes: -1 }],
  ['idleCutoffSeconds fractional', { idleCutoffSeconds: 0.5 }],
  ['headroom 0', { headroom: 0 }],
  ['headroom over 1', { headroom: 1.5 }],
  ['runtimes not an object', { runtimes: ['server'] }],
  ['runtimes profile', { runtimes: { 'src/**': 'lambda' } }],
  ['runtimes empty glob', { runtimes: { '': 'server' } }],
];

describe('poolguard.config.schema.json', () => {
  it('has exactly the keys of SETTINGS_KEYS, plus $schema', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(['$schema', ...SETTINGS_KEYS].sort());
  });

  it.each(VALID)('accepts %s, as the CLI does', (_name, config) => {
    expect(cliAccepts(config)).toBe(true);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(INVALID)('rejects %s, as the CLI does', (_name, config) => {
    expect(cliAccepts(config)).toBe(false);
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
