// The ids a config's `rules` and `--rule` accept: the plugin's rules and the config-file check
// (`poolguard/database-url`), with a "did you mean" for a typo.
import { RULE_IDS } from './findings.js';
import { didYouMean } from './suggest.js';

export const CLI_RULE_IDS = [...RULE_IDS, 'database-url'] as const;
export type CliRuleId = (typeof CLI_RULE_IDS)[number];

export function unknownRule(id: string): string {
  return `unknown rule "${id}"${didYouMean(id, CLI_RULE_IDS)} (expected one of ${CLI_RULE_IDS.join(', ')})`;
}
