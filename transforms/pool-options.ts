// pool-options: no automatic fix. The right pool size, idle timeout and connect timeout depend on the
// deployment (instances, the database's max_connections, the host's idle cut-off), so the codemod
// reports every finding with what to change instead of guessing numbers.
import { jscodeshiftTransform, reportOnly } from './lib/transform.js';

const RULE = 'pool-options' as const;

export const rewrite = reportOnly(RULE, (f) => `no automatic fix (the numbers depend on your deployment): ${f.data.problems ?? ''}`);

export default jscodeshiftTransform(RULE, rewrite);
