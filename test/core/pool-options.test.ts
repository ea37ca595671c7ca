// The driver table, effectiveMax() (what `poolguard budget` counts) and the pool-options decision
// (src/core/checks/pool-options.ts), table-tested on plain facts; and the extractor's side of the
// contract (CreateSite.config).
import { describe, expect, it } from 'vitest';
import type { ClientConfig, CreateSite } from '../../src/core/facts.js';
import { createPolicy } from '../../src/core/policy.js';
import { poolOptions, poolProblems, SERVERLESS_MAX } from '../../src/core/checks/pool-options.js';
import { driverFor, effectiveMax } from '../../src/core/pool-options.js';
import { extractFacts } from '../../src/estree/extract/index.js';
import { parseSource } from '../../src/estree/parse.js';

const config = (over: Partial<ClientConfig> = {}): ClientConfig => ({ options: {}, dynamic: [], strings: [], spread: false, ...over });
const site = (client: string, family: string, over: Partial<CreateSite> = {}): CreateSite => ({
  type: 'create', client, family, kind: 'pool', module: family, factory: false, range: [0, 10], once: 'module-scope', fn: undefined,
  requestScopedConfig: false, binding: undefined, config: config(), ...over,
});
const pg = (options: ClientConfig['options'], over: Partial<ClientConfig> = {}) => site('pg.Pool', 'pg', { config: config({ options, ...over }) });
const postgresJs = (options: ClientConfig['options'], over: Partial<ClientConfig> = {}) => site('postgres()', 'postgres', { config: config({ options, ...over }) });
const prisma = (url: string | undefined, options: ClientConfig['options'] = {}) =>
  site('PrismaClient', 'prisma', { config: config({ options, ...(url === undefined ? {} : { url, strings: [url] }) }) });

