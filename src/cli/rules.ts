// Which rules a command runs, and at which severity: the config's `rules` (ESLint's "off" | "warn" |
// "error", or 0 | 1 | 2), `--rule <id>` (only those), `--all` (the opt-in ones too).
import type { RuleId } from '../core/findings.js';
import type { RuleLevel } from './config.js';
import { UsageError } from '../io/process.js';
import { resultOf, type LintResult } from '../io/results.js';
import { CLI_RULE_IDS, unknownRule, type CliRuleId } from '../core/rule-names.js';

export { CLI_RULE_IDS, unknownRule, type CliRuleId };

export interface RuleSelection {
  /** The plugin's rules to run. */
  enabled: RuleId[];
  /** The rules whose findings are warnings (severity 1). */
  warn: Set<CliRuleId>;
  /** Whether `check` reads .env, compose and Prisma files (the database-url check). */
  configFiles: boolean;
}

const LEVELS: Record<string, 'off' | 'warn' | 'error'> = { off: 'off', warn: 'warn', error: 'error', 0: 'off', 1: 'warn', 2: 'error' };

/**
 * `only` (from --rule) runs exactly those rules, even one the config turns off; otherwise `defaults`
 * (lint.ts's cliRules: configs.recommended, or every rule with --all) plus the config's "warn" /
 * "error", minus its "off". The config-file check is on by default.
 */
export function selectRules(options: { defaults: readonly RuleId[]; configured?: Partial<Record<string, RuleLevel>> | undefined; only?: readonly CliRuleId[] | undefined }): RuleSelection {
  const defaults = new Set<CliRuleId>([...options.defaults, 'database-url']);
  const level = (id: CliRuleId) => {
    const set = options.configured?.[id];
    return set === undefined ? undefined : LEVELS[String(set)];
  };
  const runs = (id: CliRuleId) => (options.only ? options.only.includes(id) : (level(id) ?? (defaults.has(id) ? 'error' : 'off')) !== 'off');
  const running = CLI_RULE_IDS.filter(runs);
  return {
    enabled: running.filter((id): id is RuleId => id !== 'database-url'),
    warn: new Set(running.filter((id) => level(id) === 'warn')),
    configFiles: running.includes('database-url'),
  };
}

/** `--rule a --rule b,c` → [a, b, c]; `poolguard/a` is accepted too. An unknown id is a usage error. */
export function parseRuleFlags(values: readonly string[] | undefined): CliRuleId[] | undefined {
  if (values === undefined) return undefined;
  const ids = values.flatMap((value) => value.split(',')).map((id) => id.trim().replace(/^poolguard\//, '')).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--rule needs a rule id');
  for (const id of ids) {
    if (!(CLI_RULE_IDS as readonly string[]).includes(id)) throw new UsageError(unknownRule(id));
  }
  return [...new Set(ids)] as CliRuleId[];
}

/** `unknown rule "x", did you mean "y"? (expected one of …)`. */
/** The findings of "warn" rules as warnings, counts recomputed (ESLint sets it per rule; the config-file check is ours). */
export function applyWarnings(results: LintResult[], warn: ReadonlySet<CliRuleId>): LintResult[] {
  if (warn.size === 0) return results;
  const isWarned = (ruleId: string | null) => ruleId !== null && warn.has(ruleId.replace(/^poolguard\//, '') as CliRuleId);
  return results.map((r) => {
    if (!r.messages.some((m) => m.severity === 2 && !m.fatal && isWarned(m.ruleId))) return r;
    const messages = r.messages.map((m) => (m.severity === 2 && !m.fatal && isWarned(m.ruleId) ? { ...m, severity: 1 as const } : m));
    return { ...resultOf(r.filePath, messages, r.source), suppressedMessages: r.suppressedMessages };
  });
}
