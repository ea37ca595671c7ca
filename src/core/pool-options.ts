// Pool settings per driver: option names, units and documented defaults (with sources), and how to
// read them from a site's options. Used by `poolguard budget` (the pool size) and by the pool-options
// check (src/core/checks/pool-options.ts: does the pool fit its runtime). Pure data and readers;
// src/estree/options.ts reads the options from the code.
import type { ArgKind, ClientConfig, CreateSite } from './facts.js';
import { queryPairs } from './url.js';

/** The budget cannot see the host's CPUs: Prisma's default pool size assumes this many. */
export const ASSUMED_CPUS = 4;
export const PRISMA_DEFAULT = ASSUMED_CPUS * 2 + 1;

export interface Setting {
  /** Option paths, first match wins (`pool.max` is nested; `connection.` prefixes are tried too). */
  keys: string[];
  unit: 's' | 'ms';
  /** The driver's default in `unit`; `never`: no timeout at all. */
  default: number | 'never';
  /** Query parameters of a literal connection URL that set it too (postgres.js, mysql2, MongoDB). */
  urlParams?: string[];
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
  /**
   * The pool keeps this many connections however long they sit idle: the idle timeout only closes
   * connections above it (pg-pool `min`, tarn.js / knex `pool.min`, sequelize-pool `pool.min`).
   */
  floor?: { key: string; default: number };
  /**
   * mysql2 arms its idle timer only when `maxIdle` < `connectionLimit`, and `maxIdle` defaults to
   * `connectionLimit`: without it `idleTimeout` never runs (lib/base/pool.js; sidorares/node-mysql2#2493).
   */
  idleNeedsMaxIdle?: boolean;
}

const PG: Driver = {
  label: 'node-postgres Pool',
  max: { keys: ['max'], urlParams: [], default: 10, detail: 'node-postgres Pool default max 10, https://node-postgres.com/apis/pool' },
  idle: { keys: ['idleTimeoutMillis'], unit: 'ms', default: 10_000 },
  lifetime: { keys: ['maxLifetimeSeconds'], unit: 's', default: 'never' },
  connect: { keys: ['connectionTimeoutMillis'], unit: 'ms', default: 'never' },
  keepAlive: { key: 'keepAlive', default: false },
  floor: { key: 'min', default: 0 },
};
const POSTGRES_JS: Driver = {
  label: 'postgres.js',
  max: { keys: ['max'], urlParams: ['max'], default: 10, detail: 'postgres.js default max 10, https://github.com/porsager/postgres#connection-details' },
  idle: { keys: ['idle_timeout'], unit: 's', default: 'never', urlParams: ['idle_timeout'] },
  // The default is random, 30 to 60 minutes per connection: its lower bound.
  lifetime: { keys: ['max_lifetime'], unit: 's', default: 1800 },
  connect: { keys: ['connect_timeout'], unit: 's', default: 30, urlParams: ['connect_timeout'] },
};
const MYSQL2: Driver = {
  label: 'mysql2 pool',
  max: { keys: ['connectionLimit'], urlParams: ['connectionLimit'], default: 10, detail: 'mysql2 pool default connectionLimit 10, https://sidorares.github.io/node-mysql2/docs#using-connection-pools' },
  idle: { keys: ['idleTimeout'], unit: 'ms', default: 60_000, urlParams: ['idleTimeout'] },
  connect: { keys: ['connectTimeout'], unit: 'ms', default: 10_000, urlParams: ['connectTimeout'] },
  idleNeedsMaxIdle: true,
};
/** The `mariadb` connector's pool, under Prisma's MariaDB adapter: idleTimeout in seconds. */
const MARIADB: Driver = {
  label: 'mariadb pool',
  max: { keys: ['connectionLimit'], urlParams: ['connectionLimit'], default: 10, detail: 'mariadb pool default connectionLimit 10, https://github.com/mariadb-corporation/mariadb-connector-nodejs/blob/master/documentation/promise-api.md#pool-options' },
  idle: { keys: ['idleTimeout'], unit: 's', default: 1800 },
  connect: { keys: ['acquireTimeout'], unit: 'ms', default: 10_000 },
};
/** Neon's WebSocket Pool (pg-compatible options) under Prisma's Neon adapter: no TCP keep-alive to set. */
const NEON_WS: Driver = { ...PG, label: 'Neon serverless Pool', keepAlive: undefined };

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
    // "the default value of min is 2 only for historical reasons … It is recommended to set min: 0"
    floor: { key: 'pool.min', default: 2 },
  },
  sequelize: {
    label: 'Sequelize',
    max: { keys: ['pool.max'], urlParams: [], default: 5, detail: 'Sequelize default pool.max 5, https://sequelize.org/docs/v6/other-topics/connection-pool/' },
    idle: { keys: ['pool.idle'], unit: 'ms', default: 10_000 },
    connect: { keys: ['pool.acquire'], unit: 'ms', default: 60_000 },
    floor: { key: 'pool.min', default: 0 },
  },
  typeorm: { label: 'TypeORM', max: { keys: ['poolSize', 'extra.max', 'extra.connectionLimit'], urlParams: [], default: 10, detail: 'TypeORM uses the driver pool: pg / mysql2 default 10, https://typeorm.io/data-source-options' } },
  mongodb: {
    label: 'MongoDB driver',
    max: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], default: 100, detail: 'MongoDB driver default maxPoolSize 100, https://www.mongodb.com/docs/drivers/node/current/faq/#how-does-connection-pooling-work-in-the-node-js-driver-' },
    idle: { keys: ['maxIdleTimeMS'], unit: 'ms', default: 'never', urlParams: ['maxIdleTimeMS'] },
    connect: { keys: ['connectTimeoutMS'], unit: 'ms', default: 30_000, urlParams: ['connectTimeoutMS'] },
  },
  mongoose: {
    label: 'Mongoose',
    max: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], default: 100, detail: 'Mongoose (MongoDB driver) default maxPoolSize 100, https://mongoosejs.com/docs/connections.html#connection-pools' },
    idle: { keys: ['maxIdleTimeMS'], unit: 'ms', default: 'never', urlParams: ['maxIdleTimeMS'] },
    connect: { keys: ['connectTimeoutMS'], unit: 'ms', default: 30_000, urlParams: ['connectTimeoutMS'] },
  },
  ioredis: { label: 'ioredis', max: { keys: [], urlParams: [], default: 1, detail: 'an ioredis client is one connection (a Cluster: one per node, counted as 1)' } },
  redis: { label: 'node-redis', max: { keys: [], urlParams: [], default: 1, detail: 'a node-redis client is one connection' } },
};

