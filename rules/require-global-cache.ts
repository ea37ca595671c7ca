// Require the singleton's client to be cached on globalThis where the dev server hot-reloads modules. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/require-global-cache.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'globalCache';

export default createRule<Options, MessageIds>({
  name: 'require-global-cache',
  meta: {
    type: 'problem',
    docs: { description: 'Require the shared database client to be cached on globalThis where the dev server hot-reloads modules', recommended: isRecommended('require-global-cache') },
    messages: MESSAGES['require-global-cache'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'require-global-cache', options);
      },
    };
  },
});
