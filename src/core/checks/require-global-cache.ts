// require-global-cache: the singleton's client must survive hot reloads (cached on globalThis outside
// production). A check on the file's sites as a whole.
import type { ClassifyContext } from '../environment.js';
import type { CreateSite, OnceReason, Site } from '../facts.js';
import type { Finding } from '../findings.js';

/** Created once per module evaluation, which a hot reload repeats: a new pool each time. */
const PER_EVALUATION: ReadonlySet<OnceReason> = new Set(['module-scope', 'module-cache', 'called-once']);

export function requireGlobalCache(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const reloader = context.environment?.hotReload;
  // Scripts and tests are not reloaded by a dev server: they run once (or under the test runner).
  if (!reloader || context.environment?.role || !context.policy.isSingletonFile(context.filename)) return [];
  return sites
    // Production never hot-reloads: `if (NODE_ENV === 'production') prisma = new PrismaClient()` is fine.
    .filter((s): s is CreateSite => s.type === 'create' && s.once !== undefined && PER_EVALUATION.has(s.once) && !s.requestScopedConfig && !s.productionOnly)
    .map((site) => ({
      ruleId: 'require-global-cache' as const,
      messageId: 'globalCache',
      data: { client: site.client, kind: site.kind, reloader },
      range: site.range,
    }));
}
