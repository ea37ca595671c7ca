// The catalogue: which packages and exports open a TCP pool or connection, and which do not.
// Pure data plus lookups; no parser imports. An origin (module + export path) is resolved by the
// extractor from bindings; this file only answers "does calling that open a connection?".

export type ClientKind = 'pool' | 'connection';

/** How a callee was bound: `import { X }`, `import X`, `import * as X`, or `require()`. */
export type OriginBase = 'named' | 'default' | 'namespace' | 'module';

export interface Origin {
  /** The import specifier as written (`pg`, `./generated/prisma/client`, `@/lib/db/utils`). */
  module: string;
  base: OriginBase;
  /** Property path after the binding: `['Pool']` for `pg.Pool`, `['MongoClient', 'connect']`. */
  path: string[];
}

export interface ClientSpec {
  /** Display name used in messages: `PrismaClient`, `postgres()`, `pg.Pool`. */
  client: string;
  kind: ClientKind;
  /** The package family, for matching a finding with the right singleton module. */
  family: string;
  /**
   * When set, the call opens a pool only if its first argument is a connection string or
   * connection options, not an existing client (`drizzle(pool)` wraps, `drizzle(url)` opens).
   */
  wrapsExistingClient?: boolean;
}

interface ExportSpec extends ClientSpec {
  /** Static members that also open a connection (`MongoClient.connect`, `Redis.Cluster`). */
  members?: Record<string, ClientSpec>;
}

interface ModuleSpec {
  /** Named exports that open a pool or connection. */
  exports: Record<string, ExportSpec>;
  /** The default export, when calling or constructing it opens one (`postgres()`, `knex()`). */
  default?: ExportSpec;
}

const spec = (client: string, family: string, kind: ClientKind = 'pool', extra: Partial<ExportSpec> = {}): ExportSpec => ({
  client,
  family,
  kind,
  ...extra,
});

const prisma: ModuleSpec = { exports: { PrismaClient: spec('PrismaClient', 'prisma') } };
const pg: ModuleSpec = {
  exports: { Pool: spec('pg.Pool', 'pg'), Client: spec('pg.Client', 'pg', 'connection') },
};
const postgresJs: ModuleSpec = { exports: {}, default: spec('postgres()', 'postgres') };
const drizzle = (family: string): ModuleSpec => ({
  exports: { drizzle: spec('drizzle()', family, 'pool', { wrapsExistingClient: true }) },
});
const mysql2: ModuleSpec = {
  exports: {
    createPool: spec('mysql2.createPool()', 'mysql2'),
    createPoolCluster: spec('mysql2.createPoolCluster()', 'mysql2'),
    createConnection: spec('mysql2.createConnection()', 'mysql2', 'connection'),
  },
};
const knex: ModuleSpec = { exports: { knex: spec('knex()', 'knex') }, default: spec('knex()', 'knex') };
const sequelize: ModuleSpec = {
  exports: { Sequelize: spec('Sequelize', 'sequelize') },
  default: spec('Sequelize', 'sequelize'),
};
/** MikroORM: `MikroORM.init(config)` (and, since v6.4, `new MikroORM(config)`) connects its driver's pool. */
const mikroOrm: ModuleSpec = {
  exports: { MikroORM: spec('MikroORM', 'mikro-orm', 'pool', { members: { init: spec('MikroORM.init()', 'mikro-orm') } }) },
};
const typeorm: ModuleSpec = {
  exports: {
    DataSource: spec('DataSource', 'typeorm'),
    createConnection: spec('typeorm.createConnection()', 'typeorm'),
  },
};
const kysely: ModuleSpec = {
  exports: {
    PostgresDialect: spec('PostgresDialect', 'kysely'),
    MysqlDialect: spec('MysqlDialect', 'kysely'),
    MssqlDialect: spec('MssqlDialect', 'kysely'),
  },
};
const mongoClient = spec('MongoClient', 'mongodb', 'pool', {
  members: { connect: spec('MongoClient.connect()', 'mongodb') },
});
const mongodb: ModuleSpec = { exports: { MongoClient: mongoClient } };
const mongoose: ModuleSpec = {
  exports: {
    connect: spec('mongoose.connect()', 'mongoose'),
    createConnection: spec('mongoose.createConnection()', 'mongoose'),
  },
};
const redisClass = spec('ioredis Redis', 'ioredis', 'connection', {
  members: { Cluster: spec('ioredis Cluster', 'ioredis') },
});
const ioredis: ModuleSpec = {
  exports: { Redis: redisClass, Cluster: spec('ioredis Cluster', 'ioredis') },
  default: redisClass,
};
const redis: ModuleSpec = {
  exports: {
    createClient: spec('redis.createClient()', 'redis', 'connection'),
    createCluster: spec('redis.createCluster()', 'redis'),
  },
};

