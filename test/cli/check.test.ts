import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import parser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin.js';
import { runCheck } from '../../src/cli/check.js';
import { copyToTemp, normaliseJson, run, runBin } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

const DEMO = path.join(FIXTURES, 'projects/demo');

describe('poolguard check on the demo monorepo', () => {
  it('reports every seeded offender, nothing in the singleton modules, and exits 1', async () => {
    const { code, stdout } = await run(['check', DEMO, '--format', 'json']);
    expect(code).toBe(1);
    const findings = (normaliseJson(stdout, DEMO) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>).flatMap((r) =>
      r.messages.map((m) => `${r.filePath} ${m.ruleId.replace('poolguard/', '')}`),
    );
    const prismaFiles = [
      'middleware/auth', 'middleware/rate-limit',
      'routes/admin', 'routes/auth', 'routes/comments', 'routes/orders', 'routes/posts', 'routes/products', 'routes/reports', 'routes/users',
      'services/analytics', 'services/billing', 'services/email', 'services/inventory', 'services/notifications',
    ].map((f) => `apps/api/src/${f}.ts no-client-outside-singleton`);
    expect(prismaFiles).toHaveLength(15);
    expect(findings.sort()).toEqual(
      [
        ...prismaFiles,
        'apps/api/src/middleware/session.ts no-dynamic-db-import',
        'apps/web/src/app/api/users/route.ts no-client-outside-singleton',
        'apps/web/src/app/api/products/route.ts no-client-per-request',
        'apps/web/src/app/api/stats/route.ts no-close-in-handler',
        'apps/web/src/app/api/orders/route.ts no-client-per-request',
        'apps/web/src/app/api/invoices/route.ts no-client-per-request',
        'apps/web/src/app/api/posts/route.ts no-client-per-request', // calls getDb(), a factory the project model found
        'apps/web/src/app/api/customers/route.ts no-client-outside-singleton',
        'apps/web/src/app/api/reports/route.ts no-client-outside-singleton',
      ].sort(),
    );
    // The singletons' own client creation and shutdown hooks are never findings.
    expect(findings.filter((f) => f.startsWith('apps/api/src/lib/prisma.ts'))).toEqual([]);
    // Nor are the factories' definitions (getDb(), createDbConnection()): their per-request calls are.
    expect(findings.filter((f) => f.startsWith('apps/web/src/lib/'))).toEqual([]);
  });

  it('exits 0 on a copy with the offenders removed', async () => {
    const copy = copyToTemp(DEMO);
    const edit = (file: string, from: RegExp | string, to: string) => {
      const abs = path.join(copy, file);
      const before = fs.readFileSync(abs, 'utf8');
      const after = before.replace(from, to);
      expect(after, file).not.toBe(before);
      fs.writeFileSync(abs, after);
    };
    // apps/api: every module imports the shared client instead of constructing its own.
    for (const dir of ['routes', 'services', 'middleware']) {
      for (const file of fs.readdirSync(path.join(copy, 'apps/api/src', dir))) {
        const rel = `apps/api/src/${dir}/${file}`;
        const text = fs.readFileSync(path.join(copy, rel), 'utf8');
        if (!/PrismaClient\b|import\(/.test(text) || file.endsWith('.test.ts')) continue;
        if (text.includes('import(')) {
          edit(rel, "  const { prisma } = await import('../lib/prisma.js');\n", '');
          edit(rel, /^/, "import { prisma } from '../lib/prisma.js';\n");
          continue;
        }
        const shared = "import { prisma } from '../lib/prisma.js';";
        const withoutCreation = text
          .replace(/^import .*@prisma\/client';\n/m, `${shared}\n`)
          .replace(/^(?:export )?const (?:prisma|db) = new [\w.]+\([^;]*?\);\n/ms, '')
          .replace(/^const \{ PrismaClient \} = pkg;\n/m, '')
          .replace(/^const prisma = db;\n/m, '');
        fs.writeFileSync(path.join(copy, rel), withoutCreation.includes('const db') ? withoutCreation : withoutCreation);
      }
    }
    // apps/web: routes use the shared sql / db; the factory and getDb() return the shared pool.
    edit('apps/web/src/app/api/users/route.ts', /import postgres from 'postgres';\n\n\/\/.*\nconst sql = postgres\(.*\);\n/, "import { sql } from '@/lib/db';\n");
    edit('apps/web/src/app/api/products/route.ts', "import postgres from 'postgres';", "import { sql } from '@/lib/db';");
    edit('apps/web/src/app/api/products/route.ts', '  const sql = postgres(process.env.DATABASE_URL!);\n', '');
    edit('apps/web/src/app/api/stats/route.ts', /  try \{\n([\s\S]*?)  \} finally \{\n    await sql.end\(\);\n  \}\n/, '$1');
    edit('apps/web/src/lib/db.ts', /  const client = postgres\(process.env.DATABASE_URL!\);\n  return drizzle\(client\);/, '  return db;');
    edit('apps/web/src/lib/db/utils.ts', /import \{ Pool \} from 'pg';[\s\S]*$/, "import { pool } from '../pool.js';\n\nexport function createDbConnection() {\n  return pool;\n}\n");
    // Next.js hot-reloads: the shared pool lives on globalThis outside production (require-global-cache).
    fs.writeFileSync(
      path.join(copy, 'apps/web/src/lib/pool.ts'),
      "import { Pool } from 'pg';\n\nconst globalForPool = globalThis as unknown as { pool?: Pool };\nexport const pool = globalForPool.pool ?? new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });\nif (process.env.NODE_ENV !== 'production') globalForPool.pool = pool;\n",
    );
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ singletonModules: ['apps/api/src/lib/prisma.ts', 'apps/web/src/lib/db.ts', 'apps/web/src/lib/pool.ts'] }));

    const { code, stdout } = await run(['check', copy]);
    expect(stdout).toContain('No connection problems');
    expect(code).toBe(0);
  });

  it('runs from the built bin with exit code 1', () => {
    const { code, stdout } = runBin(['check', 'fixtures/projects/demo']);
    expect(code).toBe(1);
    expect(stdout).toContain('poolguard/no-client-outside-singleton');
    expect(stdout).toContain('✖ 24 problems (24 errors, 0 warnings)');
  });
});

