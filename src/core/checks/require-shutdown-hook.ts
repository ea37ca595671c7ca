// require-shutdown-hook: a long-lived server closes its singleton's clients on shutdown, so a deploy or
// a scale-down drains the queries in flight and releases the sessions at once. A check on the file's
// sites as a whole.
import type { ClassifyContext } from '../environment.js';
import type { CreateSite, OnceReason, Site } from '../facts.js';
import type { Finding } from '../findings.js';
import { clientsOf, type ClientSites } from './client-parts.js';

/** Created once and kept for the life of the process (a DI provider's lifecycle is the container's). */
const PROCESS_LIFETIME: ReadonlySet<OnceReason> = new Set(['module-scope', 'module-cache', 'called-once', 'global-cache']);

/**
 * A long-lived server's singleton module closes its clients on SIGTERM / SIGINT — here, or in the
 * package's entry point. Hygiene, not a leak: the kernel closes the sockets when the process exits,
 * but without a hook the queries in flight are cut off, and a PgBouncer (or the server) holds the
 * dropped sessions until it notices (seed 000). Scripts and tests are other rules' (or the runner's).
 */
export function requireShutdownHook(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const environment = context.environment;
  if (environment?.role) return [];
  if (environment?.runtime !== 'server' || !environment.runsAsServer || environment.frameworkRuns || environment.entryPointShutdown || !context.policy.isSingletonFile(context.filename)) return [];
  if (sites.some((s) => s.type === 'close' && s.fn?.shutdown)) return [];
  return lifetimeClients(sites).map(({ site }) => ({
    ruleId: 'require-shutdown-hook' as const,
    messageId: 'shutdownHook',
    data: { client: site.client, kind: site.kind },
    range: site.range,
  }));
}

/** The clients this file keeps for the life of the process, one per client with its driver parts (what a hook closes). */
export function lifetimeClients(sites: readonly Site[]): ClientSites[] {
  return clientsOf(sites.filter((s): s is CreateSite => s.type === 'create' && s.once !== undefined && PROCESS_LIFETIME.has(s.once) && !s.requestScopedConfig));
}
