// `poolguard fix` on the layouts issue #12 names: seed 004 (a factory called in every route while
// lib/db/index.ts already shares one call of it), and generated singletons that fit their package
// (the offenders' own URL; a globalThis cache only under an in-process dev server; shutdown hooks only
// in a long-lived server that owns its process).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFix } from '../../src/cli/fix.js';
import { copyToTemp } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

function snapshot(dir: string): Map<string, string> {
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return new Map(files.map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function project(files: Record<string, string>): string {
  const dir = tempDir('poolguard-seed-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('seed 004: routes that call the factory lib/db/index.ts already calls once', () => {
  it('import the shared `db` in their own import style; the rest is left with a reason; no file is created', async () => {
    const dir = copyToTemp(path.join(FIXTURES, 'projects/seed-004-factories'));
    const before = snapshot(dir);
    const { summary } = await runFix([dir], dir, { allowDirty: true });
    expect(summary.singletonsCreated).toEqual([]);
    expect([...snapshot(dir).keys()].sort()).toEqual([...before.keys()].sort());
    expect(summary.filesChanged.sort()).toEqual(['app/api/onboarding/route.ts', 'app/api/profile/route.ts']);
    // The alias style where the route used it, the relative one where it did not.
    expect(fs.readFileSync(path.join(dir, 'app/api/profile/route.ts'), 'utf8')).toBe(
      "import { db } from '@/lib/db';\n\nexport async function GET() {\n  // A new pool on every request.\n  return Response.json(await db.execute('select * from profiles'));\n}\n",
    );
    expect(fs.readFileSync(path.join(dir, 'app/api/onboarding/route.ts'), 'utf8')).toMatch(/^import \{ db \} from '\.\.\/\.\.\/\.\.\/lib\/db';\n\nexport async function POST/);
    // The raw client (`connect()`), and a client bound first and wrapped later, are not what the module shares.
    const left = summary.left.map((site) => `${site.file} ${site.ruleId}`);
    expect(left).toContain('app/api/tour/route.ts no-client-outside-singleton');
    expect(left).toContain('app/api/files/route.ts no-client-outside-singleton');
    expect(summary.left.find((site) => site.file === 'app/api/tour/route.ts')?.reason).toBe(
      '`lib/db/index.ts` shares `db` as `drizzle(createDbConnection())`, which is not the client this call builds: export that client from there to share it',
    );
    // The script keeps its own client.
    expect(fs.readFileSync(path.join(dir, 'scripts/reset.ts'), 'utf8')).toBe(before.get('scripts/reset.ts'));
  });

  it('leaves a factory call whose arguments differ from the shared one', async () => {
    const dir = project({
      'package.json': '{ "name": "app", "scripts": { "dev": "next dev" }, "dependencies": { "next": "15.0.0", "postgres": "3.4.5" } }',
      'lib/db/utils.ts': "import postgres from 'postgres';\nexport function connect(max: number) {\n  return postgres(process.env.POSTGRES_URL!, { max });\n}\n",
      'lib/db/index.ts': "import { connect } from './utils';\nexport const sql = connect(10);\n",
      'app/a/route.ts': "import { connect } from '../../lib/db/utils';\nconst sql = connect(10);\nexport const GET = () => sql`select 1`;\n",
      'app/b/route.ts': "import { connect } from '../../lib/db/utils';\nconst sql = connect(1);\nexport const GET = () => sql`select 1`;\n",
    });
    const { summary } = await runFix([dir], dir, { allowDirty: true });
    // lib/db/index.ts gains its globalThis cache (next dev); lib/db/utils.ts keeps its parameter.
    expect(summary.filesChanged.sort()).toEqual(['app/a/route.ts', 'lib/db/index.ts']);
    expect(fs.readFileSync(path.join(dir, 'app/a/route.ts'), 'utf8')).toBe("import { sql } from '../../lib/db';\nexport const GET = () => sql`select 1`;\n");
    expect(summary.left.find((site) => site.file === 'app/b/route.ts')?.reason).toMatch(/^`connect\(\)` is called here with other arguments than in `index.ts` \(`10`\)/);
  });
});

describe('a generated singleton fits its package', () => {
  const routes = {
    'src/app/a/route.ts': "import postgres from 'postgres';\nconst sql = postgres(process.env.POSTGRES_URL!);\nexport const GET = () => sql`select 1`;\n",
    'src/app/b/route.ts': "import postgres from 'postgres';\nconst sql = postgres(process.env.POSTGRES_URL!);\nexport const GET = () => sql`select 2`;\n",
  };

  it('in a Next.js app: the offenders’ URL, cached on globalThis, no signal handler', async () => {
    const dir = project({ 'package.json': '{ "name": "web", "scripts": { "dev": "next dev", "start": "next start" }, "dependencies": { "next": "15.0.0", "postgres": "3.4.5" } }', 'tsconfig.json': '{}', ...routes });
    const { summary } = await runFix([dir], dir, { allowDirty: true });
    expect(summary.singletonsCreated).toEqual(['src/lib/db.ts']);
    const singleton = fs.readFileSync(path.join(dir, 'src/lib/db.ts'), 'utf8');
    expect(singleton).toContain('export const sql = globalForSql.sql ?? postgres(process.env.POSTGRES_URL!);');
    expect(singleton).not.toMatch(/process\.(?:on|once|exit)\b/);
    expect(summary.filesChanged.sort()).toEqual(['src/app/a/route.ts', 'src/app/b/route.ts']);
  });

  it('in a long-lived server that owns its process: closed on SIGINT/SIGTERM, no cache without a reloader', async () => {
    const dir = project({
      'package.json': '{ "name": "api", "scripts": { "start": "node dist/server.js" }, "dependencies": { "postgres": "3.4.5" } }',
      'tsconfig.json': '{}',
      'src/server.ts': "import http from 'node:http';\nimport { GET } from './app/a/route';\nhttp.createServer(async (_req, res) => res.end(String(await GET()))).listen(3000);\n",
      ...routes,
    });
    const { summary } = await runFix([dir], dir, { allowDirty: true });
    expect(summary.singletonsCreated).toEqual(['src/lib/db.ts']);
    const singleton = fs.readFileSync(path.join(dir, 'src/lib/db.ts'), 'utf8');
    expect(singleton).toContain('export const sql = postgres(process.env.POSTGRES_URL!);');
    expect(singleton).not.toContain('globalThis');
    expect(singleton).toContain("for (const signal of ['SIGINT', 'SIGTERM'] as const) {");
  });

  it('in a library package (nothing starts it): no signal handler', async () => {
    const dir = project({ 'package.json': '{ "name": "@acme/lib", "main": "dist/index.js", "dependencies": { "postgres": "3.4.5" } }', 'tsconfig.json': '{}', ...routes });
    await runFix([dir], dir, { allowDirty: true });
    expect(fs.readFileSync(path.join(dir, 'src/lib/db.ts'), 'utf8')).not.toMatch(/process\.(?:on|once|exit)\b/);
  });

  it('is not created when the offenders disagree on the URL: nothing would import it', async () => {
    const dir = project({
      'package.json': '{ "name": "web", "scripts": { "dev": "next dev" }, "dependencies": { "next": "15.0.0", "postgres": "3.4.5" } }',
      'src/app/a/route.ts': routes['src/app/a/route.ts'],
      'src/app/b/route.ts': "import postgres from 'postgres';\nconst sql = postgres(process.env.OTHER_URL!);\nexport const GET = () => sql`select 2`;\n",
    });
    const { summary } = await runFix([dir], dir, { allowDirty: true });
    expect(summary.singletonsCreated).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'src/lib'))).toBe(false);
    expect(summary.failed.map((f) => f.reason)).toEqual([expect.stringMatching(/^no postgres singleton: the 2 offenders create `postgres\(\)` with different arguments/)]);
  });
});
