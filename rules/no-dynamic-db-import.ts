// Disallow dynamic import() of the database client where a static import would do. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/no-dynamic-db-import.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { rewrite } from '../transforms/no-dynamic-db-import.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'dynamicDbImport' | 'importStatically';

export default createRule<Options, MessageIds>({
  name: 'no-dynamic-db-import',
  meta: {
    type: 'problem',
    // The codemod's rewrite of each site it can fix, as a suggestion (it may change behaviour, so no autofix).
    // eslint-disable-next-line eslint-plugin/require-meta-has-suggestions -- reportFindings (src/eslint/rule.ts) passes `suggest`
    hasSuggestions: true,
    docs: { description: 'Disallow dynamic import() of the database client where a static import would do', recommended: isRecommended('no-dynamic-db-import') },
    messages: MESSAGES['no-dynamic-db-import'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'no-dynamic-db-import', options, { rewrite, messageId: 'importStatically' });
      },
    };
  },
});
