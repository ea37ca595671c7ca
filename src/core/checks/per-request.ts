// A client built per request from the request's own binding (a Worker's `env.DATABASE_URL`): per
// request by design, not a pool opened per call, so neither a finding, a factory nor unbounded.
import type { CreateSite } from '../facts.js';

export function perRequestByDesign(site: CreateSite): boolean {
  return site.once === undefined && site.requestScopedConfig;
}
