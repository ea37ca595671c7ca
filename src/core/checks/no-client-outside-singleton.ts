// no-client-outside-singleton: a client created once lives for the whole process, which is right in
// the singleton module and a second pool anywhere else.
import type { ClassifyContext } from '../environment.js';
import type { CreateSite } from '../facts.js';
import type { Finding } from '../findings.js';

const KEY_VALUE_FAMILIES = new Set(['redis', 'ioredis']);

export function noClientOutsideSingleton(site: CreateSite, context: ClassifyContext): Finding | undefined {
  // Per call: no-client-per-request's. A DI container (NestJS `useFactory`, an @Injectable() constructor) creates it once and owns it.
  if (site.once === undefined || site.once === 'provider') return undefined;
  // The package's own singleton, built from a workspace dependency's settings while that package shares
  // the same client: a second pool to one database in one process. (Cached copies are left: one each.)
  const twin = context.policy.duplicateOf(context.filename);
  if (twin && site.once !== 'global-cache' && site.once !== 'instance-cache' && !site.dedicated && !site.endedAfterUse) {
    return { ruleId: 'no-client-outside-singleton', messageId: 'secondSharedClient', data: { client: site.client, twin: `\`${twin}\`` }, range: site.range };
  }
  // Memoised on globalThis (`globalForDb.db ??= …`, `singleton('redis', …)`) or on a lone instance: a
  // declared singleton, so this module is the one that holds it. A plain module-level client is not.
  if (site.once === 'global-cache' || site.once === 'instance-cache') return undefined;
  // A subscriber, a queue's or a replication connection is not the shared client by design.
  if (site.dedicated) return undefined;
  // Ended by this module once its routine is done (a migration runner's own `max: 1` client): a one-off
  // connection with its own lifecycle, not a second copy of the shared pool.
  if (site.endedAfterUse) return undefined;
  // One Redis connection per module, once per process: bounded by the code, not by traffic, and usually
  // separate on purpose (its own database index, serialisation or timeouts). Pools are what multiply.
  if (site.kind === 'connection' && KEY_VALUE_FAMILIES.has(site.family)) return undefined;
  if (context.policy.isSingletonFile(context.filename)) return undefined;
  // A handler deployed as its own function (serverless.yml, SAM): its module scope is one container's.
  if (site.once === 'module-scope' && context.environment?.ownFunction) return undefined;
  const known = context.singletonFor?.(site.family);
  return {
    ruleId: 'no-client-outside-singleton',
    messageId: 'clientOutsideSingleton',
    data: { client: site.client, what: site.kind === 'pool' ? 'connection pool' : 'connection', singleton: known ? `\`${known}\`` : 'your singleton module (see the `singletonModules` setting)' },
    range: site.range,
  };
}
