// Applies every transform to one file, in the registry's order (src/registry.ts says why that order),
// so each rewrite leaves the next one's sites intact. Each step re-parses the previous step's output,
// so ranges are always fresh. Per-file transforms never import this runner.
import jscodeshift from 'jscodeshift';
import type { RuleId } from '../src/core/findings.js';
import { parserFor } from './lib/edit.js';
import type { Rewrite } from './lib/transform.js';
import type { FixContext, RewriteResult } from '../src/codemod/types.js';

export type Steps = ReadonlyArray<readonly [RuleId, Rewrite]>;

/** Runs `steps` (the registry's FIX_STEPS) over one file; a step not in `context.rules` is skipped. */
export function fixSource(filename: string, source: string, context: FixContext, steps: Steps): RewriteResult {
  const j = jscodeshift.withParser(parserFor(filename));
  const total: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  let current = source;
  for (const [ruleId, step] of steps) {
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
