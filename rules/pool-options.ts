// Enforce pool settings that fit the runtime profile. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/pool-options.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'poolOptions';

export default createRule<Options, MessageIds>({
  name: 'pool-options',
  meta: {
    type: 'problem',
    docs: { description: 'Enforce pool settings that fit the runtime: an explicit size, idle recycling before the host cut-off, a connect timeout, keep-alive', recommended: isRecommended('pool-options') },
    messages: MESSAGES['pool-options'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'pool-options', options);
      },
    };
  },
});
