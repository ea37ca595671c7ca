// pool-options: a pool created once (per process), outside the edge, must fit its runtime: an explicit
// size, idle connections recycled before the host drops them, a connect timeout, keep-alive. The
// driver table and the option readers are src/core/pool-options.ts.
import type { ClassifyContext } from '../environment.js';
import type { ClientConfig, CreateSite, Site } from '../facts.js';
import type { Finding } from '../findings.js';
import { BUDGET_DEFAULTS } from '../policy.js';
import { ASSUMED_CPUS, driverFor, isDynamic, optionsNotStatic, PRISMA_DEFAULT, readSetting, urlParam, valueOf, type Driver, type Setting } from '../pool-options.js';

/** Above this, a serverless pool multiplies by every concurrent instance (each has its own). */
export const SERVERLESS_MAX = 5;

function describeDefault(setting: Setting): string {
  return setting.default === 'never' ? 'none' : `${setting.default}${setting.unit}`;
}

/**
 * The idle timeout is below the cut-off, but does it run? Not for the connections a pool keeps at its
 * floor (`min`), and not at all in mysql2 unless `maxIdle` is below `connectionLimit`.
 */
function idleTimeoutDisabled(config: ClientConfig, driver: Driver, cutoffSeconds: number): string[] {
  const idleKey = driver.idle?.keys[0] ?? 'idle timeout';
  if (driver.floor && !isDynamic(config, driver.floor.key)) {
    const raw = valueOf(config, driver.floor.key);
    const min = raw === undefined ? driver.floor.default : typeof raw === 'number' ? raw : 0;
    if (min > 0) {
      const set = raw === undefined ? `no \`${driver.floor.key}\` (default ${min})` : `\`${driver.floor.key}: ${min}\``;
      return [`${set} keeps ${min} connection${min === 1 ? '' : 's'} open however long ${min === 1 ? 'it sits' : 'they sit'} idle (\`${idleKey}\` only closes connections above it), past the host's ${cutoffSeconds}s idle cut-off; set \`${driver.floor.key}: 0\``];
    }
  }
  if (driver.idleNeedsMaxIdle) {
    const limitKey = driver.max.keys[0]!;
    if (isDynamic(config, 'maxIdle') || isDynamic(config, limitKey)) return [];
    const limitRaw = valueOf(config, limitKey);
    const limit = typeof limitRaw === 'number' ? limitRaw : (urlParam(config.strings, driver.max.urlParams)?.value ?? driver.max.default);
    const maxIdleRaw = valueOf(config, 'maxIdle') ?? urlParam(config.strings, ['maxIdle'])?.value;
    const maxIdle = typeof maxIdleRaw === 'number' ? maxIdleRaw : limit;
    if (limit > 1 && maxIdle >= limit) {
      const set = maxIdleRaw === undefined ? `no \`maxIdle\` (default: \`${limitKey}\`)` : `\`maxIdle: ${maxIdle}\``;
      return [`${set}: mysql2 runs \`${idleKey}\` only when \`maxIdle\` is below \`${limitKey}\`, so idle connections stay open past the host's ${cutoffSeconds}s idle cut-off; set \`maxIdle\` lower (e.g. ${Math.floor(limit / 2)})`];
    }
  }
  return [];
}

/**
 * Clients whose pool options the table does not describe: a mysql2 pool cluster (each node's options
 * go to `cluster.add()`), Prisma's SQL Server adapter (the `mssql` pool).
 */
const NOT_CHECKED = new Set(['mysql2.createPoolCluster()', 'PrismaMssql']);

/** SQLite and other embedded databases (knex `client`, Sequelize `dialect`, TypeORM `type`, a `file:` URL) hold no server connections. */
function embedded(config: ClientConfig): boolean {
  const EMBEDDED = /sqlite|^sqljs$|capacitor|cordova|^expo$|nativescript|react-native|^pglite$/i;
  return ['client', 'dialect', 'type'].some((key) => typeof config.options[key] === 'string' && EMBEDDED.test(config.options[key])) || /^(?:file|sqlite3?):/i.test(config.url ?? '');
}

