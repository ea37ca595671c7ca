import fs from 'node:fs';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule from '../../rules/require-global-cache.js';
import { clearFrameworkCache, frameworkOf } from '../../src/project/framework.js';
import { fileRole } from '../../src/project/roles.js';
import { tempDir } from '../helpers/temp.js';

/** A package on disk with this package.json: the rule reads the dev server from it. */
function pkg(manifest: object): string {
  const dir = tempDir('poolguard-hmr-');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

// Serverless or library packages, so the lifecycle rules stay out of the way.
const next = pkg({ name: 'web', dependencies: { next: '15.1.0' } });
const vite = pkg({ name: 'ssr', devDependencies: { vite: '6.0.0' } });
const tsxWatch = pkg({ name: 'api', scripts: { dev: 'tsx watch src/server.ts' } });
const nodemon = pkg({ name: 'api', scripts: { dev: 'nodemon --exec ts-node src/server.ts' } });
const bunHot = pkg({ name: 'api', scripts: { dev: 'bun --hot src/server.ts' } });
const tsNodeDev = pkg({ name: 'api', scripts: { dev: 'ts-node-dev --respawn --transpile-only src/server' } });
const plainNode = pkg({ name: 'api', scripts: { start: 'node dist/server.js' } });
const settings = (root: string) => ({ poolguard: { root } });

const ruleTester = new RuleTester();

ruleTester.run('require-global-cache', rule, {
  valid: [
    {
      name: "the docs' globalForPrisma pattern",
      filename: `${next}/src/lib/prisma.ts`,
      settings: settings(next),
      code: "import { PrismaClient } from '@prisma/client';\nconst globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };\nexport const prisma = globalForPrisma.prisma ?? new PrismaClient();\nif (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;",
    },
    {
      name: 'globalThis ??= directly',
      filename: `${vite}/src/lib/db.ts`,
      settings: settings(vite),
      code: "import postgres from 'postgres';\nconst g = globalThis as typeof globalThis & { __sql?: ReturnType<typeof postgres> };\nexport const sql = (g.__sql ??= postgres(process.env.DATABASE_URL!));",
    },
    {
      name: 'a local create function behind the cache',
      filename: `${tsxWatch}/src/lib/db.ts`,
      settings: settings(tsxWatch),
      code: "import postgres from 'postgres';\nconst createSql = () => postgres(process.env.DATABASE_URL!);\nconst g = globalThis as unknown as { sql?: ReturnType<typeof createSql> };\nexport const sql = g.sql ?? createSql();\nif (process.env.NODE_ENV !== 'production') g.sql = sql;\nprocess.once('SIGTERM', () => void sql.end());",
    },
    {
      name: 'tsx watch restarts the process: the old pool closes with it',
      filename: `${tsxWatch}/src/lib/db.ts`,
      settings: settings(tsxWatch),
      code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);",
    },
    { name: 'nodemon restarts the process', filename: `${nodemon}/src/db/index.ts`, settings: settings(nodemon), code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL });" },
    { name: 'ts-node-dev --respawn restarts the process', filename: `${tsNodeDev}/src/context.ts`, settings: settings(tsNodeDev), code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();" },
    {
      name: 'a factory that stores its client on globalThis, called behind a globalThis read',
      filename: `${next}/src/lib/prisma.ts`,
      settings: settings(next),
      code: "import { PrismaClient } from '@prisma/client';\nfunction getClient() {\n  const client = new PrismaClient();\n  globalThis.__prisma ??= client;\n  return client;\n}\nexport const prisma = globalThis.__prisma || getClient();",
    },
    { name: 'plain node: evaluated once', filename: `${plainNode}/src/lib/prisma.ts`, settings: settings(plainNode), code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();" },
    { name: 'not a singleton module', filename: `${next}/src/app/page.tsx`, settings: settings(next), code: "import { prisma } from '@/lib/prisma';\nexport default async function Page() {\n  return <p>{await prisma.user.count()}</p>;\n}" },
    {
      name: 'a script in a Next.js app runs once, even in a folder named like a singleton module',
      filename: `${next}/scripts/db/index.ts`,
      settings: settings(next),
      code: "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);\nawait sql`select 1`;\nawait sql.end();",
    },
    {
      name: 'an HTTP driver opens no pool to leak',
      filename: `${next}/src/lib/db.ts`,
      settings: settings(next),
      code: "import { neon } from '@neondatabase/serverless';\nexport const sql = neon(process.env.DATABASE_URL!);",
    },
    {
      name: 'a Worker builds its client per request',
      filename: `${vite}/src/lib/db.ts`,
      settings: settings(vite),
      code: "import postgres from 'postgres';\nexport default {\n  async fetch(request: Request, env: { DATABASE_URL: string }) {\n    const sql = postgres(env.DATABASE_URL);\n    return Response.json(await sql`select 1`);\n  },\n};",
    },
    {
      name: 'read from globalThis but never stored back is not a cache',
      filename: `${next}/src/lib/other.ts`,
      settings: settings(next),
      code: "export const x = 1;",
    },
  ],
  invalid: [
    {
      name: 'Next.js: a module-scope PrismaClient',
      filename: `${next}/src/lib/prisma.ts`,
      settings: settings(next),
      code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();",
      errors: [{ messageId: 'globalCache', line: 2, column: 23, data: { client: 'PrismaClient', kind: 'pool', reloader: 'Next.js (next dev)' } }],
    },
    {
      name: 'a module-level lazy cache is lost on reload too',
      filename: `${vite}/src/lib/db.ts`,
      settings: settings(vite),
      code: "import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  if (!pool) pool = new Pool();\n  return pool;\n}",
      errors: [{ messageId: 'globalCache', line: 4, column: 21, data: { client: 'pg.Pool', kind: 'pool', reloader: 'a Vite dev server' } }],
    },
    {
      name: 'read from globalThis but never stored back',
      filename: `${next}/src/lib/prisma.ts`,
      settings: settings(next),
      code: "import { PrismaClient } from '@prisma/client';\nconst g = globalThis as unknown as { prisma?: PrismaClient };\nexport const prisma = g.prisma ?? new PrismaClient();",
      errors: [{ messageId: 'globalCache', line: 3, column: 35 }],
    },
    {
      name: 'called behind a globalThis read, but the factory never stores its client there',
      filename: `${next}/src/lib/prisma.ts`,
      settings: settings(next),
      code: "import { PrismaClient } from '@prisma/client';\nfunction getClient() {\n  return new PrismaClient();\n}\nexport const prisma = globalThis.__prisma || getClient();",
      errors: [{ messageId: 'globalCache', line: 3, column: 10 }],
    },
    {
      name: 'bun --hot re-evaluates in the same process',
      filename: `${bunHot}/src/db/index.ts`,
      settings: settings(bunHot),
      code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL });\nprocess.once('SIGTERM', () => void pool.end());",
      errors: [{ messageId: 'globalCache', line: 2, column: 21, data: { client: 'mysql2.createPool()', kind: 'pool', reloader: 'bun --hot' } }],
    },
  ],
});

