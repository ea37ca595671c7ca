// require-shutdown-hook: a long-lived server closes its singleton's clients on shutdown, and a script
// closes its clients before it exits. A check on the file's sites as a whole.
import type { ClassifyContext } from '../environment.js';
import type { CreateSite, OnceReason, Site } from '../facts.js';
import type { Finding } from '../findings.js';

/** Created once and kept for the life of the process (a DI provider's lifecycle is the container's). */
const PROCESS_LIFETIME: ReadonlySet<OnceReason> = new Set(['module-scope', 'module-cache', 'called-once', 'global-cache']);

/**
 * A long-lived server's singleton module must close its clients on SIGTERM / SIGINT — here, or in the
 * package's entry point. Otherwise a deploy or scale-down kills the process mid-query, and sessions
 * linger on the server (or in PgBouncer) until it notices (seed 000).
 */
export function requireShutdownHook(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const environment = context.environment;
  if (environment?.role === 'script') return requireScriptClose(sites);
  if (environment?.role === 'test') return []; // the test runner's teardown (afterAll) is the place
  if (environment?.runtime !== 'server' || !environment.runsAsServer || environment.frameworkRuns || environment.entryPointShutdown || !context.policy.isSingletonFile(context.filename)) return [];
  if (sites.some((s) => s.type === 'close' && s.fn?.shutdown)) return [];
  return sites
    .filter((s): s is CreateSite => s.type === 'create' && s.once !== undefined && PROCESS_LIFETIME.has(s.once) && !s.requestScopedConfig)
    .map((site) => ({
      ruleId: 'require-shutdown-hook' as const,
      messageId: 'shutdownHook',
      data: { client: site.client, kind: site.kind },
      range: site.range,
    }));
}

/**
 * A script (seed, reset, backfill, migration runner) is its own short process, whatever the app's
 * runtime profile: every client it creates must be closed before it exits, or the open sockets keep
 * the process alive after the work is done (postgres.js, a pg Client, mysql2, Redis) — or `process.exit()`
 * cuts them off mid-query (seed 004: "scripts used single connections without proper cleanup").
 */
// A client the script exports or hands on (returns it, keeps it in a closure) is its holder's to close.
function requireScriptClose(sites: readonly Site[]): Finding[] {
  return sites
    .filter((s): s is CreateSite => s.type === 'create' && s.once !== 'provider' && !s.requestScopedConfig && s.closed === false && !s.binding?.exported && !s.handedOn && holdsProcessOpen(s))
    .map((site) => ({
      ruleId: 'require-shutdown-hook' as const,
      messageId: 'scriptClose',
      data: { client: site.client, kind: site.kind },
      range: site.range,
    }));
}

/**
 * Prisma's query engine lets the process exit once the work is done (it disconnects on exit); a driver
 * adapter (`new PrismaClient({ adapter })`) brings a driver pool that holds its sockets like any other.
 * The catalogue names `PrismaClient` only for imports from Prisma's client modules.
 */
function holdsProcessOpen(site: CreateSite): boolean {
  if (site.client !== 'PrismaClient') return true;
  const config = site.config;
  return config === undefined || config.spread || config.dynamic.includes('adapter') || 'adapter' in config.options || config.args?.some((kind) => kind !== 'object') === true;
}
