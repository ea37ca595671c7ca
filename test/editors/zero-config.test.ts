// The ESLint plugin with configs.recommended and NO poolguard settings reports what `poolguard check`
// reports: the rules build the same project model (inferred singletons, factories found in other
// files, workspace re-exports) the CLI does. Each shape is a small project in a temp folder.
import fs from 'node:fs';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin.js';
import { MODEL_APPLIED, clearProjectModels, isSingleRun, modelBuilds } from '../../src/project/project-settings.js';
import { run } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

type Tree = Record<string, string>;

function project(tree: Tree): string {
  const dir = tempDir('poolguard-zero-config-');
  for (const [file, text] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** An editor's ESLint: the TypeScript parser and configs.recommended, nothing about poolguard. */
function editor(cwd: string, model = true): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser } },
      { files: ['**/*.{cjs,cts}'], languageOptions: { sourceType: 'commonjs' } },
      plugin.configs.recommended,
      // The CLI's marker: the rules take the settings as they are and build no model.
      ...(model ? [] : [{ settings: { [MODEL_APPLIED]: true } }]),
    ] as never,
  });
}

interface Result {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; message: string }>;
}

/** `file:line rule`, file relative to `base`, sorted; fails on a message that is not a finding. */
function findings(results: Result[], base: string): string[] {
  return results
    .flatMap((r) =>
      r.messages.map((m) => {
        if (!m.ruleId) throw new Error(`${r.filePath}: ${m.message}`);
        return `${path.relative(base, r.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId}`;
      }),
    )
    .sort();
}

async function lint(dir: string, cwd = dir, eslint = editor(cwd)): Promise<string[]> {
  return findings((await eslint.lintFiles(['.'])) as Result[], dir);
}

async function check(dir: string): Promise<string[]> {
  const { stdout, stderr } = await run(['check', '-f', 'json', dir], dir);
  expect(stderr).toBe('');
  return findings(JSON.parse(stdout) as Result[], dir);
}

const PG_SINGLETON = "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n";
const route = (from: string) => `import { pool } from '${from}';\nexport async function list() {\n  return pool.query('select 1');\n}\n`;

const SHAPES: Record<string, Tree> = {
  'a singleton at a path no convention names': {
    'package.json': json({ name: 'api', scripts: { start: 'node dist/main.js' }, dependencies: { pg: '^8' } }),
    'src/shared/database.ts': PG_SINGLETON,
    'src/routes/users.ts': route('../shared/database'),
    'src/routes/orders.ts': route('../shared/database'),
  },
  'a factory in lib/db.ts called in a GET handler': {
    'package.json': json({ name: 'web', scripts: { dev: 'next dev', build: 'next build' }, dependencies: { next: '^15', postgres: '^3' } }),
    'src/lib/db.ts': "import postgres from 'postgres';\nexport function getDb() {\n  return postgres(process.env.DATABASE_URL!);\n}\n",
    'src/app/api/users/route.ts': "import { getDb } from '../../../lib/db';\nexport async function GET() {\n  const sql = getDb();\n  return Response.json(await sql`select 1`);\n}\n",
  },
  'a workspace package re-exporting prisma': {
    'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }),
    'packages/db/package.json': json({ name: '@repo/db', main: 'src/index.ts', dependencies: { '@prisma/client': '^6' } }),
    'packages/db/src/client.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
    'packages/db/src/index.ts': "export { prisma } from './client';\n",
    'apps/api/package.json': json({ name: 'api', scripts: { start: 'node dist/main.js' }, dependencies: { '@repo/db': '*' } }),
    'apps/api/src/handlers/close.ts': "import { prisma } from '@repo/db';\nexport async function handler() {\n  const users = await prisma.user.findMany();\n  await prisma.$disconnect();\n  return users;\n}\n",
    'apps/api/src/handlers/lazy.ts': "export async function handler() {\n  const { prisma } = await import('@repo/db');\n  return prisma.user.findMany();\n}\n",
  },
  'a one-file worker package': {
    'package.json': json({ name: 'worker', type: 'module', scripts: { start: 'node index.js' }, dependencies: { pg: '^8' } }),
    'index.js': "import { Pool } from 'pg';\nconst pool = new Pool();\nprocess.on('SIGTERM', () => pool.end());\nawait pool.query('select 1');\n",
  },
};

