// `poolguard init` writes poolguard.config.json from what the project model finds; on every fixture
// project the config is valid (schema and CLI) and pins the decisions: `check` reports the same
// findings with it as without it.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../../src/cli/config.js';
import { runtimeProfile } from '../../src/cli/init-config.js';
import { FIXTURES, ROOT } from '../helpers/fixtures.js';
import { copyToTemp, run } from '../helpers/cli.js';

const PROJECTS = path.join(FIXTURES, 'projects');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/poolguard.config.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

async function findings(dir: string): Promise<string[]> {
  const { stdout } = await run(['check', dir, '--format', 'json']);
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; column: number }> }>;
  // Errors only: a warning about competing singleton modules goes once the config picks one.
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId !== null).map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId}`)).sort();
}

const projects = fs.readdirSync(PROJECTS).filter((name) => fs.statSync(path.join(PROJECTS, name)).isDirectory() && !fs.existsSync(path.join(PROJECTS, name, 'poolguard.config.json')));

describe.each(projects)('poolguard init on fixtures/projects/%s', (name) => {
  it('writes a valid config with its $schema that check then decides the same with', async () => {
    const copy = copyToTemp(path.join(PROJECTS, name));
    const before = await findings(copy);
    const result = await run(['init', copy]);
    expect(result.stdout).toContain('wrote ');
    expect(result.stdout).toContain("import poolguard from 'eslint-plugin-poolguard';");
    const written = JSON.parse(fs.readFileSync(path.join(copy, 'poolguard.config.json'), 'utf8')) as Record<string, unknown>;
    expect(written.$schema).toBe('./node_modules/eslint-plugin-poolguard/schema/poolguard.config.schema.json');
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(() => validateSettings(written, 'poolguard.config.json')).not.toThrow();
    // The singleton modules init may create are new files with no findings; every other finding stays.
    expect(await findings(copy)).toEqual(before);
    const again = await run(['init', copy]);
    expect(again.stdout).toContain('poolguard.config.json already configures poolguard; left as is (--force rewrites');
  });
});

describe('what init pins', () => {
  it('the inferred singletons, the found factories (as file specifiers) and each package runtime, nested packages first', async () => {
    const monorepo = copyToTemp(path.join(PROJECTS, 'inferred-monorepo'));
    await run(['init', monorepo]);
    expect(JSON.parse(fs.readFileSync(path.join(monorepo, 'poolguard.config.json'), 'utf8'))).toEqual({
      $schema: './node_modules/eslint-plugin-poolguard/schema/poolguard.config.schema.json',
      singletonModules: ['apps/api/src/clients/pool.ts', 'apps/jobs/src/main.ts', 'packages/db/src/client.ts', 'packages/db/src/index.ts', 'packages/legacy/src/orders-db.ts'],
      runtimes: { 'packages/legacy/**': 'server', 'packages/db/**': 'server', 'apps/jobs/**': 'server', 'apps/api/**': 'server', '**': 'server' },
    });
    const seed = copyToTemp(path.join(PROJECTS, 'seed-004-factories'));
    const dry = await run(['init', '--dry', seed]);
    expect(dry.stdout).toContain('found factory createDbConnection() in lib/db/utils.ts (called from 5 modules)');
    expect(dry.stdout).toContain('found runtime of .: serverless (next (no self-hosted start script))');
    expect(dry.stdout).toContain('  "factories": [\n      {\n        "name": "createDbConnection",\n        "module": "./lib/db/utils",');
    expect(fs.existsSync(path.join(seed, 'poolguard.config.json'))).toBe(false);
  });

  it('runtime profiles: a wrangler config is edge, Next.js on Vercel serverless, a self-hosted Next.js or an Express app a server', () => {
    const dir = (files: Record<string, string>) => {
      const d = copyToTemp(path.join(PROJECTS, 'worker'));
      for (const f of fs.readdirSync(d)) fs.rmSync(path.join(d, f), { recursive: true });
      for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(d, file), text);
      return d;
    };
    expect(runtimeProfile(dir({ 'package.json': '{}', 'wrangler.toml': 'name = "w"' })).profile).toBe('edge');
    expect(runtimeProfile(dir({ 'package.json': '{ "dependencies": { "next": "15" } }', 'vercel.json': '{}' })).profile).toBe('serverless');
    expect(runtimeProfile(dir({ 'package.json': '{ "dependencies": { "next": "15" }, "scripts": { "start": "next start" } }' })).profile).toBe('server');
    expect(runtimeProfile(dir({ 'package.json': '{ "dependencies": { "express": "4" } }' })).profile).toBe('server');
  });
});
