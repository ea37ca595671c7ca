// Require a long-lived server to close its shared client on SIGTERM / SIGINT, so a deploy drains its queries (scripts: require-script-close). Facts come from src/estree; this file only reports.
// Decision: src/core/checks/require-shutdown-hook.ts
import { MESSAGES, isRecommended } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = 'shutdownHook';

export default createRule<Options, MessageIds>({
  name: 'require-shutdown-hook',
  meta: {
    type: 'problem',
    docs: { description: 'Require a long-lived server to close its shared database client on SIGTERM and SIGINT, draining the queries in flight', recommended: isRecommended('require-shutdown-hook') },
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
