// Applies every transform to one file, in an order where each rewrite leaves the next one's sites
// intact: dynamic imports first, then closes in handlers, per-request clients, module-level clients,
// then the singleton's hot-reload cache and its shutdown hook.
// Each step re-parses the previous step's output, so ranges are always fresh.
import jscodeshift from 'jscodeshift';
import type { Policy } from '../core/policy.js';
import { rewrite as rewriteClose } from '../../transforms/no-close-in-handler.js';
import { rewrite as rewriteOutside } from '../../transforms/no-client-outside-singleton.js';
import { rewrite as rewritePerRequest } from '../../transforms/no-client-per-request.js';
import { rewrite as rewriteDynamic } from '../../transforms/no-dynamic-db-import.js';
import { rewrite as rewriteGlobalCache } from '../../transforms/require-global-cache.js';
import { rewrite as rewriteShutdownHook } from '../../transforms/require-shutdown-hook.js';
import { rewrite as reportPoolOptions } from '../../transforms/pool-options.js';
import type { RuleId } from '../core/findings.js';
import { parserFor } from '../../transforms/lib/edit.js';
import type { RewriteResult, TransformOptions } from './types.js';

export interface FixContext extends TransformOptions {
  policy: Policy;
  /** The singleton module (absolute path) to import a client of this family/module from, if any. */
  singletonFor: (family: string, module: string) => string | undefined;
}

// The global cache last: it wraps the singleton's own client, which the other steps leave alone.
const STEPS: ReadonlyArray<[RuleId, typeof rewriteDynamic]> = [
  ['no-dynamic-db-import', rewriteDynamic],
  ['no-close-in-handler', rewriteClose],
  ['no-client-per-request', rewritePerRequest],
  ['no-client-outside-singleton', rewriteOutside],
  ['require-global-cache', rewriteGlobalCache],
  ['require-shutdown-hook', rewriteShutdownHook],
  ['pool-options', reportPoolOptions], // reports only: no automatic fix
];

export function fixSource(filename: string, source: string, context: FixContext): RewriteResult {
  const j = jscodeshift.withParser(parserFor(filename));
  const total: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  let current = source;
  for (const [ruleId, step] of STEPS) {
    if (context.rules && !context.rules.includes(ruleId)) continue;
    const result = step({ path: filename, source: current }, j, context);
    total.rewritten.push(...result.rewritten);
    total.unsafe.push(...result.unsafe);
    if (result.output !== undefined && result.output !== current) current = result.output;
  }
  // Unsafe sites are reported by the step that met them; a later step may report one again.
  const seen = new Set<string>();
  total.unsafe = total.unsafe.filter((u) => !seen.has(`${u.ruleId}:${u.range[0]}`) && seen.add(`${u.ruleId}:${u.range[0]}`));
  total.output = current === source ? undefined : current;
  return total;
}
