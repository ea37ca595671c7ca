import fs from 'node:fs';
import path from 'node:path';
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-shutdown-hook.js';
import { tempDir } from '../helpers/temp.js';

/** A package on disk: what the rule reads (package.json, the entry point) is real. */
function pkg(manifest: object, files: Record<string, string> = {}): string {
  const dir = tempDir('poolguard-shutdown-');
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const api = pkg({ name: 'api', scripts: { start: 'node dist/server.js' } });
const apiWithEntry = pkg(
  { name: 'api', scripts: { start: 'node dist/server.js' } },
  { 'src/server.ts': "import { prisma } from './lib/prisma.js';\nconst server = app.listen(3000);\nprocess.on('SIGTERM', () => server.close(() => void prisma.$disconnect()));\n" },
);
const apiEntryWithoutClose = pkg({ name: 'api', scripts: { start: 'node dist/server.js' } }, { 'src/server.ts': "app.listen(3000);\nprocess.on('SIGTERM', () => process.exit(0));\n" });
const listening = pkg({ name: 'api' }, { 'src/index.ts': "import express from 'express';\nexpress().listen(3000);\n" });
const library = pkg({ name: '@acme/db', main: 'dist/index.js', scripts: { build: 'tsc' } });
const next = pkg({ name: 'web', scripts: { dev: 'next dev' }, dependencies: { next: '15.1.0' } });
const worker = pkg({ name: 'worker', scripts: { dev: 'wrangler dev' } }, { 'wrangler.toml': 'name = "w"\n' });

const nextOnVercel = pkg({ name: 'chat', scripts: { dev: 'next dev', 'db:seed': 'tsx src/lib/db/seed.ts' }, dependencies: { next: '15.1.0' } }, { 'vercel.json': '{}' });

const prismaModule = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();";
const ruleTester = new RuleTester();

ruleTester.run('require-shutdown-hook', rule, {
  valid: [
    { name: 'closed here on SIGTERM', filename: `${api}/src/lib/prisma.ts`, settings: { poolguard: { root: api } }, code: `${prismaModule}\nprocess.on('SIGTERM', async () => {\n  await prisma.$disconnect();\n});` },
    { name: 'closed in the entry point the start script runs (dist mapped to src)', filename: `${apiWithEntry}/src/lib/prisma.ts`, settings: { poolguard: { root: apiWithEntry } }, code: prismaModule },
    { name: 'a library package: the apps importing it close it', filename: `${library}/src/lib/prisma.ts`, settings: { poolguard: { root: library } }, code: prismaModule },
    { name: 'Next.js without a self-hosted start script is serverless', filename: `${next}/src/lib/prisma.ts`, settings: { poolguard: { root: next } }, code: prismaModule },
    { name: 'a Cloudflare Worker is edge', filename: `${worker}/src/lib/db.ts`, settings: { poolguard: { root: worker } }, code: "import postgres from 'postgres';\nexport const sql = postgres(DB_URL);" },
    {
      name: 'a framework that owns the process (next start), even as a server',
      filename: `${next}/src/lib/prisma.ts`,
      settings: { poolguard: { root: next, runtimes: { 'src/**': 'server' } } },
      code: prismaModule,
    },
    { name: 'the runtimes setting says serverless', filename: `${api}/src/lib/prisma.ts`, settings: { poolguard: { root: api, runtimes: { '**': 'serverless' } } }, code: prismaModule },
    { name: 'not a singleton module', filename: `${api}/src/routes/users.ts`, settings: { poolguard: { root: api } }, code: "import { prisma } from '../lib/prisma.js';\nexport const count = () => prisma.user.count();" },
    {
      name: 'a NestJS provider: the container closes it',
      filename: `${api}/src/prisma.service.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Injectable } from '@nestjs/common';\nimport { PrismaClient } from '@prisma/client';\n@Injectable()\nexport class PrismaService extends PrismaClient {\n  client = new PrismaClient();\n}",
    },
    {
      name: 'an HTTP driver holds no connection to close',
      filename: `${api}/src/lib/db.ts`,
      settings: { poolguard: { root: api } },
      code: "import { neon } from '@neondatabase/serverless';\nexport const sql = neon(process.env.DATABASE_URL!);",
    },
    {
      name: 'a test file: the runner owns its clients',
      filename: `${api}/src/lib/db.test.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Pool } from 'pg';\nconst pool = new Pool();\nit('queries', async () => {\n  await pool.query('select 1');\n});",
    },
    {
      name: 'a script that closes its client in a finally',
      filename: `${nextOnVercel}/scripts/seed.ts`,
      settings: { poolguard: { root: nextOnVercel } },
      code: "import postgres from 'postgres';\nconst sql = postgres(process.env.POSTGRES_URL!);\ntry {\n  await sql`insert into t values (1)`;\n} finally {\n  await sql.end();\n}",
    },
    {
      name: 'a script that closes what it wraps (drizzle over a pg Pool)',
      filename: `${api}/scripts/backfill.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Pool } from 'pg';\nimport { drizzle } from 'drizzle-orm/node-postgres';\nconst pool = new Pool();\nconst db = drizzle(pool);\nawait db.execute('select 1');\nawait pool.end();",
    },
    {
      name: 'a script whose client comes from a local connect() and is closed in main()',
      filename: `${api}/scripts/reset.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Client } from 'pg';\nconst connect = () => new Client();\nasync function main() {\n  const client = connect();\n  await client.connect();\n  await client.end();\n}\nmain();",
    },
    {
      name: 'a script with `await using`',
      filename: `${api}/scripts/count.ts`,
      settings: { poolguard: { root: api } },
      code: "import postgres from 'postgres';\nawait using sql = postgres(process.env.DATABASE_URL!);\nconsole.log(await sql`select count(*) from users`);",
    },
    {
      name: 'a script that only uses the shared client is not checked',
      filename: `${api}/scripts/report.ts`,
      settings: { poolguard: { root: api } },
      code: "import { prisma } from '../src/lib/prisma.js';\nconsole.log(await prisma.user.count());",
    },
  ],
  invalid: [
    {
      name: 'seed 004: a script that never closes its pool, in a serverless Next.js app',
      filename: `${nextOnVercel}/scripts/seed-experts.ts`,
      settings: { poolguard: { root: nextOnVercel } },
      code: "import postgres from 'postgres';\nconst sql = postgres(process.env.POSTGRES_URL!, { max: 1 });\nawait sql`insert into experts values (1)`;",
      errors: [{ messageId: 'scriptClose', line: 2, column: 13, endColumn: 60, data: { client: 'postgres()', kind: 'pool' } }],
    },
    {
      name: 'a file package.json runs as a one-off script, exiting with process.exit()',
      filename: `${nextOnVercel}/src/lib/db/seed.ts`,
      settings: { poolguard: { root: nextOnVercel } },
      code: "import { Client } from 'pg';\nasync function main() {\n  const client = new Client();\n  await client.connect();\n  process.exit(0);\n}\nmain();",
      errors: [{ messageId: 'scriptClose', line: 3, column: 18, data: { client: 'pg.Client', kind: 'connection' } }],
    },
    {
      name: 'closing another client does not close this one',
      filename: `${api}/scripts/sync.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Pool } from 'pg';\nimport { Redis } from 'ioredis';\nconst pool = new Pool();\nconst redis = new Redis();\nawait redis.set('k', String((await pool.query('select 1')).rowCount));\nawait redis.quit();",
      errors: [{ messageId: 'scriptClose', line: 3, column: 14, data: { client: 'pg.Pool', kind: 'pool' } }],
    },
    {
      name: 'an Express API singleton never closed',
      filename: `${api}/src/lib/prisma.ts`,
      settings: { poolguard: { root: api } },
      code: prismaModule,
      errors: [{ messageId: 'shutdownHook', line: 2, column: 23, data: { client: 'PrismaClient', kind: 'pool' } }],
    },
    {
      name: 'an entry point that handles SIGTERM without closing a client does not count',
      filename: `${apiEntryWithoutClose}/src/lib/db.ts`,
      settings: { poolguard: { root: apiEntryWithoutClose } },
      code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);",
      errors: [{ messageId: 'shutdownHook', line: 2, column: 20 }],
    },
    {
      name: 'an app recognised by its entry calling listen()',
      filename: `${listening}/src/lib/db.ts`,
      settings: { poolguard: { root: listening } },
      code: "import { Pool } from 'pg';\nexport const pool = new Pool();",
      errors: [{ messageId: 'shutdownHook', line: 2, column: 21 }],
    },
    {
      name: 'the runtimes setting says server, whatever the deployment files say',
      filename: `${worker}/src/lib/db.ts`,
      settings: { poolguard: { root: worker, runtimes: { 'src/**': 'server' } } },
      code: `import postgres from 'postgres';\nconst g = globalThis as unknown as { sql?: ReturnType<typeof postgres> };\nexport const sql = g.sql ?? postgres(process.env.DATABASE_URL!);\nif (process.env.NODE_ENV !== 'production') g.sql = sql;`,
      errors: [{ messageId: 'shutdownHook', line: 3, column: 29 }],
    },
  ],
});
