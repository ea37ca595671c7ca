// Require a script to close every database client it opens before it exits. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/require-script-close.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'scriptClose';

export default createRule<Options, MessageIds>({
  name: 'require-script-close',
  meta: {
    type: 'problem',
    docs: { description: 'Require a script or seed to close every database client it opens before it exits', recommended: isRecommended('require-script-close') },
    messages: MESSAGES['require-script-close'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'require-script-close', options);
      },
    };
  },
});
