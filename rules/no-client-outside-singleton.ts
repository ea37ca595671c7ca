// Disallow creating a database pool or connection outside the singleton module. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/no-client-outside-singleton.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { rewrite } from '../transforms/no-client-outside-singleton.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'clientOutsideSingleton' | 'secondSharedClient' | 'importShared';

export default createRule<Options, MessageIds>({
  name: 'no-client-outside-singleton',
  meta: {
    type: 'problem',
    // The codemod's rewrite of each site it can fix, as a suggestion (it may change behaviour, so no autofix).
    // eslint-disable-next-line eslint-plugin/require-meta-has-suggestions -- reportFindings (src/eslint/rule.ts) passes `suggest`
    hasSuggestions: true,
    docs: { description: 'Disallow creating a database pool or connection outside the singleton module', recommended: isRecommended('no-client-outside-singleton') },
    messages: MESSAGES['no-client-outside-singleton'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'no-client-outside-singleton', options, { rewrite, messageId: 'importShared' });
      },
    };
  },
});
