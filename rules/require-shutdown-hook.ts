// Require a long-lived server to close the shared client on shutdown. Detection lives in src/core/lifecycle.ts; this file only reports.
import { MESSAGES } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/estree/eslint.js';

export type Options = [SharedOptions];
export type MessageIds = 'shutdownHook';

export default createRule<Options, MessageIds>({
  name: 'require-shutdown-hook',
  meta: {
    type: 'problem',
    docs: { description: 'Require a long-lived server to close the shared database client on SIGTERM and SIGINT', recommended: true },
    messages: MESSAGES['require-shutdown-hook'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, 'require-shutdown-hook', options);
      },
    };
  },
});