describe('the json format', () => {
  it('has exactly the keys and order of `eslint -f json`', async () => {
    const file = path.join(DEMO, 'apps/web/src/app/api/users/route.ts');
    const eslint = new ESLint({
      cwd: DEMO,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser }, plugins: { poolguard: plugin as never }, rules: { 'poolguard/no-client-outside-singleton': 'error' } }],
    });
    const formatter = await eslint.loadFormatter('json');
    const eslintJson = JSON.parse(await formatter.format(await eslint.lintFiles([file]))) as Array<Record<string, unknown>>;
    const ours = JSON.parse((await run(['check', file, '--format', 'json'])).stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(ours[0]!)).toEqual(Object.keys(eslintJson[0]!));
    const [ourMessage] = ours[0]!.messages as Array<Record<string, unknown>>;
    const [eslintMessage] = eslintJson[0]!.messages as Array<Record<string, unknown>>;
    expect(ourMessage).toEqual(eslintMessage);
    expect(ours[0]!.filePath).toBe(file);
  });
});

describe('bad input', () => {
  it('a missing path is one line and exit 2', async () => {
    const result = await run(['check', 'no/such/dir']);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'poolguard: path not found: no/such/dir\n' });
  });

  it('an unknown option or format is exit 2', async () => {
    expect((await run(['check', '--frobnicate'])).code).toBe(2);
    expect((await run(['check', '--frobnicate'])).stderr).toBe('poolguard: unknown option --frobnicate (run "poolguard check --help" for the options)\n');
    expect((await run(['budget', '--nope'])).stderr).toBe('poolguard: unknown option --nope (run "poolguard budget --help" for the options)\n');
    const format = await run(['check', DEMO, '--format', 'xml']);
    expect(format).toEqual({ code: 2, stdout: '', stderr: 'poolguard: unknown format "xml" (expected one of stylish, json, sarif, github)\n' });
    expect((await run(['frobnicate'])).code).toBe(2);
  });

  it('an invalid config names the key', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/worker'));
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ singletonModule: ['src/db.ts'] }));
    const unknownKey = await run(['check', copy]);
    expect(unknownKey.code).toBe(2);
    expect(unknownKey.stderr).toMatch(/^poolguard: invalid config .*poolguard\.config\.json: unknown key "singletonModule" \(expected one of singletonModules, factories, ignores, maxConnections, headroom, processes, runtimes, idleCutoffSeconds, rules\)\n$/);
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ runtimes: { 'src/**': 'lambda' } }));
    expect((await run(['check', copy])).stderr).toContain('"runtimes["src/**"]" must be "server", "serverless" or "edge"');
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ headroom: 30 }));
    expect((await run(['check', copy])).stderr).toContain('"headroom" must be a number greater than 0 and at most 1');
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ maxConnections: 0 }));
    expect((await run(['check', copy])).stderr).toContain('"maxConnections" must be a positive integer');
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), JSON.stringify({ factories: [{ name: 'x' }] }));
    expect((await run(['check', copy])).stderr).toContain('"factories[0]" must have both "name" and "module"');
    fs.writeFileSync(path.join(copy, 'poolguard.config.json'), '{ not json');
    expect((await run(['check', copy])).code).toBe(2);
  });

  it('reads the "poolguard" key of package.json', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/commonjs-app'));
    const pkg = JSON.parse(fs.readFileSync(path.join(copy, 'package.json'), 'utf8'));
    pkg.poolguard = { ignores: ['src/routes/**'] };
    fs.writeFileSync(path.join(copy, 'package.json'), JSON.stringify(pkg));
    const { code, stdout } = await run(['check', copy, '-f', 'json']);
    expect(code).toBe(0);
    expect(normaliseJson(stdout, copy)).toEqual([]);
  });

  it('skips huge files with a warning and keeps going', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/bad-input'));
    fs.writeFileSync(path.join(copy, 'src/bundle.js'), `import pg from 'pg';\n${'export const x = 1;\n'.repeat(60_000)}`);
    const { code, stdout } = await run(['check', copy, '-f', 'json']);
    expect(code).toBe(1);
    const results = normaliseJson(stdout, copy) as Array<{ filePath: string; messages: Array<{ message: string; severity: number }> }>;
    expect(results.find((r) => r.filePath === 'src/bundle.js')?.messages).toEqual([
      expect.objectContaining({ severity: 1, message: 'File skipped: 1.1 MiB is over the 1 MiB limit (generated or bundled code?)' }),
    ]);
    expect(results.map((r) => r.filePath)).toContain('src/routes/ok.ts');
  });
});