/** Packages that open a TCP pool or connection, keyed by exact specifier. */
const MODULES: Record<string, ModuleSpec> = {
  '@prisma/client': prisma,
  '@prisma/client/edge': prisma,
  '.prisma/client': prisma,
  '@prisma/adapter-pg': { exports: { PrismaPg: spec('PrismaPg', 'prisma') } },
  '@prisma/adapter-neon': { exports: { PrismaNeon: spec('PrismaNeon', 'prisma') } },
  '@prisma/adapter-mariadb': { exports: { PrismaMariaDb: spec('PrismaMariaDb', 'prisma') } },
  '@prisma/adapter-mssql': { exports: { PrismaMssql: spec('PrismaMssql', 'prisma') } },
  pg: pg,
  'pg-pool': { exports: {}, default: spec('pg.Pool', 'pg') },
  postgres: postgresJs,
  'drizzle-orm/node-postgres': drizzle('pg'),
  'drizzle-orm/postgres-js': drizzle('postgres'),
  'drizzle-orm/mysql2': drizzle('mysql2'),
  mysql2: mysql2,
  'mysql2/promise': mysql2,
  mysql: mysql2,
  knex: knex,
  sequelize: sequelize,
  '@sequelize/core': sequelize,
  'sequelize-typescript': { exports: { Sequelize: spec('Sequelize', 'sequelize') } },
  '@mikro-orm/core': mikroOrm,
  '@mikro-orm/postgresql': mikroOrm,
  '@mikro-orm/mysql': mikroOrm,
  '@mikro-orm/mariadb': mikroOrm,
  '@mikro-orm/mssql': mikroOrm,
  '@mikro-orm/mongodb': mikroOrm,
  '@mikro-orm/sqlite': mikroOrm,
  '@mikro-orm/better-sqlite': mikroOrm,
  typeorm: typeorm,
  kysely: kysely,
  mongodb: mongodb,
  mongoose: mongoose,
  ioredis: ioredis,
  redis: redis,
  '@redis/client': redis,
};

/**
 * Packages that look like database clients but hold no pooled TCP connection. Listed so the docs and
 * tests can name them, and so nobody "fixes" the catalogue by adding them.
 */
export const NOT_POOLS: ReadonlyArray<{ module: string; exports: string; why: string }> = [
  { module: '@neondatabase/serverless', exports: 'neon()', why: 'HTTP driver: one fetch per query' },
  { module: '@planetscale/database', exports: 'connect(), Client', why: 'HTTP driver' },
  { module: '@vercel/postgres', exports: 'sql', why: 'HTTP driver (Neon over fetch)' },
  { module: '@libsql/client', exports: 'createClient()', why: 'HTTP / WebSocket to libSQL, no server-side pool' },
  { module: '@supabase/supabase-js', exports: 'createClient()', why: 'REST client (PostgREST over HTTP)' },
  { module: '@supabase/ssr', exports: 'createServerClient()', why: 'REST client (PostgREST over HTTP)' },
  { module: 'drizzle-orm/d1', exports: 'drizzle(env.DB)', why: 'Cloudflare D1 binding, no connection' },
  { module: 'drizzle-orm/neon-http', exports: 'drizzle()', why: 'HTTP driver' },
  { module: '@upstash/redis', exports: 'Redis', why: 'REST client' },
  { module: '@prisma/adapter-planetscale', exports: 'new PrismaClient({ adapter: new PrismaPlanetScale(…) })', why: 'Prisma over the PlanetScale HTTP driver' },
  { module: '@prisma/adapter-d1', exports: 'new PrismaClient({ adapter: new PrismaD1(env.DB) })', why: 'Prisma over a Cloudflare D1 binding' },
  { module: '@prisma/adapter-libsql', exports: 'new PrismaClient({ adapter: new PrismaLibSQL(…) })', why: 'Prisma over libSQL (HTTP / WebSocket)' },
];

