// Pool settings per driver: option names, units and documented defaults (with sources), used by
// `poolguard budget` (the pool size) and by the `pool-options` rule (does the pool fit its runtime:
// an explicit size, idle connections recycled before the host drops them, a connect timeout,
// keep-alive). Pure data and decisions; src/estree/options.ts reads the options from the code.
import type { ClassifyContext } from './classify.js';
import type { ClientConfig, CreateSite, Site } from './facts.js';
import type { Finding } from './findings.js';
import { BUDGET_DEFAULTS } from './policy.js';

/** The budget cannot see the host's CPUs: Prisma's default pool size assumes this many. */
export const ASSUMED_CPUS = 4;
const PRISMA_DEFAULT = ASSUMED_CPUS * 2 + 1;

interface Setting {
  /** Option paths, first match wins (`pool.max` is nested; `connection.` prefixes are tried too). */
  keys: string[];
  unit: 's' | 'ms';
  /** The driver's default in `unit`; `never`: no timeout at all. */
  default: number | 'never';
}

export interface Driver {
  label: string;
  max: { keys: string[]; urlParams: string[]; default: number; detail: string };
  /** How long an idle connection stays in the pool. */
  idle?: Setting;
  /** How long a connection may live at all (recycling even busy pools). */
  lifetime?: Setting;
  connect?: Setting;
  /** A TCP keep-alive option and its default. */
  keepAlive?: { key: string; default: boolean };
}

const PG: Driver = {
  label: 'node-postgres Pool',
  max: { keys: ['max'], urlParams: [], default: 10, detail: 'node-postgres Pool default max 10, https://node-postgres.com/apis/pool' },
  idle: { keys: ['idleTimeoutMillis'], unit: 'ms', default: 10_000 },
  lifetime: { keys: ['maxLifetimeSeconds'], unit: 's', default: 'never' },
  connect: { keys: ['connectionTimeoutMillis'], unit: 'ms', default: 'never' },
  keepAlive: { key: 'keepAlive', default: false },
};
const POSTGRES_JS: Driver = {
  label: 'postgres.js',
  max: { keys: ['max'], urlParams: ['max'], default: 10, detail: 'postgres.js default max 10, https://github.com/porsager/postgres#connection-details' },
  idle: { keys: ['idle_timeout'], unit: 's', default: 'never' },
  lifetime: { keys: ['max_lifetime'], unit: 's', default: 1800 },
  connect: { keys: ['connect_timeout'], unit: 's', default: 30 },
};
const MYSQL2: Driver = {
  label: 'mysql2 pool',
  max: { keys: ['connectionLimit'], urlParams: ['connectionLimit'], default: 10, detail: 'mysql2 pool default connectionLimit 10, https://sidorares.github.io/node-mysql2/docs#using-connection-pools' },
  idle: { keys: ['idleTimeout'], unit: 'ms', default: 60_000 },
  connect: { keys: ['connectTimeout'], unit: 'ms', default: 10_000 },
};