describe('discovery', () => {
  it('never reads node_modules, build output, generated clients or gitignored files, and parses only candidates', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/worker'));
    const offender = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n";
    for (const rel of ['node_modules/pkg/index.js', 'dist/index.js', '.next/server/app.js', 'src/generated/prisma/client.ts', 'tmp/scratch.ts', 'src/routes/users.test.ts', 'scripts/seed.ts']) {
      fs.mkdirSync(path.dirname(path.join(copy, rel)), { recursive: true });
      fs.writeFileSync(path.join(copy, rel), offender);
    }
    fs.writeFileSync(path.join(copy, '.gitignore'), 'tmp/\n');
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(copy, `src/util-${i}.ts`), `export const n${i} = ${i};\n`);
    const outcome = await runCheck([copy], copy);
    expect(outcome.results.filter((r) => r.messages.length > 0)).toEqual([]);
    expect(outcome.filesChecked).toBe(22);
    expect(outcome.filesParsed).toBe(2);
  });
});

describe('opt-in rules', () => {
  it('check runs configs.recommended by default, and --all adds pool-options', async () => {
    const dir = path.join(FIXTURES, 'projects/inferred-monorepo');
    const ruleIds = (stdout: string) => new Set((JSON.parse(stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>).flatMap((r) => r.messages.map((m) => m.ruleId)));
    const recommended = ruleIds((await run(['check', dir, '--format', 'json'])).stdout);
    expect(recommended.has('poolguard/pool-options')).toBe(false);
    const all = ruleIds((await run(['check', dir, '--all', '--format', 'json'])).stdout);
    expect(all.has('poolguard/pool-options')).toBe(true);
    expect([...recommended].every((id) => all.has(id))).toBe(true);
  });
});