/** The problems of one site's pool settings for its runtime, in words, or [] when it fits. */
export function poolProblems(site: CreateSite, runtime: 'server' | 'serverless', cutoffSeconds: number): string[] {
  const config = site.config;
  if (!config) return [];
  const driver = driverFor(site.family, site.client);
  // Seen whatever else the options hold (a spread beside it, an embedded `client` chosen at run time).
  const misplaced = driver && misplacedPool(config, driver);
  if (misplaced) return [misplaced];
  // Options poolguard cannot read (a spread, `new Pool(config)`): it does not guess what they hold.
  if (config.spread || optionsNotStatic(config, site.client)) return [];
  if (!driver || driver.max.default === 1 || site.family === 'kysely' || NOT_CHECKED.has(site.client) || embedded(config)) return [];
  if (site.client === 'PrismaClient') return prismaProblems(config, runtime);
  const problems: string[] = [];
  const max = driver.max.keys.find((key) => valueOf(config, key) !== undefined || isDynamic(config, key));
  const maxValue = max ? valueOf(config, max) : undefined;
  const fromUrl = urlParam(config.strings, driver.max.urlParams);
  const size = typeof maxValue === 'number' ? maxValue : fromUrl?.value;
  if (!max && !fromUrl && driver.max.keys.length > 0) problems.push(`no explicit \`${driver.max.keys[0]}\` (default ${driver.max.default})`);
  if (size === 1 && runtime === 'server') problems.push(`\`${max ?? fromUrl?.name}: 1\` serialises every query of the server through one connection`);
  if (size !== undefined && size > SERVERLESS_MAX && runtime === 'serverless') problems.push(`\`${max ?? fromUrl?.name}: ${size}\` is per instance, and every concurrent instance opens its own pool (keep it at ${SERVERLESS_MAX} or less)`);
  const belowCutoff = (s: number) => s > 0 && s < cutoffSeconds;
  // Idle connections must be recycled before the host drops them (seed 003: ~5 minutes): by an idle
  // timeout below the cut-off, or by a max lifetime below it (which recycles every connection, idle
  // or not). A lifetime above the cut-off is fine when the idle timeout is below it (seed 004's
  // `idle_timeout: 20, max_lifetime: 1800`).
  const lifetime = readSetting(config, driver.lifetime);
  const recycledByLifetime = lifetime !== undefined && (lifetime.kind === 'dynamic' || (lifetime.kind === 'set' && belowCutoff(lifetime.seconds)));
  const idle = readSetting(config, driver.idle);
  if (!recycledByLifetime && idle && idle.kind !== 'dynamic' && driver.idle) {
    const what = `keeps idle connections past the host's ${cutoffSeconds}s idle cut-off; recycle them sooner (e.g. ${Math.round(cutoffSeconds * 0.8)}s)`;
    if (idle.kind === 'set' && !belowCutoff(idle.seconds)) problems.push(`${idle.label} ${what}`);
    else if (idle.kind === 'default' && !(idle.seconds !== undefined && belowCutoff(idle.seconds))) problems.push(`no \`${driver.idle.keys[0]}\` (default ${describeDefault(driver.idle)}) ${what}`);
    else problems.push(...idleTimeoutDisabled(config, driver, cutoffSeconds));
  }
  // A connect (or acquire) timeout, where the driver waits forever by default or is told to.
  const connect = readSetting(config, driver.connect);
  if (connect && driver.connect) {
    const what = 'waits forever for a connection when the database is saturated; set a connect timeout';
    if (connect.kind === 'set' && connect.seconds <= 0) problems.push(`${connect.label} ${what}`);
    else if (connect.kind === 'default' && connect.seconds === undefined) problems.push(`no \`${driver.connect.keys[0]}\` (default ${describeDefault(driver.connect)}) ${what}`);
  }
  if (driver.keepAlive && runtime === 'server') {
    const value = valueOf(config, driver.keepAlive.key);
    if (value !== true && !isDynamic(config, driver.keepAlive.key) && !driver.keepAlive.default) problems.push(`no \`${driver.keepAlive.key}: true\`: idle sockets are dropped silently by NATs and load balancers`);
  }
  return problems;
}

/**
 * knex reads its pool settings from the top-level `pool`; inside `connection` they go to the driver's
 * connection, which ignores them, so the pool keeps its defaults whatever they say.
 */
function misplacedPool(config: ClientConfig, driver: Driver): string | undefined {
  if (!driver.max.keys.every((key) => key.startsWith('pool.')) || driver.label !== 'knex') return undefined;
  const nested = [...Object.keys(config.options), ...config.dynamic].filter((key) => key.startsWith('connection.pool.'));
  if (nested.length === 0 || Object.keys(config.options).some((key) => key.startsWith('pool.')) || config.dynamic.some((key) => key.startsWith('pool.'))) return undefined;
  const floor = driver.floor?.default ?? 2;
  return `\`connection.pool\` (${[...new Set(nested)].map((key) => `\`${key.slice('connection.pool.'.length)}\``).join(', ')}) is handed to the database driver, which ignores it: knex reads \`pool\` at the top level, so the pool keeps its defaults (min ${floor}, max ${driver.max.default}); move \`pool\` out of \`connection\``;
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