/** Documented defaults per client family (and per client where a family has several). */
const DRIVERS: Record<string, Driver> = {
  prisma: {
    label: 'Prisma',
    max: {
      keys: [],
      urlParams: ['connection_limit'],
      default: PRISMA_DEFAULT,
      detail: `Prisma default connection_limit = num_physical_cpus × 2 + 1 (${PRISMA_DEFAULT} on ${ASSUMED_CPUS} CPUs), https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections/connection-pool`,
    },
  },
  pg: PG,
  'pg.Client': { label: 'node-postgres Client', max: { keys: [], urlParams: [], default: 1, detail: 'a pg Client is one connection' } },
  postgres: POSTGRES_JS,
  mysql2: MYSQL2,
  'mysql2.createConnection()': { label: 'mysql2 connection', max: { keys: [], urlParams: [], default: 1, detail: 'mysql2.createConnection() is one connection' } },
  knex: {
    label: 'knex',
    max: { keys: ['pool.max'], urlParams: [], default: 10, detail: 'knex default pool { min: 2, max: 10 }, https://knexjs.org/guide/#pool' },
    idle: { keys: ['pool.idleTimeoutMillis'], unit: 'ms', default: 30_000 },
    connect: { keys: ['acquireConnectionTimeout'], unit: 'ms', default: 60_000 },
  },
  sequelize: {
    label: 'Sequelize',
    max: { keys: ['pool.max'], urlParams: [], default: 5, detail: 'Sequelize default pool.max 5, https://sequelize.org/docs/v6/other-topics/connection-pool/' },
    idle: { keys: ['pool.idle'], unit: 'ms', default: 10_000 },
    connect: { keys: ['pool.acquire'], unit: 'ms', default: 60_000 },
  },
  typeorm: { label: 'TypeORM', max: { keys: ['poolSize', 'extra.max', 'extra.connectionLimit'], urlParams: [], default: 10, detail: 'TypeORM uses the driver pool: pg / mysql2 default 10, https://typeorm.io/data-source-options' } },
  mongodb: {
    label: 'MongoDB driver',
    max: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], default: 100, detail: 'MongoDB driver default maxPoolSize 100, https://www.mongodb.com/docs/drivers/node/current/faq/#how-does-connection-pooling-work-in-the-node-js-driver-' },
    idle: { keys: ['maxIdleTimeMS'], unit: 'ms', default: 'never' },
    connect: { keys: ['connectTimeoutMS'], unit: 'ms', default: 30_000 },
  },
  mongoose: {
    label: 'Mongoose',
    max: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], default: 100, detail: 'Mongoose (MongoDB driver) default maxPoolSize 100, https://mongoosejs.com/docs/connections.html#connection-pools' },
    idle: { keys: ['maxIdleTimeMS'], unit: 'ms', default: 'never' },
    connect: { keys: ['connectTimeoutMS'], unit: 'ms', default: 30_000 },
  },
  ioredis: { label: 'ioredis', max: { keys: [], urlParams: [], default: 1, detail: 'an ioredis client is one connection (a Cluster: one per node, counted as 1)' } },
  redis: { label: 'node-redis', max: { keys: [], urlParams: [], default: 1, detail: 'a node-redis client is one connection' } },
};

export function driverFor(family: string, client: string): Driver | undefined {
  if (client === 'pg.Client') return DRIVERS['pg.Client'];
  // Prisma's driver adapters build a pg / mariadb pool of their own.
  if (client === 'PrismaPg' || client === 'PrismaNeon') return PG;
  if (client === 'PrismaMariaDb') return MYSQL2;
  if (/createConnection\(\)$/.test(client) && family === 'mysql2') return DRIVERS['mysql2.createConnection()'];
  if (DRIVERS[family]) return DRIVERS[family];
  // drizzle-orm/node-postgres → pg, drizzle-orm/postgres-js → postgres, drizzle-orm/mysql2 → mysql2.
  if (/node-postgres|pg-core|\bpg\b/.test(family)) return PG;
  if (/postgres-js/.test(family)) return POSTGRES_JS;
  if (/mysql/.test(family)) return MYSQL2;
  if (/redis/.test(family)) return DRIVERS.redis;
  if (/mongo/.test(family)) return DRIVERS.mongodb;
  return undefined;
}

export interface PoolMax {
  max: number;
  source: 'option' | 'url' | 'default';
  detail: string;
}

/** A numeric query parameter of a literal connection URL. */
export function urlParam(strings: readonly string[], names: readonly string[]): { name: string; value: number } | undefined {
  for (const text of strings) {
    const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : '';
    for (const pair of query.split('&')) {
      const [name, value] = pair.split('=');
      if (name && names.includes(name) && value !== undefined && /^\d+$/.test(value)) return { name, value: Number(value) };
    }
  }
  return undefined;
}

const valueOf = (config: ClientConfig, key: string) => config.options[key] ?? config.options[`connection.${key}`];
const isDynamic = (config: ClientConfig, key: string) => config.dynamic.includes(key) || config.dynamic.includes(`connection.${key}`);

/**
 * The pool size of a create site: an explicit option, a parameter of a literal URL, or the driver's
 * documented default. Undefined when the site holds a pool counted elsewhere (a Kysely dialect, a
 * PrismaClient built on an adapter) or the driver is unknown.
 */