export function driverFor(family: string, client: string): Driver | undefined {
  if (client === 'pg.Client') return DRIVERS['pg.Client'];
  // Prisma's driver adapters build a pg / mariadb pool of their own.
  if (client === 'PrismaPg') return PG;
  if (client === 'PrismaNeon') return NEON_WS;
  if (client === 'PrismaMariaDb') return MARIADB;
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
    for (const [name, value] of queryPairs(text)) {
      if (names.includes(name) && /^\d+$/.test(value)) return { name, value: Number(value) };
    }
  }
  return undefined;
}

export const valueOf = (config: ClientConfig, key: string) => config.options[key] ?? config.options[`connection.${key}`];
export const isDynamic = (config: ClientConfig, key: string) => config.dynamic.includes(key) || config.dynamic.includes(`connection.${key}`);

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
  const unknown = dynamic ? `\`${dynamic}\` is not a literal; ` : driver.max.keys.length > 0 && optionsNotStatic(config, client) ? 'the options are not literals; ' : '';
  return { max: driver.max.default, source: 'default', detail: `${unknown}${driver.max.detail}` };
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

function seconds(value: number, unit: 's' | 'ms'): number {
  return unit === 'ms' ? value / 1000 : value;
}

type SettingValue =
  | { kind: 'set'; seconds: number; label: string }
  | { kind: 'default'; seconds: number | undefined }
  | { kind: 'dynamic' };

/** A timeout as configured: an option or a literal URL's parameter, the driver's default, or not known. */
export function readSetting(config: ClientConfig, setting: Setting | undefined): SettingValue | undefined {
  if (!setting) return undefined;
  const key = setting.keys.find((k) => valueOf(config, k) !== undefined || isDynamic(config, k));
  if (key) {
    const value = valueOf(config, key);
    // A non-literal value counts as set: poolguard does not guess what it holds.
    return typeof value === 'number' ? { kind: 'set', seconds: seconds(value, setting.unit), label: `\`${key}: ${value}\`` } : { kind: 'dynamic' };
  }
  const fromUrl = urlParam(config.strings, setting.urlParams ?? []);
  if (fromUrl) return { kind: 'set', seconds: seconds(fromUrl.value, setting.unit), label: `\`${fromUrl.name}=${fromUrl.value}\` in the URL` };
  return { kind: 'default', seconds: setting.default === 'never' ? undefined : seconds(setting.default, setting.unit) };
}

/** Where a client takes its options: `new Pool(options)`, `postgres(url?, options?)`, `new MongoClient(url, options?)`, `new Sequelize(url | db, user, password, options)`. */
function optionsPosition(client: string, kinds: readonly ArgKind[]): number | undefined {
  if (client === 'postgres()' || client === 'drizzle()' || client.startsWith('mysql2.createPool')) return kinds.length >= 2 ? 1 : 0;
  if (client.startsWith('MongoClient') || client.startsWith('mongoose.')) return 1;
  if (client === 'Sequelize') return ({ 1: 0, 2: 1, 4: 3 } as Record<number, number | undefined>)[kinds.length];
  return 0;
}

/**
 * The options are an expression poolguard cannot read (`new Pool(config)`, `postgres(url, options)`,
 * `mysql.createPool(getConfig())`): the site is not checked, and its size is the driver's default.
 * An argument that reads like a connection string (`postgres(process.env.DATABASE_URL)`) is not options.
 */
export function optionsNotStatic(config: ClientConfig, client: string): boolean {
  if (!config.args) return false;
  const at = optionsPosition(client, config.args);
  return at !== undefined && config.args[at] === 'unknown';
}