describe('driverFor', () => {
  it.each([
    ['pg.Pool', 'pg', 'node-postgres Pool', 10],
    ['pg.Client', 'pg', 'node-postgres Client', 1],
    ['postgres()', 'postgres', 'postgres.js', 10],
    ['mysql2.createPool()', 'mysql2', 'mysql2 pool', 10],
    ['mysql2.createConnection()', 'mysql2', 'mysql2 connection', 1],
    ['knex()', 'knex', 'knex', 10],
    ['Sequelize', 'sequelize', 'Sequelize', 5],
    ['MongoClient', 'mongodb', 'MongoDB driver', 100],
    ['PrismaPg', 'prisma', 'node-postgres Pool', 10],
    ['drizzle()', 'drizzle-orm/node-postgres', 'node-postgres Pool', 10],
    ['drizzle()', 'drizzle-orm/postgres-js', 'postgres.js', 10],
  ])('%s (%s) → %s, default max %d', (client, family, label, max) => {
    expect(driverFor(family, client)).toMatchObject({ label, max: { default: max } });
  });

  it('documents every default with its source', () => {
    for (const [family, client] of [['pg', 'pg.Pool'], ['postgres', 'postgres()'], ['mysql2', 'mysql2.createPool()'], ['knex', 'knex()'], ['sequelize', 'Sequelize'], ['mongodb', 'MongoClient'], ['prisma', 'PrismaClient']] as const) {
      expect(driverFor(family, client)?.max.detail, family).toMatch(/https:\/\//);
    }
  });

  it('knows no pool for an unknown family', () => {
    expect(driverFor('factory:./lib/db', 'createDb()')).toBeUndefined();
  });
});

describe('effectiveMax', () => {
  it.each([
    ['an explicit option', pg({ max: 20 }), { max: 20, source: 'option', detail: '`max: 20`' }],
    ['a nested option (knex pool.max)', site('knex()', 'knex', { config: config({ options: { 'pool.max': 7 } }) }), { max: 7, source: 'option', detail: '`pool.max: 7`' }],
    ['mongodb maxPoolSize', site('MongoClient', 'mongodb', { config: config({ options: { maxPoolSize: 15 } }) }), { max: 15, source: 'option' }],
    ['mysql2 connectionLimit', site('mysql2.createPool()', 'mysql2', { config: config({ options: { connectionLimit: 12 } }) }), { max: 12, source: 'option' }],
    ['Prisma connection_limit in a literal URL', prisma('postgresql://u@h/db?connection_limit=5'), { max: 5, source: 'url', detail: '`connection_limit=5` in the URL' }],
    ['the documented default', postgresJs({}), { max: 10, source: 'default', detail: 'postgres.js default max 10, https://github.com/porsager/postgres#connection-details' }],
    ['a max that is not a literal: the default, said so', pg({}, { dynamic: ['max'] }), { max: 10, source: 'default', detail: expect.stringMatching(/^`max` is not a literal; node-postgres Pool default max 10/) }],
    ['Prisma with a URL from the environment', prisma(undefined), { max: 9, source: 'default', detail: expect.stringMatching(/num_physical_cpus × 2 \+ 1 \(9 on 4 CPUs\), https:\/\/www\.prisma\.io\//) }],
  ] as const)('%s', (_name, input, expected) => {
    expect(effectiveMax(input)).toEqual(expect.objectContaining(expected));
  });

  it('is unknown for a factory call, with why', () => {
    expect(effectiveMax(site('createDbConnection()', 'factory:./lib/db/utils', { factory: true, config: undefined }))).toEqual({
      max: undefined,
      source: 'unknown',
      detail: '`createDbConnection()` is a factory: the pool it opens is created (and sized) inside it',
    });
  });

  it('marks a site whose pool is created at another site (a Kysely dialect, Prisma on a driver adapter)', () => {
    expect(effectiveMax(site('PostgresDialect', 'kysely'))).toMatchObject({ max: undefined, source: 'unknown', elsewhere: true });
    expect(effectiveMax(prisma(undefined, {}))).not.toHaveProperty('elsewhere');
    expect(effectiveMax(site('PrismaClient', 'prisma', { config: config({ dynamic: ['adapter'] }) }))).toMatchObject({ max: undefined, elsewhere: true });
  });

  it('is unknown for a family without a documented pool', () => {
    expect(effectiveMax(site('Surreal', 'surrealdb'))).toMatchObject({ max: undefined, source: 'unknown', detail: expect.stringContaining('Surreal') });
  });
});

describe('poolProblems', () => {
  const tunedPg = { max: 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 5_000, keepAlive: true };
  it.each([
    ['pg with defaults on a server: size, connect timeout, keepAlive', pg({}), 'server', [/^no explicit `max` \(default 10\)$/, /^no `connectionTimeoutMillis` \(default none\) waits forever/, /^no `keepAlive: true`/]],
    ['a tuned pg pool', pg(tunedPg), 'server', []],
    ['keepAlive is not asked for on serverless', pg({ ...tunedPg, keepAlive: false, max: 3 }), 'serverless', []],
    ['max: 1 on a server (seed 004)', postgresJs({ max: 1, idle_timeout: 20, connect_timeout: 10 }), 'server', [/^`max: 1` serialises every query/]],
    ['max: 1 is fine on serverless', postgresJs({ max: 1, idle_timeout: 20, connect_timeout: 10 }), 'serverless', []],
    [`max above ${SERVERLESS_MAX} on serverless`, postgresJs({ max: 10, idle_timeout: 20, connect_timeout: 10 }), 'serverless', [/^`max: 10` is per instance/]],
    [`max of ${SERVERLESS_MAX} on serverless`, postgresJs({ max: SERVERLESS_MAX, idle_timeout: 20, connect_timeout: 10 }), 'serverless', []],
    ['postgres.js never drops idle connections by default', postgresJs({ max: 10, connect_timeout: 10 }), 'server', [/^no `idle_timeout` \(default none\) keeps idle connections past the host's 300s idle cut-off; recycle them sooner \(e\.g\. 240s\)$/]],
    ['an idle timeout past the cut-off (seconds)', postgresJs({ max: 10, idle_timeout: 600, connect_timeout: 10 }), 'server', [/^`idle_timeout: 600` keeps idle connections/]],
    ['an idle timeout of 0 means never', postgresJs({ max: 10, idle_timeout: 0, connect_timeout: 10 }), 'server', [/^`idle_timeout: 0` keeps idle connections/]],
    ['an idle timeout past the cut-off (milliseconds)', pg({ ...tunedPg, idleTimeoutMillis: 600_000 }), 'server', [/^`idleTimeoutMillis: 600000` keeps idle connections/]],
    ['pg connectionTimeoutMillis: 0 waits forever', pg({ ...tunedPg, connectionTimeoutMillis: 0 }), 'server', [/^`connectionTimeoutMillis: 0` waits forever/]],
    ['a dynamic value is not guessed at', pg({ max: 10, keepAlive: true }, { dynamic: ['idleTimeoutMillis', 'connectionTimeoutMillis'] }), 'server', []],
    ['mongodb keeps idle connections forever by default', site('MongoClient', 'mongodb', { config: config({ options: { maxPoolSize: 10 } }) }), 'server', [/^no `maxIdleTimeMS` \(default none\)/]],
    ['knex pool.min 0, pool.idleTimeoutMillis and acquireConnectionTimeout', site('knex()', 'knex', { config: config({ options: { 'pool.min': 0, 'pool.max': 10, 'pool.idleTimeoutMillis': 30_000, acquireConnectionTimeout: 10_000 } }) }), 'server', []],
    ['knex keeps pool.min (default 2) idle connections forever', site('knex()', 'knex', { config: config({ options: { 'pool.max': 10, 'pool.idleTimeoutMillis': 30_000, acquireConnectionTimeout: 10_000 } }) }), 'server', [/^no `pool.min` \(default 2\) keeps 2 connections open however long they sit idle \(`pool.idleTimeoutMillis` only closes connections above it\), past the host's 300s idle cut-off; set `pool.min: 0`$/]],
    ['pg min above 0 keeps idle connections', pg({ ...tunedPg, min: 1 }), 'server', [/^`min: 1` keeps 1 connection open however long it sits idle/]],
    ['pg min is fine when maxLifetimeSeconds recycles every connection', pg({ ...tunedPg, min: 2, maxLifetimeSeconds: 240 }), 'server', []],
    ['Sequelize pool.max / idle / acquire', site('Sequelize', 'sequelize', { config: config({ options: { 'pool.max': 5, 'pool.idle': 10_000, 'pool.acquire': 30_000 } }) }), 'server', []],
    ['Sequelize without pool.max', site('Sequelize', 'sequelize', { config: config({ options: {} }) }), 'server', [/^no explicit `pool.max` \(default 5\)$/]],
    ['mysql2 with defaults: idleTimeout never runs', site('mysql2.createPool()', 'mysql2', { config: config({ options: {} }) }), 'server', [/^no explicit `connectionLimit` \(default 10\)$/, /^no `maxIdle` \(default: `connectionLimit`\): mysql2 runs `idleTimeout` only when `maxIdle` is below `connectionLimit`.*set `maxIdle` lower \(e\.g\. 5\)$/]],
    ['mysql2 maxIdle below connectionLimit arms idleTimeout', site('mysql2.createPool()', 'mysql2', { config: config({ options: { connectionLimit: 10, maxIdle: 5 } }) }), 'server', []],
    ['mysql2 maxIdle equal to connectionLimit', site('mysql2.createPool()', 'mysql2', { config: config({ options: { connectionLimit: 8, maxIdle: 8, idleTimeout: 30_000 } }) }), 'server', [/^`maxIdle: 8`: mysql2 runs `idleTimeout` only when/]],
    ['mysql2 with a dynamic maxIdle is not guessed at', site('mysql2.createPool()', 'mysql2', { config: config({ options: { connectionLimit: 10 }, dynamic: ['maxIdle'] }) }), 'server', []],
    ['Prisma MariaDB adapter: mariadb idleTimeout is in seconds (default 1800)', site('PrismaMariaDb', 'prisma', { config: config({ options: { connectionLimit: 5 } }) }), 'server', [/^no `idleTimeout` \(default 1800s\) keeps idle connections/]],
    ['Prisma MariaDB adapter recycling at 240 s', site('PrismaMariaDb', 'prisma', { config: config({ options: { connectionLimit: 5, idleTimeout: 240 } }) }), 'server', []],
    ['Sequelize pool.min above 0', site('Sequelize', 'sequelize', { config: config({ options: { 'pool.max': 5, 'pool.min': 2 } }) }), 'server', [/^`pool.min: 2` keeps 2 connections open/]],
    ['postgres.js: a max_lifetime below the cut-off recycles idle connections too', postgresJs({ max: 10, max_lifetime: 240, connect_timeout: 10 }), 'server', []],
    ['postgres.js: seed 004 (idle_timeout 20, max_lifetime 1800) is fine', postgresJs({ max: 10, idle_timeout: 20, max_lifetime: 1800, connect_timeout: 10 }), 'server', []],
    ['postgres.js: idle_timeout and connect_timeout in a literal URL', postgresJs({ max: 10 }, { strings: ['postgres://u@h/db?idle_timeout=600&connect_timeout=0'] }), 'server', [/^`idle_timeout=600` in the URL keeps idle connections/, /^`connect_timeout=0` in the URL waits forever/]],
    ['mongodb maxIdleTimeMS in a literal URI', site('MongoClient', 'mongodb', { config: config({ options: { maxPoolSize: 10 }, strings: ['mongodb://h/db?maxIdleTimeMS=60000'] }) }), 'server', []],
    ['options passed as a variable are not guessed at', pg({}, { args: ['unknown'] }), 'server', []],
    ['postgres.js: a URL from the environment and no options', postgresJs({}, { args: ['url'] }), 'server', [/^no explicit `max`/, /^no `idle_timeout`/]],
    ['postgres.js: options passed as a variable after the URL', postgresJs({}, { args: ['url', 'unknown'] }), 'server', []],
    ['postgres.js: a lone argument that is neither a URL nor options', postgresJs({}, { args: ['unknown'] }), 'server', []],
    ['MongoClient: the first argument is always the URL', site('MongoClient', 'mongodb', { config: config({ options: {}, args: ['unknown'] }) }), 'server', [/^no explicit `maxPoolSize`/, /^no `maxIdleTimeMS`/]],
    ['Sequelize(database, user, password) has no options', site('Sequelize', 'sequelize', { config: config({ options: {}, args: ['string', 'string', 'unknown'] }) }), 'server', [/^no explicit `pool.max`/]],
    ['Sequelize(database, user, password, options) with options in a variable', site('Sequelize', 'sequelize', { config: config({ options: {}, args: ['string', 'string', 'unknown', 'unknown'] }) }), 'server', []],
    ['knex on SQLite holds no server connections', site('knex()', 'knex', { config: config({ options: { client: 'better-sqlite3' } }) }), 'server', []],
    ['Sequelize on SQLite', site('Sequelize', 'sequelize', { config: config({ options: { dialect: 'sqlite' } }) }), 'server', []],
    ['a mysql2 pool cluster (options per node, in add())', site('mysql2.createPoolCluster()', 'mysql2', { config: config({ options: {} }) }), 'server', []],
    ['a spread may hold anything', pg({}, { spread: true }), 'server', []],
    ['one connection (pg.Client) is no pool', site('pg.Client', 'pg', { kind: 'connection' }), 'server', []],
    ['Prisma with a URL from the environment is skipped', prisma(undefined), 'server', []],
    ['Prisma: a literal URL without connection_limit', prisma('postgresql://u@h:5432/db'), 'server', [/^no `connection_limit` in the URL \(default 9 on 4 CPUs/]],
    ['Prisma: connection_limit=1 on a server', prisma('postgresql://u@h/db?connection_limit=1'), 'server', [/^`connection_limit=1` serialises/]],
    ['Prisma: connection_limit=20 on serverless', prisma('postgresql://u@h/db?connection_limit=20'), 'serverless', [/^`connection_limit=20` is per instance/]],
    ['Prisma: pool_timeout=0 waits forever', prisma('postgresql://u@h/db?connection_limit=5&pool_timeout=0'), 'server', [/^`pool_timeout=0` waits forever/]],
    ['Prisma Accelerate URL: the pool is theirs', prisma('prisma://accelerate.prisma-data.net/?api_key=x'), 'server', []],
  ] as const)('%s', (_name, input, runtime, expected) => {
    const problems = poolProblems(input, runtime, 300);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
  });

  it('measures idle timeouts against the configured cut-off', () => {
    const pool = postgresJs({ max: 10, idle_timeout: 100, connect_timeout: 10 });
    expect(poolProblems(pool, 'server', 300)).toEqual([]);
    expect(poolProblems(pool, 'server', 60)).toEqual(["`idle_timeout: 100` keeps idle connections past the host's 60s idle cut-off; recycle them sooner (e.g. 48s)"]);
  });
});

describe('poolOptions (the rule)', () => {
  const untuned = pg({});
  const context = (runtime: 'server' | 'serverless' | 'edge', settings = {}) => ({
    filename: '/repo/src/lib/db.ts',
    policy: createPolicy(settings, '/repo'),
    environment: { hotReload: undefined, runtime },
  });
  it('reports one finding per site, with every problem and the runtime', () => {
    expect(poolOptions([untuned], context('server'))).toEqual([
      { ruleId: 'pool-options', messageId: 'poolOptions', range: [0, 10], data: { client: 'pg.Pool', runtime: 'server', problems: expect.stringMatching(/^no explicit `max` \(default 10\); no `connectionTimeoutMillis`.*; no `keepAlive: true`/) } },
    ]);
  });
  it('skips the edge, per-call sites (another rule), factory calls and Worker clients', () => {
    expect(poolOptions([untuned], context('edge'))).toEqual([]);
    expect(poolOptions([{ ...untuned, once: undefined }], context('server'))).toEqual([]);
    expect(poolOptions([{ ...untuned, factory: true }], context('server'))).toEqual([]);
    expect(poolOptions([{ ...untuned, requestScopedConfig: true }], context('server'))).toEqual([]);
  });
  it('reads idleCutoffSeconds from the settings', () => {
    const pool = postgresJs({ max: 10, idle_timeout: 100, connect_timeout: 10 });
    expect(poolOptions([pool], context('server'))).toEqual([]);
    expect(poolOptions([pool], context('server', { idleCutoffSeconds: 60 }))[0]?.data.problems).toMatch(/60s idle cut-off/);
  });
});

describe('CreateSite.config (the extractor)', () => {
  const policy = createPolicy({}, '/repo');
  const configOf = (code: string) => {
    const filename = '/repo/src/lib/db.ts';
    const { ast, scopeManager } = parseSource(filename, code);
    const created = extractFacts({ ast, scopeManager, text: code, filename, policy }).sites.find((s) => s.type === 'create');
    return created?.type === 'create' ? created.config : undefined;
  };
  it('flattens literal options with dots and lists the dynamic ones', () => {
    expect(configOf("import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: 7 }, acquireConnectionTimeout: 10_000, debug: false, x: null });")).toEqual({
      options: { client: 'pg', 'pool.min': 0, 'pool.max': 7, acquireConnectionTimeout: 10_000, debug: false, x: null },
      dynamic: ['connection'],
      strings: ['pg'],
      spread: false,
      args: ['object'],
    });
  });
  it.each([
    ['a string argument', "import postgres from 'postgres';\nexport const sql = postgres('postgres://u@h/db', { max: 5 });", 'postgres://u@h/db'],
    ['a template literal without expressions', "import postgres from 'postgres';\nexport const sql = postgres(`postgres://u@h/db`);", 'postgres://u@h/db'],
    ['connectionString', "import { Pool } from 'pg';\nexport const pool = new Pool({ connectionString: 'postgres://u@h/db' });", 'postgres://u@h/db'],
    ['datasourceUrl', "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasourceUrl: 'postgresql://u@h/db?connection_limit=3' });", 'postgresql://u@h/db?connection_limit=3'],
    ['datasources.<name>.url', "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient({ datasources: { db: { url: 'postgresql://u@h/db' } } });", 'postgresql://u@h/db'],
    ['mysql2 uri', "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: 'mysql://u@h/db' });", 'mysql://u@h/db'],
    ['knex connection as a string', "import knex from 'knex';\nexport const db = knex({ client: 'pg', connection: 'postgres://u@h/db' });", 'postgres://u@h/db'],
  ])('url from %s', (_name, code, url) => {
    expect(configOf(code)?.url).toBe(url);
  });
  it.each([
    ['an environment variable', "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);"],
    ['Sequelize database name (no URL scheme)', "import { Sequelize } from 'sequelize';\nexport const db = new Sequelize('app', 'user', 'secret', { dialect: 'postgres' });"],
  ])('no url from %s', (_name, code) => {
    expect(configOf(code)).toBeDefined();
    expect(configOf(code)).not.toHaveProperty('url');
  });
  it('notes spreads', () => {
    expect(configOf("import { Pool } from 'pg';\nexport const pool = new Pool({ ...base, max: 4 });")).toMatchObject({ options: { max: 4 }, spread: true });
  });
  it('reads a spread of a local const object in place, later keys winning', () => {
    expect(configOf("import { Pool } from 'pg';\nconst base = { max: 4, keepAlive: true };\nexport const pool = new Pool({ ...base, max: 8 });")).toMatchObject({ options: { max: 8, keepAlive: true }, spread: false });
  });
  it('evaluates constant arithmetic and local consts, and nothing else', () => {
    const config = configOf("import { Pool } from 'pg';\nconst IDLE = 4 * 60 * 1000;\nlet max = 10;\nexport const pool = new Pool({ idleTimeoutMillis: IDLE, connectionTimeoutMillis: 5 * 1000, max, min: Number(process.env.MIN), keepAlive: !0 });");
    expect(config).toMatchObject({ options: { idleTimeoutMillis: 240_000, connectionTimeoutMillis: 5000, keepAlive: true }, dynamic: ['max', 'min'] });
  });
  it.each([
    ['an options object', "import { Pool } from 'pg';\nexport const pool = new Pool({ max: 1 });", ['object']],
    ['a const bound to an options object', "import { Pool } from 'pg';\nconst poolConfig = { max: 5 } satisfies object;\nexport const pool = new Pool(poolConfig);", ['object']],
    ['options from elsewhere', "import { Pool } from 'pg';\nimport { poolConfig } from './config.js';\nexport const pool = new Pool(poolConfig);", ['unknown']],
    ['a call', "import { Pool } from 'pg';\nexport const pool = new Pool(getConfig());", ['unknown']],
    ['an environment variable', "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);", ['url']],
    ['a name that says URL, then options', "import postgres from 'postgres';\nexport const sql = postgres(connectionString, options);", ['url', 'unknown']],
    ['a SvelteKit env import', "import postgres from 'postgres';\nimport { env } from '$env/dynamic/private';\nexport const sql = postgres(env.DATABASE_URL, { max: 5 });", ['url', 'object']],
    ['a template', "import postgres from 'postgres';\nexport const sql = postgres(`postgres://${user}@${host}/app`);", ['url']],
    ['a literal string', "import postgres from 'postgres';\nexport const sql = postgres('postgres://u@h/db');", ['string']],
    ['a const string', "import postgres from 'postgres';\nconst url = process.env.DATABASE_URL ?? 'postgres://localhost/app';\nexport const sql = postgres(url);", ['url']],
  ])('argument kinds: %s', (_name, code, args) => {
    expect(configOf(code)?.args).toEqual(args);
  });
});