describe('frameworkOf', () => {
  it('reads the framework, hot reload and runtime from the nearest package.json, once per package', () => {
    const dir = pkg({ name: 'web', scripts: { dev: 'next dev', start: 'next start' }, dependencies: { next: '15.1.0', pg: '8.13.0' } });
    expect(frameworkOf(`${dir}/src/lib/db.ts`)).toMatchObject({ framework: 'Next.js', hotReload: true, reloader: 'Next.js (next dev)', ownsProcess: true, runtime: 'server' });
    // Cached per package.json: a change on disk is seen only after clearFrameworkCache().
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'web', dependencies: { next: '15.1.0' } }));
    expect(frameworkOf(`${dir}/app/page.tsx`).runtime).toBe('server');
    clearFrameworkCache();
    expect(frameworkOf(`${dir}/app/page.tsx`)).toMatchObject({ runtime: 'serverless', runtimeWhy: 'next (no self-hosted start script)' });
  });

  it.each([
    // Watchers that restart the process re-evaluate nothing in place.
    [{ scripts: { dev: 'tsx watch src/server.ts' }, dependencies: { express: '4.21.0' } }, { framework: 'Express', hotReload: false, reloader: undefined, ownsProcess: false, runtime: 'server' }],
    [{ scripts: { dev: 'node --watch src/index.js' } }, { framework: undefined, hotReload: false, reloader: undefined }],
    [{ scripts: { dev: 'nodemon src/index.js' }, dependencies: { fastify: '5.0.0' } }, { framework: 'Fastify', reloader: undefined }],
    [{ scripts: { dev: 'nest start --watch' }, dependencies: { '@nestjs/core': '10.0.0' } }, { framework: 'NestJS', hotReload: false }],
    [{ scripts: { dev: 'bun --watch src/index.ts' } }, { hotReload: false }],
    [{ scripts: { dev: 'bun --hot src/index.ts' } }, { hotReload: true, reloader: 'bun --hot' }],
    [{ scripts: { dev: 'vite dev' }, dependencies: { '@tanstack/react-start': '1.0.0', vite: '6.0.0' } }, { framework: 'TanStack Start', reloader: 'TanStack Start (vite dev)', ownsProcess: true }],
    [{ devDependencies: { '@sveltejs/kit': '2.0.0', '@sveltejs/adapter-node': '5.0.0' } }, { framework: 'SvelteKit', hotReload: true, ownsProcess: true, runtime: 'server' }],
    [{ dependencies: { nuxt: '3.14.0' } }, { framework: 'Nuxt', hotReload: true, runtime: 'serverless' }],
    [{ scripts: { start: 'node dist/server.js' }, dependencies: { '@nestjs/core': '10.0.0' } }, { framework: 'NestJS', hotReload: false, reloader: undefined, runtime: 'server' }],
    [{ dependencies: { '@netlify/functions': '2.0.0' } }, { hotReload: false, runtime: 'serverless' }],
  ])('%j → %j', (manifest, expected) => {
    expect(frameworkOf(`${pkg({ name: 'p', ...manifest })}/src/index.ts`)).toMatchObject(expected);
  });

  it('says edge for a Cloudflare Worker', () => {
    const dir = pkg({ name: 'worker', scripts: { dev: 'wrangler dev' } });
    fs.writeFileSync(path.join(dir, 'wrangler.toml'), 'name = "w"\n');
    expect(frameworkOf(`${dir}/src/index.ts`).runtime).toBe('edge');
  });
});

describe('fileRole', () => {
  const dir = pkg({ name: 'api', scripts: { start: 'node dist/server.js', 'db:seed': 'tsx src/db/seed-users.ts', worker: 'node dist/worker.js' }, prisma: { seed: 'tsx prisma/seed.ts' } });
  it.each([
    ['scripts/reset.ts', 'script'],
    ['packages/x/seeds/users.ts', 'script'],
    ['src/seed.ts', 'script'],
    ['prisma/seed.ts', 'script'],
    ['src/db/seed-users.ts', 'script'],
    ['src/worker.ts', undefined],
    ['src/lib/db.ts', undefined],
    ['src/lib/db.test.ts', 'test'],
    ['test/setup.ts', 'test'],
    ['src/__tests__/db.ts', 'test'],
  ])('%s → %s', (file, role) => {
    expect(fileRole(`${dir}/${file}`, dir)).toBe(role);
  });
  it('matches below the package root, not the folders above it', () => {
    const nested = path.join(pkg({ name: 'outer' }), 'scripts', 'app');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(nested, 'package.json'), JSON.stringify({ name: 'app' }));
    expect(fileRole(`${nested}/src/lib/db.ts`, nested)).toBeUndefined();
  });
});
