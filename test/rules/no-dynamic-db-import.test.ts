import { RuleTester } from '@typescript-eslint/rule-tester';
import fs from 'node:fs';
import path from 'node:path';
import rule from '../../rules/no-dynamic-db-import.js';
import { tempDir } from '../helpers/temp.js';

const nextApp = tempDir('poolguard-dyn-');
fs.writeFileSync(path.join(nextApp, 'package.json'), JSON.stringify({ name: 'web', scripts: { dev: 'next dev' }, dependencies: { next: '15.1.0' } }));

// A virtual project root: singletonModules globs are relative to it, and no real files are found.
const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });

ruleTester.run('no-dynamic-db-import', rule, {
  valid: [
    {
      name: 'a static import of the singleton',
      filename: '/virtual/src/middleware/auth.ts',
      code: "import { prisma } from '../lib/prisma.js';\nexport const auth = async () => prisma.user.count();",
    },
    {
      name: 'a dynamic import of an unrelated module',
      filename: '/virtual/src/routes/pdf.ts',
      code: "export async function render() {\n  const { default: pdf } = await import('pdfkit');\n  return new pdf();\n}",
    },
    {
      name: 'CommonJS files can only load ESM with import()',
      filename: '/virtual/src/legacy/auth.cjs',
      code: "module.exports = async function auth(req, res, next) {\n  const { prisma } = await import('../lib/prisma.js');\n  req.user = await prisma.user.findFirst();\n  next();\n};",
    },
    {
      name: 'the Next.js instrumentation hook guards by runtime',
      filename: '/virtual/src/instrumentation.ts',
      code: "export async function register() {\n  if (process.env.NEXT_RUNTIME === 'nodejs') {\n    await import('./lib/db');\n  }\n}",
    },
    {
      name: 'a TypeScript import() type',
      filename: '/virtual/src/types.ts',
      code: "export type Db = typeof import('./lib/db.js');\nexport type Sql = import('postgres').Sql;",
    },
    {
      name: 'a driver package loaded lazily: whichever optional driver is installed',
      filename: '/virtual/src/routes/report.ts',
      code: "export async function report() {\n  const { default: postgres } = await import('postgres');\n  return postgres;\n}",
    },
    {
      name: 'the singleton loaded in a SIGTERM handler',
      filename: '/virtual/src/server.ts',
      code: "process.once('SIGTERM', async () => {\n  const { prisma } = await import('./lib/prisma.js');\n  await prisma.$disconnect();\n});",
    },
    {
      name: 'the singleton loaded in a shutdown function',
      filename: '/virtual/src/server.ts',
      code: "export async function shutdown() {\n  const { sql } = await import('./db/index.js');\n  await sql.end();\n}",
    },
    {
      name: 'top-level await: loaded once at startup',
      filename: '/virtual/src/jobs/sync.mts',
      code: "const { sql } = await import('./db/index.mjs');\nexport default sql;",
    },
    {
      name: 'a Next.js server action: the bundler shares the one module instance',
      filename: `${nextApp}/app/actions.ts`,
      settings: { poolguard: { root: nextApp } },
      code: "'use server';\nexport async function rename(id: string, name: string) {\n  const { db } = await import('@/lib/db');\n  await db.team.update({ where: { id }, data: { name } });\n}",
    },
    {
      name: 'a computed specifier is not resolved',
      filename: '/virtual/src/plugins.ts',
      code: 'export const load = (name: string) => import(`./plugins/${name}.js`);',
    },
  ],
  invalid: [
    {
      name: 'seed 000: await import of the singleton in middleware',
      filename: '/virtual/src/middleware/auth.ts',
      code: "export async function auth(req: any, _res: unknown, next: () => void) {\n  const { prisma } = await import('../lib/prisma.js');\n  req.user = await prisma.user.findFirst();\n  next();\n}",
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 28, endColumn: 54, data: { specifier: '../lib/prisma.js' }, suggestions: [{ messageId: 'importStatically', output: "import { prisma } from '../lib/prisma.js';\n\nexport async function auth(req: any, _res: unknown, next: () => void) {\n  req.user = await prisma.user.findFirst();\n  next();\n}" }] }],
    },
    {
      name: 'through the @/ alias, with .then()',
      filename: '/virtual/src/app/api/users/route.ts',
      code: "export function GET() {\n  return import('@/lib/db').then((m) => m.db.query.users.findMany());\n}",
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 10, data: { specifier: '@/lib/db' }, suggestions: [{ messageId: 'importStatically', output: "import * as dbModule from '@/lib/db';\n\nexport function GET() {\n  return Promise.resolve(dbModule).then((m) => m.db.query.users.findMany());\n}" }] }],
    },
    {
      name: '.cts is CommonJS too, but .mts is not',
      filename: '/virtual/src/jobs/sync.mts',
      code: "export async function sync() {\n  const { sql } = await import('./db/index.mjs');\n  return sql`select 1`;\n}",
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 25, data: { specifier: './db/index.mjs' }, suggestions: [{ messageId: 'importStatically', output: "import { sql } from './db/index.mjs';\n\nexport async function sync() {\n  return sql`select 1`;\n}" }] }],
    },
  ],
});
