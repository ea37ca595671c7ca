// require-script-close: no automatic fix. A script closes its client after its last query, which only
// its author can place (`try { … } finally { await sql.end(); }`): every finding is reported with why.
import { jscodeshiftTransform, reportOnly } from './lib/transform.js';

const RULE = 'require-script-close' as const;

export const rewrite = reportOnly(
  RULE,
  () => 'a script closes its client after its last query, which the codemod cannot place; add `await <client>.end()` (or `$disconnect()`) in a `finally` around the work',
);

export default jscodeshiftTransform(RULE, rewrite);
