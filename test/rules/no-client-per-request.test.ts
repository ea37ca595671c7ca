import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-client-per-request.js';
import { tempPackage } from '../helpers/temp.js';

// A real project for the suggestion: the codemod imports the shared instance from a module on disk.
const withSingleton = tempPackage('poolguard-per-request-', { name: 'api', dependencies: { postgres: '^3' } }, {
  'src/db/index.ts': "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);\n",
});

// A virtual project root: singletonModules globs are relative to it, and no real files are found.
const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });

ruleTester.run('no-client-per-request', rule, {
  valid: [
    {
      name: 'a test-containers helper (imports the test runner): its clients are the tests\'',
      filename: '/virtual/packages/testing/src/pg.ts',
      code: "import { PostgreSqlContainer } from '@testcontainers/postgresql';\nimport { Pool } from 'pg';\nexport async function startPostgres() {\n  const container = await new PostgreSqlContainer('postgres:16').start();\n  return new Pool({ connectionString: container.getConnectionUri() });\n}",
    },
    {
      name: 'a function named like a found factory, but from another module',
      filename: '/virtual/app/api/orders/route.ts',
      code: "import { getDb } from '../../../lib/cache';\nexport async function GET() {\n  const db = getDb();\n  return Response.json(await db.get('x'));\n}",
      settings: { poolguard: { root: '/virtual', factories: [{ name: 'getDb', module: 'lib/db.ts', file: true }] } },
    },
    {
      name: 'module-level cache with ??=',
      filename: '/virtual/src/lib/db.ts',
      code: "import postgres from 'postgres';\nlet sql: postgres.Sql | undefined;\nexport function getDb() {\n  sql ??= postgres(process.env.DATABASE_URL!);\n  return sql;\n}",
    },
    {
      name: 'module-level cache with if (!x) x = …',
      filename: '/virtual/src/lib/db.ts',
      code: "import { Pool } from 'pg';\nlet pool: Pool | null = null;\nexport function getPool() {\n  if (!pool) {\n    pool = new Pool({ max: 10 });\n  }\n  return pool;\n}",
    },
    {
      name: 'module-level cache with an early return',
      filename: '/virtual/src/lib/db.ts',
      code: "import { Pool } from 'pg';\nlet pool: Pool | undefined;\nexport function getPool() {\n  if (pool) return pool;\n  pool = new Pool();\n  return pool;\n}",
    },
    {
      name: 'x ?? (x = …)',
      filename: '/virtual/src/lib/db.ts',
      code: "import { PrismaClient } from '@prisma/client';\nlet client: PrismaClient | undefined;\nexport const getClient = () => client ?? (client = new PrismaClient());",
    },
    {
      name: 'globalThis cache, the Next.js pattern',
      filename: '/virtual/src/lib/prisma.ts',
      code: "import { PrismaClient } from '@prisma/client';\nconst globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };\nfunction createPrismaClient() {\n  return new PrismaClient({ log: ['error'] });\n}\nexport const prisma = globalForPrisma.prisma ?? createPrismaClient();\nif (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;",
    },
    {
      name: 'global property cache inside a getter (the MongoDB pattern)',
      filename: '/virtual/src/lib/mongodb.ts',
      code: "import { MongoClient } from 'mongodb';\nlet client: MongoClient;\nexport function getClientPromise() {\n  if (!global._mongoClientPromise) {\n    client = new MongoClient(process.env.MONGODB_URI!);\n    global._mongoClientPromise = client.connect();\n  }\n  return global._mongoClientPromise;\n}",
    },
    {
      name: 'a keyed cache in a module-level Map',
      filename: '/virtual/src/lib/db.ts',
      code: "import { Pool } from 'pg';\nconst pools = new Map<string, Pool>();\nexport function poolFor(tenant: string) {\n  if (!pools.has(tenant)) pools.set(tenant, new Pool({ database: tenant }));\n  return pools.get(tenant)!;\n}",
    },
    {
      name: 'a local function called once at module scope and not exported',
      filename: '/virtual/src/lib/db.ts',
      code: "import postgres from 'postgres';\nfunction connect() {\n  return postgres(process.env.DATABASE_URL!, { max: 10 });\n}\nexport const sql = connect();",
    },
    {
      name: 'an IIFE at module scope',
      filename: '/virtual/src/lib/redis.ts',
      code: "import { createClient } from 'redis';\nexport const redis = await (async () => {\n  const client = createClient();\n  await client.connect();\n  return client;\n})();",
    },
    {
      name: 'a Cloudflare Worker builds its client from the request env by design',
      filename: '/virtual/src/index.ts',
      code: "import postgres from 'postgres';\nexport default {\n  async fetch(request: Request, env: Env, ctx: ExecutionContext) {\n    const sql = postgres(env.HYPERDRIVE.connectionString);\n    ctx.waitUntil(sql.end());\n    return Response.json(await sql`select 1`);\n  },\n};",
    },
    {
      name: 'Hono on Workers: c.env per request',
      filename: '/virtual/src/app.ts',
      code: "import { Hono } from 'hono';\nimport { drizzle } from 'drizzle-orm/postgres-js';\nimport postgres from 'postgres';\nconst app = new Hono<{ Bindings: Env }>();\napp.get('/users', async (c) => {\n  const db = drizzle(postgres(c.env.DATABASE_URL));\n  return c.json(await db.select());\n});\nexport default app;",
    },
    {
      name: 'a NestJS provider factory runs once',
      filename: '/virtual/src/database/database.module.ts',
      code: "import { Module } from '@nestjs/common';\nimport { Pool } from 'pg';\n@Module({ providers: [{ provide: 'PG', useFactory: () => new Pool() }], exports: ['PG'] })\nexport class DatabaseModule {}",
    },
    {
      name: 'an @Injectable() service is a singleton',
      filename: '/virtual/src/database/pg.service.ts',
      code: "import { Injectable } from '@nestjs/common';\nimport { Pool } from 'pg';\n@Injectable()\nexport class PgService {\n  private readonly pool: Pool;\n  constructor() {\n    this.pool = new Pool();\n  }\n}",
    },
    {
      name: 'HTTP drivers in a handler',
      filename: '/virtual/app/api/users/route.ts',
      code: "import { neon } from '@neondatabase/serverless';\nexport async function GET() {\n  const sql = neon(process.env.DATABASE_URL!);\n  return Response.json(await sql`select 1`);\n}",
    },
    {
      name: 'a local function named like a client',
      filename: '/virtual/src/routes/x.ts',
      code: 'function postgres(url: string) { return { url }; }\nexport function handler() { return postgres("x"); }',
    },
    // A factory's definition is not an offender: how often it runs is its callers' choice, and the
    // project model reports the calls that run per request (test/project, the seed-004 project).
    {
      name: 'a factory built from its parameters: its callers decide',
      filename: '/virtual/src/lib/connect.ts',
      code: "import { Pool } from 'pg';\nexport function connect(url: string) {\n  return new Pool({ connectionString: url });\n}",
    },
    {
      name: 'a getDb() in the shared module: its calls decide, not its definition',
      filename: '/virtual/src/lib/db.ts',
      code: "import { drizzle } from 'drizzle-orm/postgres-js';\nimport postgres from 'postgres';\nexport function getDb() {\n  return drizzle(postgres(process.env.DATABASE_URL!));\n}",
    },
    {
      name: 'an exported factory with no caller in its file',
      filename: '/virtual/src/lib/db/utils.ts',
      code: "import { Pool } from 'pg';\nexport function createDbConnection() {\n  return new Pool({ connectionString: process.env.DATABASE_URL });\n}",
    },
    {
      name: 'a class built once at module scope: its constructor runs once',
      filename: '/virtual/app/presenters/presence.server.ts',
      code: "import Redis from 'ioredis';\nclass DevPresence {\n  private redis: Redis;\n  constructor(url: string) {\n    this.redis = new Redis(url);\n  }\n  ping() { return this.redis.ping(); }\n}\nexport const presence = new DevPresence(process.env.REDIS_URL!);",
    },
    {
      name: 'a class field, with the class built elsewhere: the builder decides',
      filename: '/virtual/src/repositories/user.repository.ts',
      code: "import { PrismaClient } from '@prisma/client';\nexport class UserRepository {\n  private prisma = new PrismaClient();\n  find(id: string) { return this.prisma.user.findUnique({ where: { id } }); }\n}",
    },
    {
      name: 'a provider getter that hands its client to the service that calls it once',
      filename: '/virtual/libs/cache/providers/redis-provider.ts',
      code: "import Redis from 'ioredis';\nexport const getRedisInstance = (): Redis => {\n  const client = new Redis(process.env.REDIS_URL!, { lazyConnect: true });\n  client.on('error', () => undefined);\n  return client;\n};",
    },
    {
      name: 'a startup function that builds the session store, called from bootstrap elsewhere',
      filename: '/virtual/packages/core/src/bootstrap/redis-store.ts',
      code: "import { createClient } from 'redis';\nimport RedisStore from 'connect-redis';\nexport async function createRedisStore(url: string) {\n  const client = createClient({ url });\n  await client.connect();\n  return new RedisStore({ client });\n}",
    },
    {
      name: 'a pool builder called twice at module scope (primary and replica)',
      filename: '/virtual/server/storage/database.ts',
      code: "import { Sequelize } from 'sequelize';\nfunction createInstance(url: string) {\n  return new Sequelize(url, { pool: { max: 5 } });\n}\nexport const sequelize = createInstance(process.env.DATABASE_URL!);\nexport const replica = createInstance(process.env.DATABASE_REPLICA_URL!);",
    },
  ],
  invalid: [
    {
      name: 'suggests the shared instance, and drops the handler\'s close of its own client',
      filename: `${withSingleton}/src/routes/users.ts`,
      settings: { poolguard: { root: withSingleton } },
      code: "import postgres from 'postgres';\nexport async function GET() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  const rows = await sql`select 1`;\n  await sql.end();\n  return Response.json(rows);\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 15, suggestions: [{ messageId: 'useShared', output: "import { sql } from '../db';\nexport async function GET() {\n  const rows = await sql`select 1`;\n  return Response.json(rows);\n}" }] }],
    },
    {
      name: 'an unguarded reassignment of a module variable is not a cache (called from a handler)',
      filename: '/virtual/src/routes/db.ts',
      code: "import { Pool } from 'pg';\nlet pool: Pool;\nexport function getPool() {\n  pool = new Pool();\n  return pool;\n}\nexport async function GET() {\n  return Response.json((await getPool().query('select 1')).rows);\n}",
      errors: [{ messageId: 'clientPerRequest', line: 4, column: 10, data: { client: 'pg.Pool', kind: 'pool', fn: 'getPool' } }],
    },
    {
      name: 'a class field, with the class built in a handler: a pool per request',
      filename: '/virtual/src/repositories/user.repository.ts',
      code: "import { PrismaClient } from '@prisma/client';\nexport class UserRepository {\n  private prisma = new PrismaClient();\n  find(id: string) { return this.prisma.user.findUnique({ where: { id } }); }\n}\nexport async function GET(request: Request) {\n  return Response.json(await new UserRepository().find(new URL(request.url).searchParams.get('id')!));\n}",
      errors: [{ messageId: 'clientPerInstance', line: 3, column: 20, data: { client: 'PrismaClient', kind: 'pool' } }],
    },
    {
      name: 'a constructor, with the class built per request through a helper',
      filename: '/virtual/src/services/orders.ts',
      code: "import { Pool } from 'pg';\nclass Orders {\n  pool: Pool;\n  constructor() {\n    this.pool = new Pool();\n  }\n}\nfunction orders() {\n  return new Orders();\n}\nexport const list = async (req: unknown, res: { json(v: unknown): void }) => {\n  res.json(await orders().pool.query('select 1'));\n};",
      errors: [{ messageId: 'clientPerInstance', line: 5, column: 17, data: { client: 'pg.Pool', kind: 'pool' } }],
    },
    {
      name: "a server action ('use server' file) runs per invocation",
      filename: '/virtual/app/lib/actions.ts',
      code: "'use server';\nimport postgres from 'postgres';\nexport async function createInvoice(form: FormData) {\n  const sql = postgres(process.env.POSTGRES_URL!);\n  await sql`insert into invoices (amount) values (${Number(form.get('amount'))})`;\n}",
      errors: [{ messageId: 'clientPerRequest', line: 4, column: 15, data: { client: 'postgres()', kind: 'pool', fn: 'createInvoice' } }],
    },
    {
      name: 'a helper handed the request runs per request',
      filename: '/virtual/src/lib/session.ts',
      code: "import { Pool } from 'pg';\nexport async function loadSession(request: NextRequest) {\n  const pool = new Pool();\n  return pool.query('select * from sessions where id = $1', [request.headers.get('x-session')]);\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 16, data: { client: 'pg.Pool', kind: 'pool', fn: 'loadSession' } }],
    },
    {
      name: 'a method called on this from a route callback',
      filename: '/virtual/src/controllers/report.ts',
      code: "import knex from 'knex';\nexport class ReportController {\n  register(router: { get(path: string, fn: () => unknown): void }) {\n    router.get('/report', () => this.report());\n  }\n  report() {\n    const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n    return db.select('*').from('reports').then((rows) => ({ rows, db }));\n  }\n}",
      errors: [{ messageId: 'clientPerRequest', line: 7, column: 16, data: { client: 'knex()', kind: 'pool', fn: 'report' } }],
    },
    {
      name: 'a setInterval tick opens a pool each time',
      filename: '/virtual/src/jobs/poll.ts',
      code: "import { Pool } from 'pg';\nsetInterval(async () => {\n  const pool = new Pool();\n  await pool.query('select 1');\n}, 60_000);",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 16 }],
    },
    {
      name: 'a local client used in place and never closed leaks on every call, whoever calls it',
      filename: '/virtual/src/services/stats.ts',
      code: "import { Pool } from 'pg';\nexport async function countUsers() {\n  const pool = new Pool();\n  const { rows } = await pool.query('select count(*) from users');\n  return rows[0];\n}",
      errors: [{ messageId: 'clientLeaked', line: 3, column: 16, data: { client: 'pg.Pool', kind: 'pool', fn: 'countUsers' } }],
    },
    {
      name: 'sequelize-typescript built per request',
      filename: '/virtual/src/routes/users.ts',
      code: "import { Sequelize } from 'sequelize-typescript';\nexport async function GET() {\n  const sequelize = new Sequelize(process.env.DATABASE_URL!);\n  return Response.json(await sequelize.query('select 1'));\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 21, endColumn: 61, data: { client: 'Sequelize', kind: 'pool', fn: 'GET' } }],
    },
    {
      name: 'MikroORM.init() per request',
      filename: '/virtual/src/routes/users.ts',
      code: "import { MikroORM } from '@mikro-orm/postgresql';\nexport async function GET() {\n  const orm = await MikroORM.init({ clientUrl: process.env.DATABASE_URL });\n  return Response.json(await orm.em.fork().find('User', {}));\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 21, endColumn: 75, data: { client: 'MikroORM.init()', kind: 'pool', fn: 'GET' } }],
    },
    {
      name: 'a client re-bound through optional lookups on the default and namespace imports',
      filename: '/virtual/src/routes/users.ts',
      code: "import Prisma, * as PrismaScope from '@prisma/client';\nconst PrismaClient = Prisma?.PrismaClient || PrismaScope?.PrismaClient;\nexport async function GET() {\n  const prisma = new PrismaClient();\n  return Response.json(await prisma.user.findMany());\n}",
      errors: [{ messageId: 'clientPerRequest', line: 4, column: 18, endColumn: 36, data: { client: 'PrismaClient', kind: 'pool', fn: 'GET' } }],
    },
    {
      name: 'a subclass of PrismaClient built per request, outside dependency injection',
      filename: '/virtual/src/routes/users.ts',
      code: "import { PrismaClient } from '@prisma/client';\nclass PrismaService extends PrismaClient {}\nexport async function GET() {\n  const prisma = new PrismaService();\n  return Response.json(await prisma.user.findMany());\n}",
      errors: [{ messageId: 'clientPerRequest', line: 4, column: 18, endColumn: 37, data: { client: 'PrismaClient', kind: 'pool', fn: 'GET' } }],
    },
    {
      name: 'knex(config) built and used in one expression, in a method that runs per call',
      filename: '/virtual/src/services/reports.ts',
      code: "import knex from 'knex';\nexport class Reports {\n  constructor(private readonly config: object) {}\n  async totals() {\n    return knex(this.config).raw('select count(*) from orders');\n  }\n}",
      errors: [{ messageId: 'clientLeaked', line: 5, column: 12, endColumn: 29, data: { client: 'knex()', kind: 'pool', fn: 'totals' } }],
    },
    {
      name: 'postgres() inside a Next.js route handler',
      filename: '/virtual/app/api/users/route.ts',
      code: "import postgres from 'postgres';\nexport async function GET() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  return Response.json(await sql`select * from users`);\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 15, endColumn: 50, data: { client: 'postgres()', kind: 'pool', fn: 'GET' } }],
    },
    {
      name: 'Express middleware',
      filename: '/virtual/src/middleware/auth.ts',
      code: "import { PrismaClient } from '@prisma/client';\nimport type { RequestHandler } from 'express';\nexport const auth: RequestHandler = async (req, res, next) => {\n  const prisma = new PrismaClient();\n  req.user = await prisma.user.findFirst();\n  next();\n};",
      errors: [{ messageId: 'clientPerRequest', line: 4, column: 18, data: { client: 'PrismaClient', kind: 'pool', fn: 'auth' } }],
    },
    {
      name: 'a local function called from a handler is per call',
      filename: '/virtual/src/routes/report.ts',
      code: "import mysql from 'mysql2/promise';\nfunction connect() {\n  return mysql.createConnection(process.env.MYSQL_URL!);\n}\nexport async function handler() {\n  const conn = await connect();\n  return conn.query('select 1');\n}",
      errors: [{ messageId: 'clientPerRequest', line: 3, column: 10, data: { client: 'mysql2.createConnection()', kind: 'connection', fn: 'connect' } }],
    },
    {
      name: 'a Fastify route handler',
      filename: '/virtual/src/routes/items.ts',
      code: "import type { FastifyInstance } from 'fastify';\nimport Redis from 'ioredis';\nexport default async function routes(app: FastifyInstance) {\n  app.get('/items', async () => {\n    const redis = new Redis(process.env.REDIS_URL!);\n    return redis.get('items');\n  });\n}",
      errors: [{ messageId: 'clientPerRequest', line: 5, column: 19, data: { client: 'ioredis Redis', kind: 'connection', fn: "app.get('/items') callback" } }],
    },
    {
      name: 'a factory imported from a configured module, called in a handler',
      filename: '/virtual/app/api/orders/route.ts',
      code: "import { createDbConnection as connect } from '../../../lib/db/utils';\nexport async function POST() {\n  const db = connect();\n  return Response.json(await db.query('select 1'));\n}",
      settings: { poolguard: { factories: [{ name: 'createDbConnection', module: '@/lib/db/utils' }] } },
      errors: [{ messageId: 'factoryPerRequest', line: 3, column: 14, data: { client: 'createDbConnection()', kind: 'pool', fn: 'POST' } }],
    },
    {
      // What the project model passes for a factory it found: the file, resolved through relative
      // paths and tsconfig `paths`, not a specifier string.
      name: 'a factory the project model found (by file), called in a handler',
      filename: '/virtual/app/api/orders/route.ts',
      code: "import { getDb } from '../../../lib/db';\nexport async function GET() {\n  const db = getDb();\n  return Response.json(await db`select 1`);\n}",
      settings: { poolguard: { root: '/virtual', factories: [{ name: 'getDb', module: 'lib/db.ts', file: true }] } },
      errors: [{ messageId: 'factoryPerRequest', line: 3, column: 14, data: { client: 'getDb()', kind: 'pool', fn: 'GET' } }],
    },
  ],
});
