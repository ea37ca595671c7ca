// One client, one finding: `new PrismaClient({ adapter: new PrismaPg(pool) })` with `const pool = new
// Pool(…)` beside it is one client built from three create sites. The lifecycle checks report the
// PrismaClient and fold its driver parts into that finding; the shutdown-hook rewrite closes them too.
import type { CreateSite } from '../facts.js';

/** `new PrismaClient({ adapter })`: the client runs its queries over a driver adapter's pool. */
function onDriverAdapter(site: CreateSite): boolean {
  const config = site.config;
  return site.client === 'PrismaClient' && config !== undefined && ('adapter' in config.options || config.dynamic.includes('adapter'));
}

/**
 * The driver parts of a Prisma client on an adapter among `sites` (one file's): the adapter objects
 * (`new PrismaPg(pool)`, `new PrismaMariaDb(config)`) and the `pg` pools an adapter takes. The facts do
 * not say which variable an adapter was given, so within one module a pg pool beside a Prisma client
 * on an adapter counts as that client's pool (the way Prisma's docs set it up); none without one.
 */
export function adapterParts(sites: readonly CreateSite[]): CreateSite[] {
  if (!sites.some(onDriverAdapter)) return [];
  return sites.filter((site) => (site.family === 'prisma' && site.client !== 'PrismaClient') || site.client === 'pg.Pool');
}

export interface ClientSites {
  /** The site the finding names: the client itself. */
  site: CreateSite;
  /** Its driver parts in this file, which closing it does not close (an adapter leaves a pool it was given open). */
  parts: CreateSite[];
}

/** `sites` one per client: the parts of a Prisma client on an adapter go with the first such client. */
export function clientsOf(sites: readonly CreateSite[]): ClientSites[] {
  const parts = adapterParts(sites);
  const owner = parts.length > 0 ? sites.find(onDriverAdapter) : undefined;
  return sites.filter((site) => !parts.includes(site)).map((site) => ({ site, parts: site === owner ? parts : [] }));
}

/** `sites` without the parts of a client that is itself among them: one site per client. */
export function oneSitePerClient(sites: readonly CreateSite[]): CreateSite[] {
  return clientsOf(sites).map((client) => client.site);
}
