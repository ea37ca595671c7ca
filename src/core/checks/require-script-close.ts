// require-script-close: a script (seed, reset, backfill, migration runner) closes every client it
// opens, or its open sockets keep the process running after the work is done. A check on the file's
// sites as a whole.
import type { ClassifyContext } from '../environment.js';
import type { CreateSite, Site } from '../facts.js';
import type { Finding } from '../findings.js';
import { oneSitePerClient } from './client-parts.js';

/**
 * A script is its own short process, whatever the app's runtime profile: every client it creates must
 * be closed before it exits, or the open sockets keep the process alive after the work is done
 * (postgres.js, a pg Client, mysql2, Redis) — or `process.exit()` cuts them off mid-query (seed 004:
 * "scripts used single connections without proper cleanup").
 */
// A client the script exports or hands on (returns it, keeps it in a closure) is its holder's to close.
export function requireScriptClose(sites: readonly Site[], context: ClassifyContext): Finding[] {
  if (context.environment?.role !== 'script') return [];
  const unclosed = sites.filter(
    (s): s is CreateSite => s.type === 'create' && s.once !== 'provider' && !s.requestScopedConfig && s.closed === false && !s.binding?.exported && !s.handedOn && holdsProcessOpen(s),
  );
  return oneSitePerClient(unclosed).map((site) => ({
    ruleId: 'require-script-close' as const,
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
