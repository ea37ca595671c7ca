// Disallow creating a database pool or connection in code that runs on every request. Facts come from src/estree; this file only reports.
// Decision: src/core/checks/no-client-per-request.ts
import { MESSAGES } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'clientPerRequest' | 'factoryPerRequest' | 'clientPerInstance' | 'clientLeaked';

export default createRule<Options, MessageIds>({
  name: 'no-client-per-request',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow creating a database pool or connection in code that runs on every request', recommended: true },
    messages: MESSAGES['no-client-per-request'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'no-client-per-request', options);
      },
    };
  },
});