export function poolMax(config: ClientConfig, family: string, client: string): PoolMax | undefined {
  if (family === 'kysely') return undefined;
  const driver = driverFor(family, client);
  if (!driver) return undefined;
  if (client === 'PrismaClient' && ('adapter' in config.options || config.dynamic.includes('adapter'))) return undefined;
  for (const key of driver.max.keys) {
    const value = valueOf(config, key);
    if (typeof value === 'number') return { max: value, source: 'option', detail: `\`${key}: ${value}\`` };
  }
  const fromUrl = urlParam(config.strings, driver.max.urlParams);
  if (fromUrl) return { max: fromUrl.value, source: 'url', detail: `\`${fromUrl.name}=${fromUrl.value}\` in the URL` };
  const dynamic = driver.max.keys.find((key) => isDynamic(config, key));
  return { max: driver.max.default, source: 'default', detail: dynamic ? `\`${dynamic}\` is not a literal; ${driver.max.detail}` : driver.max.detail };
}

/** What the budget counts for one create site: `poolMax` with the sites it cannot size spelled out. */
export interface EffectiveMax {
  /** Undefined when unknown (a factory call, an unfamiliar driver) or counted at another site. */
  max: number | undefined;
  source: 'option' | 'url' | 'default' | 'unknown';
  /** "`max: 20`", "`connection_limit=5` in the URL", "postgres.js default max 10, https://…". */
  detail: string;
  /** The site wraps a pool created (and counted) at another site: a Kysely dialect, a PrismaClient on a driver adapter. */
  elsewhere?: true;
}

/**
 * The pool size one create site opens: an explicit option, a `connection_limit` / `max` parameter of
 * a literal URL, or the driver's documented default (see DRIVERS for each default and its source).
 */
export function effectiveMax(site: CreateSite): EffectiveMax {
  if (!site.config) return { max: undefined, source: 'unknown', detail: `\`${site.client}\` is a factory: the pool it opens is created (and sized) inside it` };
  const found = poolMax(site.config, site.family, site.client);
  if (found) return found;
  if (site.family === 'kysely' || (site.client === 'PrismaClient' && ('adapter' in site.config.options || site.config.dynamic.includes('adapter')))) {
    return { max: undefined, source: 'unknown', detail: `\`${site.client}\` uses a pool created at another site, which is counted there`, elsewhere: true };
  }
  return { max: undefined, source: 'unknown', detail: `no documented pool size for \`${site.client}\` (${site.family})` };
}

/** Above this, a serverless pool multiplies by every concurrent instance (each has its own). */
export const SERVERLESS_MAX = 5;

function seconds(value: number, unit: 's' | 'ms'): number {
  return unit === 'ms' ? value / 1000 : value;
}

