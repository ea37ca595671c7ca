// Require the singleton's client to be cached on globalThis where the dev server hot-reloads modules. Detection lives in src/core/lifecycle.ts; this file only reports.
import { MESSAGES } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'globalCache';

export default createRule<Options, MessageIds>({
  name: 'require-global-cache',
  meta: {
    type: 'problem',
    docs: { description: 'Require the shared database client to be cached on globalThis where the dev server hot-reloads modules', recommended: true },
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
