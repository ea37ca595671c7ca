import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-global-cache.js';

/** A package on disk with this package.json: the rule reads the dev server from it. */
function pkg(manifest: object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-hmr-'));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  return dir;
}

// Serverless or library packages, so require-shutdown-hook (another rule) stays out of the way.
const next = pkg({ name: 'web', dependencies: { next: '15.1.0' } });
const vite = pkg({ name: 'ssr', devDependencies: { vite: '6.0.0' } });
const tsxWatch = pkg({ name: 'api', scripts: { dev: 'tsx watch src/server.ts' } });
const nodemon = pkg({ name: 'api', scripts: { dev: 'nodemon --exec ts-node src/server.ts' } });
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
    { name: 'plain node: evaluated once', filename: `${plainNode}/src/lib/prisma.ts`, settings: settings(plainNode), code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();" },
    { name: 'not a singleton module', filename: `${next}/src/app/page.tsx`, settings: settings(next), code: "import { prisma } from '@/lib/prisma';\nexport default async function Page() {\n  return <p>{await prisma.user.count()}</p>;\n}" },
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
      name: 'nodemon (with the shutdown hook that a server also needs)',
      filename: `${nodemon}/src/db/index.ts`,
      settings: settings(nodemon),
      code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL });\nprocess.once('SIGTERM', () => void pool.end());",
      errors: [{ messageId: 'globalCache', line: 2, column: 21, data: { client: 'mysql2.createPool()', kind: 'pool', reloader: 'nodemon' } }],
    },
  ],
});