/** The problems of one site's pool settings for its runtime, in words, or [] when it fits. */
export function poolProblems(site: CreateSite, runtime: 'server' | 'serverless', cutoffSeconds: number): string[] {
  const config = site.config;
  if (!config || config.spread) return [];
  const driver = driverFor(site.family, site.client);
  if (!driver || driver.max.default === 1 || site.family === 'kysely') return [];
  if (site.client === 'PrismaClient') return prismaProblems(config, runtime);
  const problems: string[] = [];
  const max = driver.max.keys.find((key) => valueOf(config, key) !== undefined || isDynamic(config, key));
  const maxValue = max ? valueOf(config, max) : undefined;
  const fromUrl = urlParam(config.strings, driver.max.urlParams);
  const size = typeof maxValue === 'number' ? maxValue : fromUrl?.value;
  if (!max && !fromUrl && driver.max.keys.length > 0) problems.push(`no explicit \`${driver.max.keys[0]}\` (default ${driver.max.default})`);
  if (size === 1 && runtime === 'server') problems.push(`\`${max ?? fromUrl?.name}: 1\` serialises every query of the server through one connection`);
  if (size !== undefined && size > SERVERLESS_MAX && runtime === 'serverless') problems.push(`\`${max ?? fromUrl?.name}: ${size}\` is per instance, and every concurrent instance opens its own pool (keep it at ${SERVERLESS_MAX} or less)`);
  const timeout = (setting: Setting | undefined, what: string, needed: (s: number) => boolean, missing: (d: number | 'never') => boolean) => {
    if (!setting) return;
    const key = setting.keys.find((k) => valueOf(config, k) !== undefined || isDynamic(config, k));
    if (key && isDynamic(config, key)) return; // not statically known: don't guess
    const value = key ? valueOf(config, key) : undefined;
    if (typeof value === 'number') {
      if (!needed(seconds(value, setting.unit))) problems.push(`\`${key}: ${value}\` ${what}`);
    } else if (missing(setting.default)) {
      problems.push(`no \`${setting.keys[0]}\` (default ${setting.default === 'never' ? 'none' : `${setting.default}${setting.unit}`}) ${what}`);
    }
  };
  const belowCutoff = (s: number) => s > 0 && s < cutoffSeconds;
  const longerThanCutoff = (d: number | 'never') => d === 'never' || d === 0 || seconds(d, 's') >= cutoffSeconds;
  // Idle connections must be recycled before the host drops them (seed 003: ~5 minutes).
  if (driver.idle) {
    timeout(driver.idle, `keeps idle connections past the host's ${cutoffSeconds}s idle cut-off; recycle them sooner (e.g. ${Math.round(cutoffSeconds * 0.8)}s)`, belowCutoff, (d) => d === 'never' || (typeof d === 'number' && seconds(d, driver.idle!.unit) >= cutoffSeconds));
  } else if (driver.lifetime) {
    timeout(driver.lifetime, `keeps connections past the host's ${cutoffSeconds}s idle cut-off`, belowCutoff, longerThanCutoff);
  }
  timeout(driver.connect, 'waits forever for a connection when the database is saturated; set a connect timeout', (s) => s > 0, (d) => d === 'never');
  if (driver.keepAlive && runtime === 'server') {
    const value = valueOf(config, driver.keepAlive.key);
    if (value !== true && !isDynamic(config, driver.keepAlive.key) && !driver.keepAlive.default) problems.push(`no \`${driver.keepAlive.key}: true\`: idle sockets are dropped silently by NATs and load balancers`);
  }
  return problems;
}

/**
 * Prisma's pool is configured in its connection URL (`connection_limit`, `pool_timeout`), nearly always
 * from the environment: only a literal URL is checked, and a PrismaClient on a driver adapter is sized
 * by the adapter's pool.
 */
function prismaProblems(config: ClientConfig, runtime: 'server' | 'serverless'): string[] {
  if (config.url === undefined || 'adapter' in config.options || config.dynamic.includes('adapter')) return [];
  if (/^prisma(?:\+postgres)?:\/\//.test(config.url)) return []; // Accelerate / Prisma Postgres: the pool is theirs
  const problems: string[] = [];
  const limit = urlParam([config.url], ['connection_limit']);
  if (!limit) problems.push(`no \`connection_limit\` in the URL (default ${PRISMA_DEFAULT} on ${ASSUMED_CPUS} CPUs: num_physical_cpus × 2 + 1)`);
  else if (limit.value === 1 && runtime === 'server') problems.push('`connection_limit=1` serialises every query of the server through one connection');
  else if (limit.value > SERVERLESS_MAX && runtime === 'serverless') problems.push(`\`connection_limit=${limit.value}\` is per instance, and every concurrent instance opens its own pool (keep it at ${SERVERLESS_MAX} or less)`);
  const poolTimeout = urlParam([config.url], ['pool_timeout']);
  if (poolTimeout?.value === 0) problems.push('`pool_timeout=0` waits forever for a connection when the pool is exhausted; keep a timeout (default 10 s)');
  return problems;
}

/** The `pool-options` rule: pools created once (per process), outside the edge, that do not fit. */
export function poolOptions(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const runtime = context.environment?.runtime ?? 'server';
  // A script's or a test's pool lives for one run: its size and idle recycling do not matter.
  if (runtime === 'edge' || context.environment?.role) return [];
  const cutoff = context.policy.idleCutoffSeconds ?? BUDGET_DEFAULTS.idleCutoffSeconds;
  const findings: Finding[] = [];
  for (const site of sites) {
    if (site.type !== 'create' || site.once === undefined || site.requestScopedConfig || site.factory) continue;
    const problems = poolProblems(site, runtime, cutoff);
    if (problems.length === 0) continue;
    findings.push({ ruleId: 'pool-options', messageId: 'poolOptions', data: { client: site.client, runtime, problems: problems.join('; ') }, range: site.range });
  }
  return findings;
}
