// no-close-in-handler: closing the shared client in code that runs per request closes it under every
// concurrent and later request.
import type { CloseSite } from '../facts.js';
import type { Finding } from '../findings.js';

export function noCloseInHandler(site: CloseSite): Finding | undefined {
  if (site.shared === 'other' || site.once !== undefined || site.fn?.shutdown) return undefined;
  // A dev-only route (`if (isDev) app.get('/_e2e/…')`) never runs as deployed.
  if (site.fn?.devOnly) return undefined;
  // A module ending the client it created, in a routine no handler here calls (a startup or migration
  // step): its own lifecycle. Closing the singleton's client stays a finding wherever it is.
  if (site.shared === 'module-client' && site.fn?.perRequest === false) return undefined;
  return {
    ruleId: 'no-close-in-handler',
    messageId: 'closeInHandler',
    data: { target: site.target, method: site.method, fn: site.fn?.name ?? 'this function' },
    range: site.range,
  };
}
