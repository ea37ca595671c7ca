// pool-options: no automatic fix. The right pool size, idle timeout and connect timeout depend on the
// deployment (instances, the database's max_connections, the host's idle cut-off), so the codemod
// reports every finding with what to change instead of guessing numbers.
import type { FileInfo, JSCodeshift } from 'jscodeshift';
import { analyseFile } from '../src/project/analyse.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { jscodeshiftTransform } from './lib/transform.js';

const RULE = 'pool-options' as const;

export function rewrite(file: FileInfo, _j: JSCodeshift, context: FixContext): RewriteResult {
  const { findings } = analyseFile(file.path, file.source, context.policy);
  return {
    output: undefined,
    rewritten: [],
    unsafe: findings
      .filter((f) => f.ruleId === RULE)
      .map((f) => ({ ruleId: RULE, range: f.range, reason: `no automatic fix (the numbers depend on your deployment): ${f.data.problems ?? ''}` })),
  };
}

export default jscodeshiftTransform(RULE, rewrite);
