import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-client-outside-singleton.js';
import { tempPackage } from '../helpers/temp.js';

// A real project for the suggestion: the codemod imports the shared instance from a module on disk.
const withSingleton = tempPackage('poolguard-outside-', { name: 'api', dependencies: { '@prisma/client': '^6' } }, {
  'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n",
});

// A virtual project root: singletonModules globs are relative to it, and no real files are found.
const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });

ruleTester.run('no-client-outside-singleton', rule, {
  valid: [
    {
      // A pool multiplies per module against max_connections; one Redis socket per module does not.
      name: 'a Redis connection created once in its own module (a separate store on purpose)',
      filename: '/virtual/apps/web/modules/auth/lib/secondary-storage.ts',
      code: "import { createClient } from 'redis';\nlet clientPromise: Promise<ReturnType<typeof createClient>> | undefined;\nexport const getClient = () => {\n  if (!clientPromise) {\n    const client = createClient({ url: process.env.REDIS_URL });\n    clientPromise = client.connect().then(() => client);\n  }\n  return clientPromise;\n};",
    },
    {
      name: 'a connection built in an async IIFE stored on globalThis is cached there',
      filename: '/virtual/packages/jobs/src/queue.ts',
      code: "import { Pool } from 'pg';\nconst g = globalThis as unknown as { init?: Promise<Pool> };\nexport async function getPool() {\n  if (g.init) return await g.init;\n  g.init = (async () => {\n    const pool = new Pool();\n    await pool.query('select 1');\n    return pool;\n  })();\n  return await g.init;\n}",
    },
    {
      name: 'a library branch on its arguments (`if (isConfig(x))`) is not a cache guard',
      filename: '/virtual/packages/orm/src/mysql/driver.ts',
      code: "import { createPool } from 'mysql2';\nimport { isConfig } from './utils';\nexport function connect(params: unknown) {\n  if (isConfig(params)) {\n    const instance = createPool(params as object);\n    return instance;\n  }\n  return params;\n}",
    },
    {
      name: 'the singleton module itself',
      filename: '/virtual/src/lib/prisma.ts',
      code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();",
    },
    {
      name: 'importing the shared instance',
      filename: '/virtual/src/routes/users.ts',
      code: "import { prisma } from '../lib/prisma.js';\nexport const list = () => prisma.user.findMany();",
    },
    {
      name: 'a local class called Pool',
      filename: '/virtual/src/jobs/pool.ts',
      code: 'class Pool { constructor(public size = 4) {} }\nexport const workers = new Pool(8);',
    },
    {
      name: 'a shadowed import name',
      filename: '/virtual/src/util.ts',
      code: "import { Pool } from 'pg';\nexport function make(Pool: new () => object) { return new Pool(); }\nexport type P = Pool;",
    },
    {
      name: 'Client from @upstash/qstash is an HTTP client',
      filename: '/virtual/src/queue.ts',
      code: "import { Client } from '@upstash/qstash';\nexport const qstash = new Client({ token: process.env.QSTASH_TOKEN! });",
    },
    {
      name: 'createConnection from node:net opens a socket, not a database pool',
      filename: '/virtual/src/net.ts',
      code: "import { createConnection } from 'node:net';\nexport const socket = createConnection({ port: 6000 });",
    },
    {
      name: 'neon() is an HTTP driver',
      filename: '/virtual/src/routes/feed.ts',
      code: "import { neon } from '@neondatabase/serverless';\nexport const sql = neon(process.env.DATABASE_URL!);",
    },
    {
      name: 'PlanetScale, @vercel/postgres, libSQL and Supabase hold no pooled connection',
      filename: '/virtual/src/services/clients.ts',
      code: [
        "import { connect } from '@planetscale/database';",
        "import { sql } from '@vercel/postgres';",
        "import { createClient } from '@libsql/client';",
        "import { createClient as createSupabase } from '@supabase/supabase-js';",
        "import { createServerClient } from '@supabase/ssr';",
        'export const ps = connect({ url: process.env.PS_URL });',
        'export const turso = createClient({ url: process.env.TURSO_URL! });',
        "export const supabase = createSupabase('https://x.supabase.co', 'key');",
        'export const server = createServerClient(process.env.URL!, process.env.KEY!, { cookies: {} });',
        'export const rows = sql`select 1`;',
      ].join('\n'),
    },
    {
      name: 'drizzle over a D1 binding',
      filename: '/virtual/src/worker.ts',
      code: "import { drizzle } from 'drizzle-orm/d1';\nexport default { fetch(req: Request, env: { DB: D1Database }) { const db = drizzle(env.DB); return db; } };",
    },
    {
      name: 'drizzle wrapping the shared pool opens nothing new',
      filename: '/virtual/src/routes/orders.ts',
      code: "import { drizzle } from 'drizzle-orm/node-postgres';\nimport { pool } from '../lib/db.js';\nexport const db = drizzle(pool);",
    },
    {
      name: 'TS import() types and JSDoc types are not imports',
      filename: '/virtual/src/types.ts',
      code: "/** @type {import('knex').Knex} */\nexport let db: import('knex').Knex | undefined;\nexport type Pool = import('pg').Pool;",
    },
    {
      name: 'a type-only import is never a callee',
      filename: '/virtual/src/repo.ts',
      code: "import type { PrismaClient } from '@prisma/client';\nexport class Repo { constructor(private readonly db: PrismaClient) {} }",
    },
    {
      name: 'a configured singleton glob',
      filename: '/virtual/packages/db/src/client.ts',
      code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);",
      options: [{ singletonModules: ['packages/db/src/client.ts'] }],
    },
    {
      name: 'the singleton from settings.poolguard',
      filename: '/virtual/packages/db/src/client.ts',
      code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);",
      settings: { poolguard: { singletonModules: ['packages/*/src/client.ts'] } },
    },
  ],
  invalid: [
    {
      name: 'suggests importing the shared instance when a singleton module exists',
      filename: `${withSingleton}/src/routes/users.ts`,
      settings: { poolguard: { root: withSingleton } },
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const list = () => prisma.user.findMany();",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 16, suggestions: [{ messageId: 'importShared', data: { client: 'PrismaClient' }, output: "import { prisma } from '../lib/prisma';\nexport const list = () => prisma.user.findMany();" }] }],
    },
    {
      name: 'no suggestion when the options differ from the shared instance\'s (the codemod leaves it too)',
      filename: `${withSingleton}/src/routes/audit.ts`,
      settings: { poolguard: { root: withSingleton } },
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient({ log: ['query'] });\nexport const list = () => prisma.audit.findMany();",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 16, suggestions: [] }],
    },
    {
      name: 'new PrismaClient() in a route module',
      filename: '/virtual/src/routes/users.ts',
      code: "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const list = () => prisma.user.findMany();",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 16, endColumn: 34, data: { client: 'PrismaClient', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } }],
    },
    {
      name: 'aliased named import',
      filename: '/virtual/src/services/billing.ts',
      code: "import { PrismaClient as PC } from '@prisma/client';\nexport const db = new PC();",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 19, endColumn: 27 }],
    },
    {
      name: 'Prisma edge client and Prisma 7 generated output',
      filename: '/virtual/src/services/edge.ts',
      code: "import { PrismaClient } from '@prisma/client/edge';\nimport { PrismaClient as Gen } from '../generated/prisma/client.js';\nexport const a = new PrismaClient();\nexport const b = new Gen();",
      errors: [
        { messageId: 'clientOutsideSingleton', line: 3, column: 18 },
        { messageId: 'clientOutsideSingleton', line: 4, column: 18 },
      ],
    },
    {
      name: 'a Prisma driver adapter is reported once with its client',
      filename: '/virtual/src/services/adapter.ts',
      code: "import { PrismaClient } from '@prisma/client';\nimport { PrismaPg } from '@prisma/adapter-pg';\nexport const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL }) });",
      errors: [{ messageId: 'clientOutsideSingleton', line: 3, column: 23 }],
    },
    {
      name: 'postgres.js under any local name',
      filename: '/virtual/app/api/users/route.ts',
      code: "import pgConnect from 'postgres';\nconst sql = pgConnect(process.env.DATABASE_URL!);\nexport async function GET() { return Response.json(await sql`select * from users`); }",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 13, data: { client: 'postgres()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } }],
    },
    {
      name: 'pg.Pool through a default import and a namespace import',
      filename: '/virtual/src/services/report.ts',
      code: "import pg from 'pg';\nimport * as pgns from 'pg';\nexport const a = new pg.Pool();\nexport const b = new pgns.Client();",
      errors: [
        { messageId: 'clientOutsideSingleton', line: 3, column: 18, data: { client: 'pg.Pool', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 4, column: 18, data: { client: 'pg.Client', what: 'connection', singleton: 'your singleton module (see the `singletonModules` setting)' } },
      ],
    },
    {
      name: 'require, destructured require and member of require',
      filename: '/virtual/src/legacy/db-users.cjs',
      code: "const { Pool } = require('pg');\nconst Redis = require('ioredis');\nconst knex = require('knex')({ client: 'pg' });\nconst pool = new Pool();\nconst redis = new Redis();\nmodule.exports = { pool, redis, knex };",
      errors: [
        { messageId: 'clientOutsideSingleton', line: 3, column: 14 },
        { messageId: 'clientOutsideSingleton', line: 4, column: 14 },
      ],
    },
    {
      name: 're-bound local of an import',
      filename: '/virtual/src/services/audit.ts',
      code: "import { PrismaClient } from '@prisma/client';\nconst Client = PrismaClient;\nexport const audit = new Client();",
      errors: [{ messageId: 'clientOutsideSingleton', line: 3, column: 22 }],
    },
    {
      name: 'drizzle opening its own pool from a URL',
      filename: '/virtual/src/routes/orders.ts',
      code: "import { drizzle } from 'drizzle-orm/node-postgres';\nexport const db = drizzle(process.env.DATABASE_URL!);",
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 19, data: { client: 'drizzle()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } }],
    },
    {
      name: 'mysql2/promise, Sequelize, TypeORM, Kysely, MongoDB and mongoose (not a single Redis connection)',
      filename: '/virtual/src/services/everything.ts',
      code: [
        "import mysql from 'mysql2/promise';",
        "import { Sequelize } from 'sequelize';",
        "import { DataSource } from 'typeorm';",
        "import { Kysely, PostgresDialect } from 'kysely';",
        "import { Pool } from 'pg';",
        "import { MongoClient } from 'mongodb';",
        "import mongoose from 'mongoose';",
        "import { createClient } from 'redis';",
        'export const a = mysql.createPool({ uri: process.env.MYSQL_URL });',
        'export const b = new Sequelize(process.env.DATABASE_URL!);',
        "export const c = new DataSource({ type: 'postgres' });",
        'export const d = new Kysely({ dialect: new PostgresDialect({ pool: new Pool() }) });',
        'export const e = await MongoClient.connect(process.env.MONGO_URL!);',
        'export const f = await mongoose.connect(process.env.MONGO_URL!);',
        'export const g = createClient({ url: process.env.REDIS_URL });',
      ].join('\n'),
      errors: [
        { messageId: 'clientOutsideSingleton', line: 9, data: { client: 'mysql2.createPool()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 10, data: { client: 'Sequelize', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 11, data: { client: 'DataSource', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 12, column: 40, data: { client: 'PostgresDialect', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 13, data: { client: 'MongoClient.connect()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
        { messageId: 'clientOutsideSingleton', line: 14, data: { client: 'mongoose.connect()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } },
      ],
    },
    {
      name: 'a memoised getter outside the singleton is still a second pool',
      filename: '/virtual/src/services/cache.ts',
      code: "import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  pool ??= new Pool();\n  return pool;\n}",
      errors: [{ messageId: 'clientOutsideSingleton', line: 4, column: 12 }],
    },
    {
      name: 'a user factory declared in settings',
      filename: '/virtual/app/api/orders/route.ts',
      code: "import { createDbConnection } from '@/lib/db/utils';\nconst db = createDbConnection();\nexport async function GET() { return Response.json(await db.select()); }",
      settings: { poolguard: { factories: [{ name: 'createDbConnection', module: '@/lib/db/utils' }] } },
      errors: [{ messageId: 'clientOutsideSingleton', line: 2, column: 12, data: { client: 'createDbConnection()', what: 'connection pool', singleton: 'your singleton module (see the `singletonModules` setting)' } }],
    },
  ],
});