/** Prisma driver adapters whose PrismaClient holds no database connection: every export, or these. */
export const PRISMA_HTTP_ADAPTERS: Readonly<Record<string, ReadonlySet<string> | 'all'>> = {
  '@prisma/adapter-planetscale': 'all',
  '@prisma/adapter-d1': 'all',
  '@prisma/adapter-libsql': 'all',
  '@prisma/adapter-neon': new Set(['PrismaNeonHTTP']),
};

/**
 * Prisma 7 and custom generators write the client to a folder of the user's choosing; recognise the
 * conventional outputs (`./generated/prisma/client`, `../generated/prisma`, `@/generated/prisma/edge`).
 */
const PRISMA_GENERATED = /(?:^|\/)(?:generated\/prisma|prisma\/generated|generated\/client)(?:\/(?:client|edge|index|default))?(?:\.[cm]?[jt]s)?$/;

/** The module spec for an import specifier, or undefined when it opens no connection. */
export function moduleSpec(specifier: string): ModuleSpec | undefined {
  const known = MODULES[specifier.startsWith('node:') ? '' : specifier];
  if (known) return known;
  if (PRISMA_GENERATED.test(specifier)) return prisma;
  return undefined;
}

/** Resolve a bound origin to the client it creates, or undefined when it creates none. */
export function lookupClient(origin: Origin): ClientSpec | undefined {
  const mod = moduleSpec(origin.module);
  if (!mod) return undefined;
  return lookupIn(mod, origin.base, origin.path);
}

function lookupIn(mod: ModuleSpec, base: OriginBase, path: readonly string[]): ClientSpec | undefined {
  const [first, second, ...rest] = path;
  if (rest.length > 0) return undefined;
  const named = (name: string | undefined, member: string | undefined): ClientSpec | undefined => {
    if (name === undefined) return undefined;
    const exp = Object.hasOwn(mod.exports, name) ? mod.exports[name] : undefined;
    if (!exp) return undefined;
    return member === undefined ? exp : exp.members?.[member];
  };
  const fromDefault = (member: string | undefined, member2: string | undefined): ClientSpec | undefined => {
    if (member === undefined) return mod.default;
    if (mod.default?.members && member2 === undefined && mod.default.members[member]) return mod.default.members[member];
    // CommonJS packages (most drivers) expose their named exports on the default export too.
    return named(member, member2);
  };
  switch (base) {
    case 'named':
      return named(first, second);
    case 'default':
      return fromDefault(first, second);
    case 'namespace':
      if (first === 'default') return fromDefault(second, undefined);
      // `import * as postgres from 'postgres'; postgres()` works under CommonJS interop.
      return first === undefined ? mod.default : named(first, second);
    case 'module':
      // `require('pg')`: the module object is both the default (callable) and the namespace.
      if (first === undefined) return mod.default;
      if (first === 'default') return fromDefault(second, undefined);
      return named(first, second) ?? fromDefault(first, second);
  }
}

/** Every catalogue specifier, for the CLI's content prefilter. */
export function catalogueSpecifiers(): string[] {
  return Object.keys(MODULES);
}

/** Methods that close a client: `sql.end()`, `prisma.$disconnect()`, `redis.quit()`. */
export const CLOSE_METHODS: ReadonlySet<string> = new Set(['end', '$disconnect', 'destroy', 'close', 'disconnect', 'quit']);
