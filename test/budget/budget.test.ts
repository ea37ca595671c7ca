// `poolguard budget`: pool sites × size × processes, per package and in total, against the limit.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { poolMax } from '../../src/budget/max.js';
import { ASSUMED_CPUS, processesOf } from '../../src/budget/processes.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { run } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const DEMO = path.join(FIXTURES, 'projects/demo');
const MONOREPO = path.join(FIXTURES, 'projects/inferred-monorepo');

interface JsonBudget {
  total: number;
  unbounded: number;
  maxConnections: number;
  share: number;
  overBudget: boolean;
  packages: Array<{
    dir: string;
    processes: number;
    processesSource: string;
    perProcess: number;
    total: number;
    unbounded: number;
    sites: Array<{ file: string; line: number; client: string; how: string; pools: number | null; max: number | null; maxSource: string; maxDetail: string }>;
  }>;
}

async function budgetJson(dir: string, ...args: string[]): Promise<{ code: number; json: JsonBudget }> {
  const { code, stdout } = await run(['budget', '--format', 'json', ...args], dir);
  return { code, json: JSON.parse(stdout) as JsonBudget };
}

describe('poolguard budget on the demo', () => {
  it('prints each pool site with its max and where that number came from, and the total against the limit', async () => {
    const { code, json } = await budgetJson(DEMO);
    expect(code).toBe(1);
    const [api, web] = json.packages;
    expect(api!.dir).toBe('apps/api');
    expect(api!.sites).toHaveLength(16); // the singleton + 15 files with their own PrismaClient
    expect(new Set(api!.sites.map((s) => `${s.max} ${s.maxSource}`))).toEqual(new Set(['9 default']));
    expect(api!.sites[0]!.maxDetail).toMatch(/^Prisma default connection_limit = num_physical_cpus × 2 \+ 1 \(9 on 4 CPUs\), https:\/\/www\.prisma\.io\//);
    expect(api).toMatchObject({ processes: 1, perProcess: 144, total: 144, unbounded: 0 });

    expect(web!.dir).toBe('apps/web');
    expect(web!.sites.map((s) => `${s.file}:${s.line} ${s.client} ${s.how} ${s.pools ?? '∞'}×${s.max ?? '-'} ${s.maxSource}`)).toEqual([
      'apps/web/src/app/api/customers/route.ts:3 createDbConnection() factory called at module scope 1×5 option', // max: 5 inside the factory
      'apps/web/src/app/api/invoices/route.ts:4 createDbConnection() per call of GET ∞×5 option',
      'apps/web/src/app/api/orders/route.ts:4 createDbConnection() per call of GET ∞×5 option',
      'apps/web/src/app/api/posts/route.ts:4 getDb() per call of GET ∞×10 default',
      'apps/web/src/app/api/products/route.ts:4 postgres() per call of GET ∞×10 default',
      'apps/web/src/app/api/reports/route.ts:3 createDbConnection() factory called at module scope 1×5 option',
      'apps/web/src/app/api/users/route.ts:4 postgres() module scope 1×10 default',
      'apps/web/src/lib/db.ts:7 postgres() cached on globalThis 1×10 option',
    ]);
    expect(web).toMatchObject({ perProcess: 30, total: 30, unbounded: 4 });
    expect(json).toMatchObject({ total: 174, unbounded: 4, maxConnections: 100, share: 30, overBudget: true });
  });

  it('stylish: a row per site, the subtotal per package, the total, and each driver default once with its source', async () => {
    const { code, stdout } = await run(['budget'], DEMO);
    expect(code).toBe(1);
    expect(stdout).toContain('apps/api (@demo/api): 1 process, one process (no PM2 instances, WEB_CONCURRENCY or cluster workers found)');
    expect(stdout).toMatch(/ {2}apps\/web\/src\/lib\/db\.ts:7:39 +postgres\(\) +cached on globalThis +max 10 from `max: 10`\n/);
    expect(stdout).toContain('  = 144 per process × 1 = 144; one service\'s share is 30  ✖ over\n');
    expect(stdout).toContain('total   the code can open 174 connections, plus a new pool per request or call at 4 sites\n');
    expect(stdout).toContain('limit   max_connections 100; one service may use 30% = 30\n✖ over budget\n');
    expect(stdout.match(/^ {2}\[\d\] /gm)).toHaveLength(2); // Prisma's and postgres.js's defaults
  });

  it('--max-connections replaces the setting; bad values are usage errors', async () => {
    const { json } = await budgetJson(DEMO, '--max-connections', '500');
    expect(json).toMatchObject({ maxConnections: 500, share: 150 });
    expect(await run(['budget', '--max-connections', '0'], DEMO)).toEqual({ code: 2, stdout: '', stderr: 'poolguard: --max-connections must be a positive integer, got "0"\n' });
    expect((await run(['budget', '--format', 'xml'], DEMO)).code).toBe(2);
  });
});

describe('--format github', () => {
  it('an error per unbounded site, a warning per site of a package over its share, and a summary', async () => {
    const { code, stdout } = await run(['budget', '--format', 'github'], DEMO);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(16 + 4); // every bounded site: both packages are over their share
    expect(lines).toContain('::error file=apps/web/src/app/api/products/route.ts,line=4,col=15,title=poolguard budget::postgres() (per call of GET) opens a new pool each time: no upper bound on connections');
    expect(lines.at(-1)).toBe("poolguard budget: the code can open 174 connections plus a pool per request at 4 sites; max_connections 100, one service's share 30: over budget");
  });
});

describe('processes and inferred singletons', () => {
  it('multiplies by the PM2 instances of the package', async () => {
    const { code, json } = await budgetJson(MONOREPO);
    expect(code).toBe(1);
    const byDir = Object.fromEntries(json.packages.map((p) => [p.dir, p]));
    expect(byDir['apps/api']).toMatchObject({ processes: 4, processesSource: 'ecosystem.config.cjs `instances`', perProcess: 20, total: 80 });
    expect(byDir['apps/jobs']).toMatchObject({ processes: 1, perProcess: 2, total: 2 }); // postgres(url, { max: 2 })
    expect(byDir['packages/db']).toMatchObject({ perProcess: 9 });
    expect(byDir['packages/legacy']).toMatchObject({ perProcess: 10 }); // two mysql2 pools, connectionLimit 5 each
    expect(json.total).toBe(101);
  });

  it('is within budget when the code opens one right-sized pool', async () => {
    const dir = tempDir('poolguard-budget-');
    fs.mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "small", "type": "module" }');
    fs.writeFileSync(path.join(dir, 'src/lib/db.ts'), "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 20 });\n");
    fs.writeFileSync(path.join(dir, 'poolguard.config.json'), JSON.stringify({ processes: 2, maxConnections: 200 }));
    const { code, stdout } = await run(['budget'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('. (small): 2 processes, the `processes` setting');
    expect(stdout).toContain('  = 20 per process × 2 = 40; one service\'s share is 60  ✔');
    expect(stdout).toContain('✔ within budget');
  });
});

describe('poolguard budget counts what the SQL server holds', () => {
  it('leaves out Redis and MongoDB clients, and counts a startup step\'s pool once, not as unbounded', async () => {
    const dir = tempDir('poolguard-budget-');
    fs.mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "mixed", "type": "module" }');
    fs.writeFileSync(path.join(dir, 'src/lib/db.ts'), "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 10 });\n");
    fs.writeFileSync(path.join(dir, 'src/lib/redis.ts'), "import { Redis } from 'ioredis';\nexport const redis = new Redis();\n");
    fs.writeFileSync(path.join(dir, 'src/lib/mongo.ts'), "import { MongoClient } from 'mongodb';\nexport const mongo = new MongoClient(process.env.MONGO_URL!);\n");
    fs.writeFileSync(path.join(dir, 'src/setup.ts'), "import { Pool } from 'pg';\nimport { runMigrations } from './migrations.js';\nexport async function migrateOnBoot() {\n  const pool = new Pool({ max: 2 });\n  await runMigrations(pool);\n}\n");
    const { json } = await budgetJson(dir);
    const sites = json.packages.flatMap((p) => p.sites.map((s) => `${s.file} ${s.client} ${s.pools}`));
    expect(sites.sort()).toEqual(['src/lib/db.ts pg.Pool 1', 'src/setup.ts pg.Pool 1']);
    expect(json.unbounded).toBe(0);
    expect(json.total).toBe(12);
  });
});

describe('processesOf', () => {
  const files = (entries: Record<string, string>) => (file: string) => entries[file];
  it('reads, in order: the setting, PM2 instances, WEB_CONCURRENCY, cluster workers, else one', () => {
    expect(processesOf(['/p'], [], 3, files({}))).toEqual({ count: 3, source: 'the `processes` setting' });
    expect(processesOf(['/p'], [], undefined, files({ '/p/ecosystem.config.js': "module.exports = { apps: [{ instances: 2 }, { instances: 'max' }] }" })).count).toBe(2 + ASSUMED_CPUS);
    expect(processesOf(['/p', '/'], [], undefined, files({ '/Procfile': 'web: WEB_CONCURRENCY=3 node server.js' }))).toEqual({ count: 3, source: 'WEB_CONCURRENCY=3 in Procfile' });
    expect(processesOf(['/p'], ['/p/server.ts'], undefined, files({ '/p/server.ts': "import cluster from 'node:cluster';\nif (cluster.isPrimary) for (let i = 0; i < 8; i++) cluster.fork();" })).count).toBe(ASSUMED_CPUS);
    expect(processesOf(['/p'], ['/p/server.ts'], undefined, files({ '/p/server.ts': 'const cluster = makeCluster(); cluster.fork();' })).count).toBe(1); // not node:cluster
  });
});

describe('poolMax', () => {
  const call = (code: string): TSESTree.CallExpression | TSESTree.NewExpression => {
    const statement = parse(code, { range: true }).body[0] as TSESTree.ExpressionStatement;
    return statement.expression as TSESTree.CallExpression | TSESTree.NewExpression;
  };
  it('prefers an explicit option, then a literal URL parameter, then the documented default', () => {
    expect(poolMax(call('new Pool({ max: 25 })'), 'pg', 'pg.Pool')).toMatchObject({ max: 25, source: 'option' });
    expect(poolMax(call("postgres('postgres://db/app', { max: 4 })"), 'postgres', 'postgres()')).toMatchObject({ max: 4, source: 'option' });
    expect(poolMax(call("new PrismaClient({ datasourceUrl: 'postgresql://u@h:6543/db?pgbouncer=true&connection_limit=3' })"), 'prisma', 'PrismaClient')).toMatchObject({ max: 3, source: 'url', detail: '`connection_limit=3` in the URL' });
    expect(poolMax(call("knex({ client: 'pg', pool: { min: 0, max: 7 } })"), 'knex', 'knex()')).toMatchObject({ max: 7, source: 'option' });
    expect(poolMax(call("new Sequelize('postgres://db', { pool: { max: 3 } })"), 'sequelize', 'Sequelize')).toMatchObject({ max: 3 });
    expect(poolMax(call('mysql.createPool({ connectionLimit: 12 })'), 'mysql2', 'mysql2.createPool()')).toMatchObject({ max: 12 });
    expect(poolMax(call('new MongoClient(url)'), 'mongodb', 'MongoClient')).toMatchObject({ max: 100, source: 'default' });
    expect(poolMax(call('new Pool({ max: Number(process.env.POOL_MAX) })'), 'pg', 'pg.Pool')).toMatchObject({ max: 10, source: 'default', detail: expect.stringMatching(/^`max` is not a literal; node-postgres Pool default max 10/) });
    expect(poolMax(call('new Client()'), 'pg', 'pg.Client')).toMatchObject({ max: 1 });
  });

  it('counts a pool once: not again where a Kysely dialect or a Prisma adapter holds it', () => {
    expect(poolMax(call('new PostgresDialect({ pool })'), 'kysely', 'PostgresDialect')).toBeUndefined();
    expect(poolMax(call('new PrismaClient({ adapter })'), 'prisma', 'PrismaClient')).toBeUndefined();
    expect(poolMax(call('new PrismaPg({ connectionString, max: 6 })'), 'prisma', 'PrismaPg')).toMatchObject({ max: 6 });
  });
});
