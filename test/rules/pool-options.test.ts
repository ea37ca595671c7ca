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
    { name: 'mysql2 defaults are within the cut-off; an explicit limit', filename: '/virtual/src/lib/db.ts', code: "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri, connectionLimit: 10 });" },
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
  ],
});
