// Disallow closing the shared database client inside a request handler. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/no-close-in-handler.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { rewrite } from '../transforms/no-close-in-handler.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'closeInHandler' | 'removeClose';

export default createRule<Options, MessageIds>({
  name: 'no-close-in-handler',
  meta: {
    type: 'problem',
    // The codemod's rewrite of each site it can fix, as a suggestion (it may change behaviour, so no autofix).
    // eslint-disable-next-line eslint-plugin/require-meta-has-suggestions -- reportFindings (src/eslint/rule.ts) passes `suggest`
    hasSuggestions: true,
    docs: { description: 'Disallow closing the shared database client inside a request handler', recommended: isRecommended('no-close-in-handler') },
    messages: MESSAGES['no-close-in-handler'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'no-close-in-handler', options, { rewrite, messageId: 'removeClose' });
      },
    };
  },
});
