// require-script-close on packages written to a temp dir: what makes a file a script is read from them.
import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-script-close.js';
import { tempPackage } from '../helpers/temp.js';

const api = tempPackage('poolguard-script-', { name: 'api', scripts: { start: 'node dist/server.js' } });
const nextOnVercel = tempPackage('poolguard-script-', { name: 'chat', scripts: { dev: 'next dev', 'db:seed': 'tsx src/lib/db/seed.ts' }, dependencies: { next: '15.1.0' } }, { 'vercel.json': '{}' });

const ruleTester = new RuleTester();

ruleTester.run('require-script-close', rule, {
  valid: [
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
  ],
});
