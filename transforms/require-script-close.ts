// require-script-close: no automatic fix. A script closes its client after its last query, which only
// its author can place (`try { … } finally { await sql.end(); }`): every finding is reported with why.
import type { FileInfo, JSCodeshift } from 'jscodeshift';
import type { FixContext, RewriteResult } from '../src/codemod/types.js';
import { analyseFile } from '../src/project/analyse.js';
import { jscodeshiftTransform } from './lib/transform.js';

const RULE = 'require-script-close' as const;

export function rewrite(file: FileInfo, _j: JSCodeshift, context: FixContext): RewriteResult {
  const { findings } = analyseFile(file.path, file.source, context.policy);
  return {
    output: undefined,
    rewritten: [],
    unsafe: findings
      .filter((f) => f.ruleId === RULE)
      .map((f) => ({ ruleId: RULE, range: f.range, reason: 'a script closes its client after its last query, which the codemod cannot place; add `await <client>.end()` (or `$disconnect()`) in a `finally` around the work' })),
  };
}

export default jscodeshiftTransform(RULE, rewrite);
