// The most connections one pool site can hold: an explicit option, a `connection_limit` in a literal
// URL, or the driver's documented default (each with its source, printed by `poolguard budget` and
// listed in docs/budget.md).
import type { TSESTree } from '@typescript-eslint/utils';
import { ASSUMED_CPUS } from './processes.js';

export interface PoolMax {
  /** undefined: the site holds connections of a pool counted elsewhere (a Kysely dialect, drizzle(pool)). */
  max: number;
  source: 'option' | 'url' | 'default';
  detail: string;
}

interface DriverDefaults {
  /** Option paths that set the pool size, first match wins (`pool.max` is nested). */
  keys: string[];
  /** URL query parameters that do. */
  urlParams: string[];
  max: number;
  detail: string;
}

const PRISMA_DEFAULT = ASSUMED_CPUS * 2 + 1;

/** Documented defaults per client family (and per client where a family has several). */
const DEFAULTS: Record<string, DriverDefaults> = {
  prisma: {
    keys: [],
    urlParams: ['connection_limit'],
    max: PRISMA_DEFAULT,
    detail: `Prisma default connection_limit = num_physical_cpus × 2 + 1 (${PRISMA_DEFAULT} on ${ASSUMED_CPUS} CPUs), https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections/connection-pool`,
  },
  pg: { keys: ['max'], urlParams: [], max: 10, detail: 'node-postgres Pool default max 10, https://node-postgres.com/apis/pool' },
  'pg.Client': { keys: [], urlParams: [], max: 1, detail: 'a pg Client is one connection' },
  postgres: { keys: ['max'], urlParams: ['max'], max: 10, detail: 'postgres.js default max 10, https://github.com/porsager/postgres#connection-details' },
  mysql2: { keys: ['connectionLimit'], urlParams: ['connectionLimit'], max: 10, detail: 'mysql2 pool default connectionLimit 10, https://sidorares.github.io/node-mysql2/docs#using-connection-pools' },
  'mysql2.createConnection()': { keys: [], urlParams: [], max: 1, detail: 'mysql2.createConnection() is one connection' },
  knex: { keys: ['pool.max'], urlParams: [], max: 10, detail: 'knex default pool { min: 2, max: 10 }, https://knexjs.org/guide/#pool' },
  sequelize: { keys: ['pool.max'], urlParams: [], max: 5, detail: 'Sequelize default pool.max 5, https://sequelize.org/docs/v6/other-topics/connection-pool/' },
  typeorm: { keys: ['poolSize', 'extra.max', 'extra.connectionLimit'], urlParams: [], max: 10, detail: 'TypeORM uses the driver pool: pg / mysql2 default 10, https://typeorm.io/data-source-options' },
  mongodb: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], max: 100, detail: 'MongoDB driver default maxPoolSize 100, https://www.mongodb.com/docs/drivers/node/current/faq/#how-does-connection-pooling-work-in-the-node-js-driver-' },
  mongoose: { keys: ['maxPoolSize'], urlParams: ['maxPoolSize'], max: 100, detail: 'Mongoose (MongoDB driver) default maxPoolSize 100, https://mongoosejs.com/docs/connections.html#connection-pools' },
  ioredis: { keys: [], urlParams: [], max: 1, detail: 'an ioredis client is one connection (a Cluster: one per node, counted as 1)' },
  redis: { keys: [], urlParams: [], max: 1, detail: 'a node-redis client is one connection' },
};

function defaultsFor(family: string, client: string): DriverDefaults | undefined {
  if (client === 'pg.Client') return DEFAULTS['pg.Client'];
  // Prisma's driver adapters build a pg / mariadb pool of their own.
  if (client === 'PrismaPg' || client === 'PrismaNeon') return DEFAULTS.pg;
  if (client === 'PrismaMariaDb') return DEFAULTS.mysql2;
  if (/createConnection\(\)$/.test(client) && family === 'mysql2') return DEFAULTS['mysql2.createConnection()'];
  if (DEFAULTS[family]) return DEFAULTS[family];
  // drizzle-orm/node-postgres → pg, drizzle-orm/postgres-js → postgres, drizzle-orm/mysql2 → mysql2.
  if (/node-postgres|pg-core|\bpg\b/.test(family)) return DEFAULTS.pg;
  if (/postgres-js/.test(family)) return DEFAULTS.postgres;
  if (/mysql/.test(family)) return DEFAULTS.mysql2;
  if (/redis/.test(family)) return DEFAULTS.redis;
  if (/mongo/.test(family)) return DEFAULTS.mongodb;
  return undefined;
}

type Value = string | number | boolean | null | undefined;

/** Static properties of the object literals among the arguments, flattened with dots. */
function staticOptions(args: readonly TSESTree.Node[]): { options: Map<string, Value>; strings: string[] } {
  const options = new Map<string, Value>();
  const strings: string[] = [];
  const walk = (node: TSESTree.Node, prefix: string): void => {
    if (node.type === 'Literal' && typeof node.value === 'string' && !prefix) strings.push(node.value);
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && !prefix) strings.push(node.quasis[0]!.value.cooked ?? '');
    if (node.type !== 'ObjectExpression') return;
    for (const prop of node.properties) {
      if (prop.type !== 'Property' || prop.computed) continue;
      const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
      if (!key) continue;
      const full = prefix ? `${prefix}.${key}` : key;
      const value = prop.value;
      if (value.type === 'Literal') {
        options.set(full, value.value as Value);
        if (typeof value.value === 'string') strings.push(value.value);
      } else if (value.type === 'ObjectExpression') {
        walk(value, full);
      } else {
        options.set(full, undefined); // present, not statically known
      }
    }
  };
  for (const arg of args) walk(arg, '');
  return { options, strings };
}

function urlParam(strings: readonly string[], names: readonly string[]): { name: string; value: number } | undefined {
  for (const text of strings) {
    const query = text.includes('?') ? text.slice(text.indexOf('?') + 1) : '';
    for (const pair of query.split('&')) {
      const [name, value] = pair.split('=');
      if (name && names.includes(name) && value !== undefined && /^\d+$/.test(value)) return { name, value: Number(value) };
    }
  }
  return undefined;
}

/** The pool size of a `new X(…)` / `x(…)` site of the catalogue. */
export function poolMax(node: TSESTree.CallExpression | TSESTree.NewExpression, family: string, client: string): PoolMax | undefined {
  // A Kysely dialect or drizzle(pool) holds the connections of a pool created (and counted) elsewhere.
  if (family === 'kysely') return undefined;
  const defaults = defaultsFor(family, client);
  if (!defaults) return undefined;
  const { options, strings } = staticOptions(node.arguments);
  // `new PrismaClient({ adapter })` uses the adapter's pool, counted where the adapter is created.
  if (client === 'PrismaClient' && options.has('adapter')) return undefined;
  for (const key of defaults.keys) {
    const value = options.get(key) ?? options.get(`connection.${key}`);
    if (typeof value === 'number') return { max: value, source: 'option', detail: `\`${key}: ${value}\`` };
  }
  const fromUrl = urlParam(strings, defaults.urlParams);
  if (fromUrl) return { max: fromUrl.value, source: 'url', detail: `\`${fromUrl.name}=${fromUrl.value}\` in the URL` };
  const dynamic = defaults.keys.find((key) => options.has(key) && options.get(key) === undefined);
  return { max: defaults.max, source: 'default', detail: dynamic ? `\`${dynamic}\` is not a literal; ${defaults.detail}` : defaults.detail };
}
