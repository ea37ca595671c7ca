// Disallow creating a database pool or connection in code that runs on every request. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/no-client-per-request.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { rewrite } from '../transforms/no-client-per-request.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'clientPerRequest' | 'factoryPerRequest' | 'clientPerInstance' | 'clientLeaked' | 'useShared';

export default createRule<Options, MessageIds>({
  name: 'no-client-per-request',
  meta: {
    type: 'problem',
    // The codemod's rewrite of each site it can fix, as a suggestion (it may change behaviour, so no autofix).
    // eslint-disable-next-line eslint-plugin/require-meta-has-suggestions -- reportFindings (src/eslint/rule.ts) passes `suggest`
    hasSuggestions: true,
    docs: { description: 'Disallow creating a database pool or connection in code that runs on every request', recommended: isRecommended('no-client-per-request') },
    messages: MESSAGES['no-client-per-request'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'no-client-per-request', options, { rewrite, messageId: 'useShared' });
      },
    };
  },
});
