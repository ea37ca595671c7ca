// no-client-per-request: a client created in code that runs on every call (a handler, a constructor)
// opens a new pool or connection each time.
import type { CreateSite } from '../facts.js';
import type { Finding } from '../findings.js';
import { perRequestByDesign } from './per-request.js';

export function noClientPerRequest(site: CreateSite): Finding | undefined {
  // Created once (a DI provider included): no-client-outside-singleton's.
  if (site.once !== undefined) return undefined;
  // A Worker builds its client from the request's env binding: per request by design.
  if (perRequestByDesign(site)) return undefined;
  if (site.dedicated) return undefined;
  // Registered only outside production (`if (isDev) app.get('/_e2e/…')`): never runs as deployed.
  if (site.fn?.devOnly) return undefined;
  // A function whose callers run elsewhere (a factory, a method, a startup step) runs as often as they
  // call it: its definition is not the offender (the model reports a factory's per-request calls),
  // unless each run leaks the client it built (used in place, never closed nor handed on).
  if (site.fn?.perRequest === false) {
    if (!site.dropped) return undefined;
    return { ruleId: 'no-client-per-request', messageId: 'clientLeaked', data: { client: site.client, kind: site.kind, fn: site.fn.name ?? 'this function' }, range: site.range };
  }
  // Created and closed in one function that is not a request handler (a migration, a connectivity
  // check, a setup step): a one-off connection. In a handler it is paid on every request: reported.
  if (site.closed && site.fn?.handler === false) return undefined;
  // Closed again, and built from what the request names (a setup wizard testing the database the user
  // typed in): a connection per request by design, to wherever the request says.
  if (site.closed && site.configFromLocals) return undefined;
  if (site.fn?.perInstance) {
    return { ruleId: 'no-client-per-request', messageId: 'clientPerInstance', data: { client: site.client, kind: site.kind }, range: site.range };
  }
  return {
    ruleId: 'no-client-per-request',
    // A call of a factory (declared, or found by the project model) opens its pool inside the factory.
    messageId: site.factory ? 'factoryPerRequest' : 'clientPerRequest',
    data: { client: site.client, kind: site.kind, fn: site.fn?.name ?? 'this function' },
    range: site.range,
  };
}
