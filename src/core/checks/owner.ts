// Code that owns its client by design, whichever rule would otherwise report it: a script or a test
// (one short process, or the runner's), and a library's factory that opens whatever its caller names
// (how often it runs is the caller's choice: the project model reports the calls).
import type { ClassifyContext } from '../environment.js';
import type { CloseSite, CreateSite } from '../facts.js';

/** Neither no-client-outside-singleton nor no-client-per-request applies (closing it is require-shutdown-hook's). */
export function ownsItsClient(site: CreateSite | CloseSite, context: ClassifyContext): boolean {
  if (context.environment?.role) return true;
  return site.type === 'create' && libraryFactory(site, context);
}

/** An exported function of a library builds the client from its own parameters only. */
function libraryFactory(site: CreateSite, context: ClassifyContext): boolean {
  return context.environment?.library === true && site.configFromParams === true && site.fn?.exported === true && !site.fn.perInstance;
}
