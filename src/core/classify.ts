// classify(): dispatches each site, and each file's sites, to the checks that decide them; each id's
// decision lives in src/core/checks/<id>.ts. The rules report the answer, the codemod rewrites it,
// the CLI counts it.
import type { ClassifyContext } from './environment.js';
import type { Site } from './facts.js';
import type { Finding } from './findings.js';
import { noClientOutsideSingleton } from './checks/no-client-outside-singleton.js';
import { noClientPerRequest } from './checks/no-client-per-request.js';
import { noCloseInHandler } from './checks/no-close-in-handler.js';
import { noDynamicDbImport } from './checks/no-dynamic-db-import.js';
import { ownsItsClient } from './checks/owner.js';
import { poolOptions } from './checks/pool-options.js';
import { requireGlobalCache } from './checks/require-global-cache.js';
import { requireScriptClose } from './checks/require-script-close.js';
import { requireShutdownHook } from './checks/require-shutdown-hook.js';

export function classify(site: Site, context: ClassifyContext): Finding | undefined {
  switch (site.type) {
    case 'create':
      if (ownsItsClient(site, context)) return undefined;
      // At most one of the two: created once, or per call.
      return noClientOutsideSingleton(site, context) ?? noClientPerRequest(site);
    case 'close':
      // A script closes its own client where it likes; a test's runner owns its lifecycle.
      return context.environment?.role ? undefined : noCloseInHandler(site);
    case 'dynamic-import':
      return noDynamicDbImport(site, context);
  }
}

export function classifyAll(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of sites) {
    const finding = classify(site, context);
    if (finding) findings.push(finding);
  }
  // Rules about the file as a whole (lifecycle, pool settings): more than one finding per site.
  for (const check of FILE_CHECKS) findings.push(...check(sites, context));
  return findings.sort((a, b) => a.range[0] - b.range[0]);
}

/** File-level checks, registered here so classifyAll stays the one entry. */
const FILE_CHECKS: ReadonlyArray<(sites: readonly Site[], context: ClassifyContext) => Finding[]> = [requireGlobalCache, requireScriptClose, requireShutdownHook, poolOptions];
