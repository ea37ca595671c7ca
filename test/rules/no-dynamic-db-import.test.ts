import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-dynamic-db-import.js';

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
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 28, endColumn: 54, data: { specifier: '../lib/prisma.js' } }],
    },
    {
      name: 'a catalogue package loaded lazily',
      filename: '/virtual/src/routes/report.ts',
      code: "export async function report() {\n  const { default: postgres } = await import('postgres');\n  return postgres;\n}",
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 39, data: { specifier: 'postgres' } }],
    },
    {
      name: 'through the @/ alias, with .then()',
      filename: '/virtual/src/app/api/users/route.ts',
      code: "export function GET() {\n  return import('@/lib/db').then((m) => m.db.query.users.findMany());\n}",
      errors: [{ messageId: 'dynamicDbImport', line: 2, column: 10, data: { specifier: '@/lib/db' } }],
    },
    {
      name: '.cts is CommonJS too, but .mts is not',
      filename: '/virtual/src/jobs/sync.mts',
      code: "const { sql } = await import('./db/index.mjs');\nexport default sql;",
      errors: [{ messageId: 'dynamicDbImport', line: 1, column: 23, data: { specifier: './db/index.mjs' } }],
    },
  ],
});
