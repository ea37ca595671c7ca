// Lifecycle checks on a file's sites as a whole: a singleton must survive hot reloads (cached on
// globalThis outside production). Pure: the caller resolves the file's environment.
import type { ClassifyContext } from './classify.js';
import type { CreateSite, OnceReason, Site } from './facts.js';
import type { Finding } from './findings.js';

/** Created once per module evaluation, which a hot reload repeats: a new pool each time. */
const PER_EVALUATION: ReadonlySet<OnceReason> = new Set(['module-scope', 'module-cache', 'called-once']);

export function requireGlobalCache(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const reloader = context.environment?.hotReload;
  if (!reloader || !context.policy.isSingletonFile(context.filename)) return [];
  return sites
    .filter((s): s is CreateSite => s.type === 'create' && s.once !== undefined && PER_EVALUATION.has(s.once) && !s.requestScopedConfig)
    .map((site) => ({
      ruleId: 'require-global-cache' as const,
      messageId: 'globalCache',
      data: { client: site.client, kind: site.kind, reloader },
      range: site.range,
    }));
}
