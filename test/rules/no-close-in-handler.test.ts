import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-close-in-handler.js';

// A virtual project root: singletonModules globs are relative to it, and no real files are found.
const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });

ruleTester.run('no-close-in-handler', rule, {
  valid: [
    {
      name: 'closing in a SIGTERM hook',
      filename: '/virtual/src/server.ts',
      code: "import { prisma } from './lib/prisma.js';\nprocess.on('SIGTERM', async () => {\n  await prisma.$disconnect();\n  process.exit(0);\n});",
    },
    {
      name: 'a named shutdown function registered for SIGINT',
      filename: '/virtual/src/server.ts',
      code: "import { sql } from './lib/db.js';\nconst cleanup = async () => {\n  await sql.end({ timeout: 5 });\n};\nprocess.once('SIGINT', cleanup);",
    },
    {
      name: 'NestJS onModuleDestroy',
      filename: '/virtual/src/prisma.service.ts',
      code: "import { Injectable, type OnModuleDestroy } from '@nestjs/common';\nimport { Pool } from 'pg';\nconst pool = new Pool();\n@Injectable()\nexport class Db implements OnModuleDestroy {\n  async onModuleDestroy() {\n    await pool.end();\n  }\n}",
    },
    {
      name: 'afterAll in a test',
      filename: '/virtual/src/users.test.ts',
      code: "import { prisma } from './lib/prisma';\nafterAll(async () => {\n  await prisma.$disconnect();\n});",
    },
    {
      name: 'Fastify onClose hook',
      filename: '/virtual/src/app.ts',
      code: "import { pool } from './db/index.js';\nexport function register(app: any) {\n  app.addHook('onClose', async () => {\n    await pool.end();\n  });\n}",
    },
    {
      name: 'a script closes its client after main()',
      filename: '/virtual/src/tools/report.ts',
      code: "import { prisma } from '../lib/prisma.js';\nasync function main() {\n  console.log(await prisma.user.count());\n}\nmain().finally(() => prisma.$disconnect());",
    },
    {
      name: 'closing a per-request client it created (a Worker)',
      filename: '/virtual/src/index.ts',
      code: "import postgres from 'postgres';\nexport default {\n  async fetch(req: Request, env: Env) {\n    const sql = postgres(env.DATABASE_URL);\n    try { return Response.json(await sql`select 1`); } finally { await sql.end(); }\n  },\n};",
    },
    {
      name: 'res.end() and stream.close() are not database clients',
      filename: '/virtual/src/routes/x.ts',
      code: "import fs from 'node:fs';\nconst log = fs.createWriteStream('x.log');\nexport function handler(req: any, res: any) {\n  log.close();\n  res.end('ok');\n}",
    },
    {
      name: 'a shadowed name',
      filename: '/virtual/src/routes/y.ts',
      code: "import { sql } from '../lib/db.js';\nexport function handler(sql: { end(): void }) {\n  sql.end();\n}",
    },
  ],
  invalid: [
    {
      name: 'sql.end() in a Next.js route',
      filename: '/virtual/src/app/api/users/route.ts',
      code: "import { sql } from '@/lib/db';\nexport async function GET() {\n  const users = await sql`select * from users`;\n  await sql.end();\n  return Response.json(users);\n}",
      errors: [{ messageId: 'closeInHandler', line: 4, column: 9, endColumn: 18, data: { target: 'sql', method: 'end', fn: 'GET' }, suggestions: [{ messageId: 'removeClose', output: "import { sql } from '@/lib/db';\nexport async function GET() {\n  const users = await sql`select * from users`;\n  return Response.json(users);\n}" }] }],
    },
    {
      name: '$disconnect() in finally of an Express handler',
      filename: '/virtual/src/routes/users.ts',
      code: "import { prisma } from '../lib/prisma.js';\nexport async function listUsers(req: any, res: any) {\n  try {\n    res.json(await prisma.user.findMany());\n  } finally {\n    await prisma.$disconnect();\n  }\n}",
      errors: [{ messageId: 'closeInHandler', line: 6, column: 11, data: { target: 'prisma', method: '$disconnect', fn: 'listUsers' }, suggestions: [{ messageId: 'removeClose', output: "import { prisma } from '../lib/prisma.js';\nexport async function listUsers(req: any, res: any) {\n  res.json(await prisma.user.findMany());\n}" }] }],
    },
    {
      name: 'a module-level pool closed in a handler',
      filename: '/virtual/src/routes/orders.ts',
      code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => {\n  const { rows } = await pool.query('select 1');\n  await pool.end();\n  return rows;\n};",
      errors: [{ messageId: 'closeInHandler', line: 5, column: 9, data: { target: 'pool', method: 'end', fn: 'handler' }, suggestions: [{ messageId: 'removeClose', output: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport const handler = async () => {\n  const { rows } = await pool.query('select 1');\n  return rows;\n};" }] }],
    },
    {
      name: 'no suggestion when the result of the close is used (the codemod leaves it too)',
      filename: '/virtual/src/routes/admin.ts',
      code: "import { pool } from '../lib/db';\nexport function resetPool() {\n  return pool.end().then(() => ({ ok: true }));\n}",
      errors: [{ messageId: 'closeInHandler', line: 3, column: 10, suggestions: [] }],
    },
    {
      name: 'drizzle\'s $client of the shared instance',
      filename: '/virtual/src/routes/stats.ts',
      code: "import { db } from '../db/index.js';\nexport async function stats() {\n  const n = await db.select();\n  await db.$client.end();\n  return n;\n}",
      errors: [{ messageId: 'closeInHandler', line: 4, column: 9, data: { target: 'db', method: 'end', fn: 'stats' }, suggestions: [{ messageId: 'removeClose', output: "import { db } from '../db/index.js';\nexport async function stats() {\n  const n = await db.select();\n  return n;\n}" }] }],
    },
  ],
});
