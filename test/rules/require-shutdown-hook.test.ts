import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-shutdown-hook.js';
import { tempPackage } from '../helpers/temp.js';

/** A package on disk: what the rule reads (package.json, the entry point) is real. */
const pkg = (manifest: object, files: Record<string, string> = {}) => tempPackage('poolguard-shutdown-', manifest, files);

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

// Express served by a function platform: `app` is exported, nothing calls listen().
const serverlessExpress = pkg({ name: 'api', scripts: { dev: 'vercel dev' }, dependencies: { express: '4.21.0' } }, { 'api/index.ts': "import express from 'express';\nconst app = express();\nexport default app;\n" });
const expressGenerator = pkg(
  { name: 'api', scripts: { start: 'node ./bin/www' }, dependencies: { express: '4.21.0' } },
  { 'bin/www': "const app = require('../app');\nconst http = require('http');\nhttp.createServer(app).listen(3000);\n", 'app.js': "const express = require('express');\nmodule.exports = express();\n" },
);
const expressListening = pkg({ name: 'api', scripts: { dev: 'tsx watch src/index.ts' }, dependencies: { express: '4.21.0' } }, { 'src/index.ts': "import { app } from './app';\napp.listen(3000);\n" , 'src/app.ts': "import express from 'express';\nexport const app = express();\n" });

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
      name: 'serverless Express: no file calls listen(), so the platform owns the process',
      filename: `${serverlessExpress}/src/lib/prisma.ts`,
      settings: { poolguard: { root: serverlessExpress } },
      code: prismaModule,
    },
    {
      name: "a script's client is require-script-close's",
      filename: `${api}/scripts/seed.ts`,
      settings: { poolguard: { root: api } },
      code: "import postgres from 'postgres';\nconst sql = postgres(process.env.DATABASE_URL!);\nawait sql`select 1`;",
    },
  ],
  invalid: [
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
    {
      name: 'an Express app whose entry point imports the app and listens',
      filename: `${expressListening}/src/lib/prisma.ts`,
      settings: { poolguard: { root: expressListening } },
      code: prismaModule,
      errors: [{ messageId: 'shutdownHook', line: 2, column: 23 }],
    },
    {
      name: 'an express-generator app: `node ./bin/www` listens',
      filename: `${expressGenerator}/src/lib/prisma.ts`,
      settings: { poolguard: { root: expressGenerator } },
      code: prismaModule,
      errors: [{ messageId: 'shutdownHook', line: 2, column: 23 }],
    },
    {
      name: 'a Prisma client on a driver adapter over a pool of this module is one client: one finding',
      filename: `${api}/src/lib/prisma.ts`,
      settings: { poolguard: { root: api } },
      code: "import { Pool } from 'pg';\nimport { PrismaPg } from '@prisma/adapter-pg';\nimport { PrismaClient } from '@prisma/client';\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst adapter = new PrismaPg(pool);\nexport const prisma = new PrismaClient({ adapter });",
      errors: [{ messageId: 'shutdownHook', line: 6, column: 23, data: { client: 'PrismaClient', kind: 'pool' } }],
    },
  ],
});