describe('configs.recommended with no settings = poolguard check', () => {
  const dirs = Object.fromEntries(Object.entries(SHAPES).map(([name, tree]) => [name, project(tree)]));
  const expected: Record<string, (found: string[]) => void> = {
    'a singleton at a path no convention names': (found) => expect(found.filter((f) => f.startsWith('src/shared/') && f.includes('no-client-outside-singleton'))).toEqual([]),
    'a factory in lib/db.ts called in a GET handler': (found) => expect(found).toContain('src/app/api/users/route.ts:3 poolguard/no-client-per-request'),
    'a workspace package re-exporting prisma': (found) => {
      expect(found).toContain('apps/api/src/handlers/close.ts:4 poolguard/no-close-in-handler');
      expect(found).toContain('apps/api/src/handlers/lazy.ts:2 poolguard/no-dynamic-db-import');
    },
    'a one-file worker package': (found) => expect(found).toEqual([]),
  };

  it.each(Object.keys(SHAPES))('%s', async (name) => {
    const cli = await check(dirs[name]!);
    expected[name]!(cli);
    expect(await lint(dirs[name]!)).toEqual(cli);
  });

  it('needs the model for it: without one the editor disagrees on every shape', async () => {
    for (const name of Object.keys(SHAPES)) {
      expect(await lint(dirs[name]!, dirs[name]!, editor(dirs[name]!, false)), name).not.toEqual(await check(dirs[name]!));
    }
  });

  it('gives the same answer with ESLint started in a subfolder', async () => {
    const dir = dirs['a workspace package re-exporting prisma']!;
    const inApi = (await check(dir)).filter((f) => f.startsWith('apps/api/'));
    expect(inApi.length).toBeGreaterThan(0);
    expect(await lint(dir, path.join(dir, 'apps/api'))).toEqual(inApi);
  });

  /** Runs `body` with POOLGUARD_SINGLE_RUN set (the inference's override) and a fresh model cache. */
  async function withSingleRun(value: 'true' | 'false', body: () => Promise<void>): Promise<void> {
    const before = process.env.POOLGUARD_SINGLE_RUN;
    process.env.POOLGUARD_SINGLE_RUN = value;
    clearProjectModels();
    try {
      await body();
    } finally {
      if (before === undefined) delete process.env.POOLGUARD_SINGLE_RUN;
      else process.env.POOLGUARD_SINGLE_RUN = before;
      clearProjectModels();
    }
  }

  const editedManifestProject = (): string =>
    project({
      // A workspace root's `next` is its apps' hoisted dependency, until the root runs `next dev` itself.
      'package.json': json({ name: 'web', private: true, workspaces: ['packages/*'], scripts: { build: 'next build' }, dependencies: { next: '^15', '@prisma/client': '^6' } }),
      'packages/ui/package.json': json({ name: '@web/ui' }),
      'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
      'src/app/api/users/route.ts': "import { prisma } from '../../../lib/prisma';\nexport async function GET() {\n  return Response.json(await prisma.user.findMany());\n}\n",
    });

  const addDevScript = (dir: string): void => {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    manifest.scripts.dev = 'next dev';
    fs.writeFileSync(path.join(dir, 'package.json'), json(manifest));
  };

  it('sees an edited package.json on the next lint of the same ESLint instance (by stat, no timer)', () =>
    withSingleRun('false', async () => {
      const dir = editedManifestProject();
      const eslint = editor(dir);
      const before = await lint(dir, dir, eslint);
      expect(before.filter((f) => f.includes('require-global-cache'))).toEqual([]);
      expect(before).toEqual(await check(dir));
      const builds = modelBuilds();
      // A second lint with nothing changed reuses the model.
      expect(await lint(dir, dir, eslint)).toEqual(before);
      expect(modelBuilds()).toBe(builds);

      addDevScript(dir);
      const after = await lint(dir, dir, eslint);
      expect(after).toContain('src/lib/prisma.ts:2 poolguard/require-global-cache');
      expect(after).toEqual(await check(dir));
    }),
  );

  it('in a one-shot run, trusts the model it built: the same findings, no re-check of its files', () =>
    withSingleRun('true', async () => {
      const dir = editedManifestProject();
      const eslint = editor(dir);
      const before = await lint(dir, dir, eslint);
      expect(before).toEqual(await check(dir));
      const builds = modelBuilds();
      // Nothing is stat'ed again, so even an edit made mid-run is not seen (a one-shot run's files do not change).
      addDevScript(dir);
      expect(await lint(dir, dir, eslint)).toEqual(before);
      expect(modelBuilds()).toBe(builds);
    }),
  );

  it('in a one-shot run (the model trusted, its prefilter hints used), every shape and the demo still give check\'s findings', () =>
    withSingleRun('true', async () => {
      for (const name of Object.keys(SHAPES)) expect(await lint(dirs[name]!), name).toEqual(await check(dirs[name]!));
      const demo = path.join(ROOT, 'fixtures/projects/demo');
      expect(await lint(demo)).toEqual(await check(demo));
    }));

  it('infers a one-shot run as typescript-eslint does', () => {
    const node = '/usr/bin/node';
    expect(isSingleRun({}, [node, '/repo/node_modules/.bin/eslint', '.'])).toBe(true);
    expect(isSingleRun({}, [node, '/repo/node_modules/eslint/bin/eslint.js', 'src'])).toBe(true);
    expect(isSingleRun({}, [node, 'C:\\repo\\node_modules\\.bin\\eslint', '.'])).toBe(true);
    expect(isSingleRun({ CI: 'true' }, [node, '/repo/scripts/lint.js'])).toBe(true);
    // --fix rewrites files between passes; an editor's server is a long-lived process.
    expect(isSingleRun({}, [node, '/repo/node_modules/.bin/eslint', '--fix', '.'])).toBe(false);
    expect(isSingleRun({}, [node, '/ext/eslintServer.js'])).toBe(false);
    expect(isSingleRun({ CI: 'false' }, [node, '/repo/scripts/lint.js'])).toBe(false);
    // The override wins both ways.
    expect(isSingleRun({ POOLGUARD_SINGLE_RUN: 'false', CI: 'true' }, [node, '/repo/node_modules/.bin/eslint'])).toBe(false);
    expect(isSingleRun({ POOLGUARD_SINGLE_RUN: 'true' }, [node, '/ext/eslintServer.js'])).toBe(true);
  });

  it('rejects an invalid poolguard.config.json, naming the key, as the CLI does', async () => {
    const dir = project({ 'package.json': json({ name: 'api' }), 'poolguard.config.json': json({ singletonModule: ['src/db.ts'] }), 'src/db.ts': PG_SINGLETON });
    await expect(editor(dir).lintFiles(['.'])).rejects.toThrow(/unknown key "singletonModule"/);
    expect((await run(['check', dir], dir)).stderr).toMatch(/unknown key "singletonModule"/);
  });

  it('reports on the demo monorepo what poolguard check reports', async () => {
    const demo = path.join(ROOT, 'fixtures/projects/demo');
    const cli = await check(demo);
    expect(cli).toHaveLength(24);
    expect(await lint(demo)).toEqual(cli);
  });
});
