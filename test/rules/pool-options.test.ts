import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/pool-options.js';

// A virtual root: no package.json, so the runtime comes from the `runtimes` setting (default: server).
const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });
const serverless = { poolguard: { root: '/virtual', runtimes: { '**': 'serverless' } } };
const edge = { poolguard: { root: '/virtual', runtimes: { 'src/worker/**': 'edge', '**': 'server' } } };

ruleTester.run('pool-options', rule, {
  valid: [
    { name: 'postgres.js sized and recycled before the cut-off', filename: '/virtual/src/lib/db.ts', code: "import postgres from 'postgres';\nexport const sql = postgres(url, { max: 10, idle_timeout: 240, connect_timeout: 10 });" },
    { name: 'pg with every setting', filename: '/virtual/src/lib/db.ts', code: "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 10, idleTimeoutMillis: 30000, connectionTimeoutMillis: 5000, keepAlive: true });" },
    { name: 'mysql2: an explicit limit, and maxIdle below it so the default idleTimeout (60 s) runs', filename: '/virtual/src/lib/db.ts', code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri, connectionLimit: 10, maxIdle: 5 });" },
    { name: 'knex with pool.min 0', filename: '/virtual/src/db/index.ts', code: "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 10 } });" },
    { name: 'knex on SQLite: no server connections', filename: '/virtual/src/db/index.ts', code: "import knex from 'knex';\nexport const db = knex({ client: 'better-sqlite3', connection: { filename: './dev.db' } });" },
    { name: 'Sequelize with its defaults (pool.max given)', filename: '/virtual/src/db.ts', code: "import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!, { pool: { max: 5 } });" },
    { name: 'MongoDB with maxPoolSize and maxIdleTimeMS', filename: '/virtual/src/lib/mongodb.ts', code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGODB_URI!, { maxPoolSize: 10, maxIdleTimeMS: 60_000 });" },
    { name: 'options from another module: not guessed', filename: '/virtual/src/lib/db.ts', code: "import { Pool } from 'pg';\nimport { poolConfig } from './config.js';\nexport const pool = new Pool(poolConfig);" },
    { name: 'postgres.js options in a variable: not guessed', filename: '/virtual/src/lib/db.ts', code: "import postgres from 'postgres';\nimport { options } from './config.js';\nexport const sql = postgres(process.env.DATABASE_URL!, options);" },
    { name: 'a local const with every setting, in constant arithmetic', filename: '/virtual/src/lib/db.ts', code: "import { Pool } from 'pg';\nconst config = { max: 10, idleTimeoutMillis: 4 * 60 * 1000, connectionTimeoutMillis: 5 * 1000, keepAlive: true };\nexport const pool = new Pool(config);" },
    { name: 'postgres.js recycled by max_lifetime below the cut-off', filename: '/virtual/src/lib/db.ts', code: "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!, { max: 10, max_lifetime: 240 });" },
    { name: 'serverless: pg without keepAlive, small', filename: '/virtual/src/lib/db.ts', settings: serverless, code: "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 3, connectionTimeoutMillis: 5000 });" },
    { name: 'serverless: a small pool', filename: '/virtual/src/lib/db.ts', settings: serverless, code: "import postgres from 'postgres';\nexport const sql = postgres(url, { max: 1, idle_timeout: 20 });" },
    { name: 'edge: not checked', filename: '/virtual/src/worker/db.ts', settings: edge, code: "import { Pool } from 'pg';\nexport const pool = new Pool();" },
    { name: 'a spread: not guessed', filename: '/virtual/src/lib/db.ts', code: "import { Pool } from 'pg';\nexport const pool = new Pool({ ...config });" },
    { name: 'values that are not literals count as set', filename: '/virtual/src/lib/db.ts', code: "import postgres from 'postgres';\nexport const sql = postgres(url, { max: env.MAX, idle_timeout: env.IDLE });" },
    { name: 'PrismaClient: configured in its URL', filename: '/virtual/src/lib/prisma.ts', code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();" },
    { name: 'a one-connection client', filename: '/virtual/src/lib/redis.ts', code: "import { Redis } from 'ioredis';\nexport const redis = new Redis(url);" },
    { name: 'per request: another rule', filename: '/virtual/src/routes/a.ts', code: "import { Pool } from 'pg';\nexport async function GET() {\n  const pool = new Pool();\n  return pool;\n}" },
    { name: 'a local Pool class', filename: '/virtual/src/lib/db.ts', code: 'class Pool {}\nexport const pool = new Pool();' },
    { name: 'HTTP drivers hold no pool', filename: '/virtual/src/lib/db.ts', code: "import { neon } from '@neondatabase/serverless';\nimport { sql as vercelSql } from '@vercel/postgres';\nimport { Client } from '@planetscale/database';\nexport const sql = neon(process.env.DATABASE_URL!);\nexport const ps = new Client({ url: process.env.PS_URL });\nexport { vercelSql };" },
    {
      name: 'a Worker builds its client per request from env',
      filename: '/virtual/src/index.ts',
      code: "import postgres from 'postgres';\nexport default {\n  async fetch(request: Request, env: { DATABASE_URL: string }) {\n    const sql = postgres(env.DATABASE_URL);\n    return Response.json(await sql`select 1`);\n  },\n};",
    },
    { name: 'a script: its pool lives for one run', filename: '/virtual/scripts/seed.ts', code: "import postgres from 'postgres';\nconst sql = postgres(url, { max: 1 });\nawait sql.end();" },
    { name: 'a test file', filename: '/virtual/src/lib/db.test.ts', code: "import { Pool } from 'pg';\nconst pool = new Pool();\nit('x', () => pool.query('select 1'));" },
    { name: 'Prisma with a literal URL that sets connection_limit', filename: '/virtual/src/lib/prisma.ts', code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasourceUrl: 'postgresql://app@db:5432/app?connection_limit=10' });" },
  ],
  invalid: [
    {
      name: 'pg defaults on a server: size, connect timeout, keep-alive',
      filename: '/virtual/src/lib/db.ts',
      code: "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: url });",
      errors: [
        {
          messageId: 'poolOptions',
          line: 2,
          column: 21,
          data: {
            client: 'pg.Pool',
            runtime: 'server',
            problems:
              'no explicit `max` (default 10); no `connectionTimeoutMillis` (default none) waits forever for a connection when the database is saturated; set a connect timeout; no `keepAlive: true`: idle sockets are dropped silently by NATs and load balancers',
          },
        },
      ],
    },
    {
      name: 'seed 004: max 1 on a server',
      filename: '/virtual/src/lib/db.ts',
      code: "import postgres from 'postgres';\nexport const sql = postgres(url, { max: 1, idle_timeout: 20 });",
      errors: [{ messageId: 'poolOptions', data: { client: 'postgres()', runtime: 'server', problems: '`max: 1` serialises every query of the server through one connection' } }],
    },
    {
      name: 'serverless: a large pool per instance',
      filename: '/virtual/src/lib/db.ts',
      settings: serverless,
      code: "import postgres from 'postgres';\nexport const sql = postgres(url, { max: 20, idle_timeout: 20 });",
      errors: [{ messageId: 'poolOptions', data: { client: 'postgres()', runtime: 'serverless', problems: '`max: 20` is per instance, and every concurrent instance opens its own pool (keep it at 5 or less)' } }],
    },
    {
      name: 'seed 003: idle connections kept past the cut-off (and a custom cut-off)',
      filename: '/virtual/src/lib/db.ts',
      settings: { poolguard: { root: '/virtual', idleCutoffSeconds: 60 } },
      code: "import knex from 'knex';\nexport const db = knex({ client: 'pg', pool: { max: 10, idleTimeoutMillis: 120000 } });",
      errors: [{ messageId: 'poolOptions', data: { client: 'knex()', runtime: 'server', problems: "`pool.idleTimeoutMillis: 120000` keeps idle connections past the host's 60s idle cut-off; recycle them sooner (e.g. 48s)" } }],
    },
    {
      name: 'Prisma: a literal URL is checked like the options of other drivers',
      filename: '/virtual/src/lib/prisma.ts',
      settings: serverless,
      code: "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://app@db:6543/app?pgbouncer=true&connection_limit=20&pool_timeout=0' } } });",
      errors: [
        {
          messageId: 'poolOptions',
          line: 2,
          column: 23,
          data: {
            client: 'PrismaClient',
            runtime: 'serverless',
            problems: '`connection_limit=20` is per instance, and every concurrent instance opens its own pool (keep it at 5 or less); `pool_timeout=0` waits forever for a connection when the pool is exhausted; keep a timeout (default 10 s)',
          },
        },
      ],
    },
    {
      name: 'a URL parameter sets the size',
      filename: '/virtual/src/lib/db.ts',
      settings: serverless,
      code: "import postgres from 'postgres';\nexport const sql = postgres('postgres://db/app?max=30', { idle_timeout: 20 });",
      errors: [{ messageId: 'poolOptions', data: { client: 'postgres()', runtime: 'serverless', problems: '`max: 30` is per instance, and every concurrent instance opens its own pool (keep it at 5 or less)' } }],
    },
    {
      name: 'knex keeps pool.min (default 2) idle connections open forever',
      filename: '/virtual/src/db/index.ts',
      code: "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { max: 10 } });",
      errors: [
        {
          messageId: 'poolOptions',
          line: 2,
          column: 19,
          data: {
            client: 'knex()',
            runtime: 'server',
            problems: "no `pool.min` (default 2) keeps 2 connections open however long they sit idle (`pool.idleTimeoutMillis` only closes connections above it), past the host's 300s idle cut-off; set `pool.min: 0`",
          },
        },
      ],
    },
    {
      name: 'mysql2: idleTimeout never runs without maxIdle below connectionLimit',
      filename: '/virtual/src/lib/db.ts',
      code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 10, idleTimeout: 30000 });",
      errors: [
        {
          messageId: 'poolOptions',
          line: 2,
          column: 21,
          data: {
            client: 'mysql2.createPool()',
            runtime: 'server',
            problems: "no `maxIdle` (default: `connectionLimit`): mysql2 runs `idleTimeout` only when `maxIdle` is below `connectionLimit`, so idle connections stay open past the host's 300s idle cut-off; set `maxIdle` lower (e.g. 5)",
          },
        },
      ],
    },
    {
      name: 'Sequelize on serverless: a large pool',
      filename: '/virtual/src/db.ts',
      settings: serverless,
      code: "import { Sequelize } from 'sequelize';\nexport const sequelize = new Sequelize(process.env.DATABASE_URL!, { pool: { max: 20, idle: 10000 } });",
      errors: [{ messageId: 'poolOptions', line: 2, column: 26, data: { client: 'Sequelize', runtime: 'serverless', problems: '`pool.max: 20` is per instance, and every concurrent instance opens its own pool (keep it at 5 or less)' } }],
    },
    {
      name: 'a local const is read like an inline object (idle past the cut-off in constant arithmetic)',
      filename: '/virtual/src/lib/db.ts',
      code: "import { Pool } from 'pg';\nconst config = { max: 10, idleTimeoutMillis: 10 * 60 * 1000, connectionTimeoutMillis: 5000, keepAlive: true };\nexport const pool = new Pool(config);",
      errors: [
        {
          messageId: 'poolOptions',
          line: 3,
          column: 21,
          data: { client: 'pg.Pool', runtime: 'server', problems: "`idleTimeoutMillis: 600000` keeps idle connections past the host's 300s idle cut-off; recycle them sooner (e.g. 240s)" },
        },
      ],
    },
    {
      name: 'MongoDB: maxPoolSize 100 per serverless instance, idle connections kept forever',
      filename: '/virtual/src/lib/mongodb.ts',
      settings: serverless,
      code: "import { MongoClient } from 'mongodb';\nexport const client = new MongoClient(process.env.MONGODB_URI!);",
      errors: [
        {
          messageId: 'poolOptions',
          line: 2,
          column: 23,
          data: {
            client: 'MongoClient',
            runtime: 'serverless',
            problems: "no explicit `maxPoolSize` (default 100); no `maxIdleTimeMS` (default none) keeps idle connections past the host's 300s idle cut-off; recycle them sooner (e.g. 240s)",
          },
        },
      ],
    },
  ],
});
