// Require closing the client on shutdown (a server on SIGTERM / SIGINT, a script before it exits). Facts come from src/estree; this file only reports.
// Decision: src/core/checks/require-shutdown-hook.ts
import { MESSAGES } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'shutdownHook' | 'scriptClose';

export default createRule<Options, MessageIds>({
  name: 'require-shutdown-hook',
  meta: {
    type: 'problem',
    docs: { description: 'Require closing the database client on shutdown: on SIGTERM and SIGINT in a long-lived server, before a script exits', recommended: true },
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
