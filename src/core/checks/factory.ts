// Is a create site the client an exported factory opens on every call and hands to its caller
// (seed 004's `createDbConnection()`)? Then each call of the factory is a pool site too.
import type { CreateSite } from '../facts.js';
import { perRequestByDesign } from './per-request.js';

export interface FactoryFacts {
  site: CreateSite;
  /** The file is a test, a script or another file the rules exempt. */
  exemptFile: boolean;
  /** The site's innermost function returns the client, bare or wrapped (`return drizzle(postgres(url))`). */
  returned: boolean;
}

export function isFactorySite({ site, exemptFile, returned }: FactoryFacts): boolean {
  // Per call of an exported, named function; a class's per-instance client is the rule's business.
  if (site.once !== undefined || !site.fn?.exported || !site.fn.name || site.fn.perInstance) return false;
  if (perRequestByDesign(site)) return false;
  // A factory hands the client to its caller; a handler (`export async function GET`) uses its own.
  return !exemptFile && returned;
}
