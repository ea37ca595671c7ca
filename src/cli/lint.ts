// What the plugin's rules report on a file, without an ESLint config in the target project (none is
// read), in exactly the shape `eslint -f json` prints. The detection core's findings are reported
// as the rules report them (same findings, messages and locations) and `eslint-disable` comments
// applied as ESLint applies them (src/cli/directives.ts), without loading ESLint or TypeScript; a
// file that configures a poolguard rule inline, and `-f json` (which carries the rules'
// suggestions), go through ESLint's Linter itself. test/cli/direct-lint.test.ts holds the two equal.
import { createRequire } from 'node:module';
import type { Linter } from 'eslint';
import { isRecommended, RULE_IDS, type RuleId } from '../core/findings.js';
import plugin from '../plugin.js';
import type { Policy, PoolguardSettings } from '../core/policy.js';
import { projectPolicy } from '../project/policy.js';
import { mayHaveFindings, mayHaveFindingsByHints, type TextHints } from '../core/prefilter.js';
import { MODEL_APPLIED } from '../project/project-settings.js';
import { NO_SUGGESTIONS } from '../eslint/rule.js';
import { EXTENSIONS } from './discover.js';
import { readBounded } from '../io/read.js';
import { formatMessage } from '../core/findings.js';
import { analyseFile } from '../project/analyse.js';
import { withSingletonNames } from '../project/singletons.js';
import { applyDisableDirectives, configuresRulesInline, locator, type Comment } from './directives.js';
import { MAX_FILE_BYTES, resultOf, type LintMessage, type LintResult } from '../io/results.js';
export type { LintMessage, LintResult } from '../io/results.js';

const require = createRequire(import.meta.url);

export interface FileLinter {
  policy: Policy;
  /**
   * `text`: the file's content when the caller has it (neither binary nor huge), or a way to get it;
   * `hints`: what the project model read from it, so that most files need no second look at their text.
   */
  lintFile(file: string, text?: string | (() => string | undefined), hints?: TextHints): LintResult & { parsed: boolean };
}

/**
 * The rules the CLI runs: those of `configs.recommended`, plus the opt-in ones (`pool-options`,
 * `require-shutdown-hook`) with `--all`, like `configs.all`.
 */
export function cliRules(all = false): RuleId[] {
  return RULE_IDS.filter((id) => all || isRecommended(id));
}

/**
 * `warn`: the enabled rules reported as warnings (the config's "warn"). `suggestions`: compute the
 * rules' suggestions (a transform run per finding; only `-f json` shows them). `engine`: `eslint`
 * runs every file through ESLint's Linter (the tests compare the two).
 */
export function createFileLinter(
  settings: PoolguardSettings,
  root: string,
  enabled: readonly RuleId[] = cliRules(),
  warn: ReadonlySet<string> = new Set(),
  suggestions = false,
  engine: 'direct' | 'eslint' = suggestions ? 'eslint' : 'direct',
): FileLinter {
  const policy = projectPolicy(settings, root);
  const rules = Object.fromEntries(enabled.map((id) => [`poolguard/${id}`, warn.has(id) ? ('warn' as const) : ('error' as const)]));
  const configFor = (parser: Linter.Parser, sourceType: 'module' | 'commonjs', jsx: boolean): Linter.Config[] => [
    {
      files: EXTENSIONS.map((ext) => `**/*.${ext}`),
      // Directives for rules that are not loaded here (`eslint-disable @typescript-eslint/…`) are not our business.
      linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      languageOptions: { parser, sourceType, parserOptions: { ecmaFeatures: { jsx } } },
      plugins: { poolguard: plugin as never },
      // The settings already hold the project model's findings: the rules must not build their own.
      settings: { poolguard: { ...settings, root }, [MODEL_APPLIED]: true, ...(suggestions ? {} : { [NO_SUGGESTIONS]: true }) },
      rules,
    },
  ];
  // ESLint and its parser (which loads TypeScript, ~1 s) only for a file that needs them.
  let loaded: { linter: Linter; configs: Record<'module' | 'moduleJsx' | 'commonjs', Linter.Config[]> } | undefined;
  const load = (): NonNullable<typeof loaded> => {
    if (loaded) return loaded;
    const { Linter: LinterClass } = require('eslint') as typeof import('eslint');
    const parser = require('@typescript-eslint/parser') as Linter.Parser;
    // cwd "/" so every absolute path matches `files` (which must name extensions: ESLint ignores a
    // bare `**/*`); singletonModules globs stay relative to `root` via settings.
    const linter = new LinterClass({ configType: 'flat', cwd: '/' });
    const configs = {
      module: configFor(parser, 'module', false),
      moduleJsx: configFor(parser, 'module', true),
      commonjs: configFor(parser, 'commonjs', false),
    };
    return (loaded = { linter, configs });
  };

  return {
    policy,
    lintFile(file, given, hints) {
      if (hints && mayHaveFindingsByHints(hints, file, policy) === 'no') return { ...resultOf(file, []), parsed: false };
      const known = typeof given === 'function' ? given() : given;
      if (known !== undefined) return lintText(file, known, hints);
      // The size and the file type are checked before anything is read: a 3 GB bundle costs nothing.
      const read = readBounded(file, MAX_FILE_BYTES);
      if (!read.ok && read.reason === 'error') return { ...resultOf(file, [fatal(`Cannot read file: ${read.message}`)]), parsed: false };
      if (!read.ok) {
        const why = read.reason === 'too-large' ? `${read.message} (generated or bundled code?)` : read.message;
        return { ...resultOf(file, [skipped(`File skipped: ${why}`)]), parsed: false };
      }
      const buffer = read.buffer;
      if (buffer.subarray(0, 8000).includes(0)) {
        return { ...resultOf(file, [skipped('File skipped: binary content')]), parsed: false };
      }
      return lintText(file, buffer.toString('utf8'));
    },
  };

  function lintText(file: string, text: string, hints?: TextHints): LintResult & { parsed: boolean } {
    if (!mayHaveFindings(text, file, policy, hints)) return { ...resultOf(file, []), parsed: false };
    const messages = engine === 'direct' ? lintDirect(file, text) : undefined;
    return { ...resultOf(file, messages ?? lintWithEslint(file, text), text), parsed: true };
  }

  function lintWithEslint(file: string, text: string): LintMessage[] {
    const { linter, configs } = load();
    const config = /\.c[jt]s$/.test(file) ? configs.commonjs : /\.(?:tsx|jsx?|mjs)$/.test(file) ? configs.moduleJsx : configs.module;
    // Keep poolguard's findings and fatal parse errors; drop ESLint's notes about other plugins' rules.
    return (linter.verify(text, config, file) as LintMessage[]).filter((m) => m.fatal || m.ruleId?.startsWith('poolguard/'));
  }

  /** The rules' messages from the core's findings; undefined when only ESLint can say (inline rule config). */
  function lintDirect(file: string, text: string): LintMessage[] | undefined {
    let analysis;
    try {
      analysis = analyseFile(file, text, policy);
    } catch (error) {
      return [parsingError(error)];
    }
    const comments = (analysis.ast.comments ?? []) as Comment[];
    if (configuresRulesInline(comments, 'poolguard/')) return undefined;
    const at = locator(text);
    const findings = withSingletonNames(analysis.findings, analysis.facts.sites, policy, file);
    // In the order ESLint reports them: rule by rule (each reports on Program), then by location.
    const messages: LintMessage[] = [];
    for (const id of enabled) {
      for (const finding of findings) {
        if (finding.ruleId !== id) continue;
        const start = at(finding.range[0]);
        const end = at(finding.range[1]);
        messages.push({
          ruleId: `poolguard/${id}`,
          severity: warn.has(id) ? 1 : 2,
          message: formatMessage(finding),
          line: start.line,
          column: start.column + 1,
          messageId: finding.messageId,
          endLine: end.line,
          endColumn: end.column + 1,
        });
      }
    }
    messages.sort((a, b) => a.line - b.line || a.column - b.column);
    return applyDisableDirectives(messages, comments, at);
  }
}

/** A parse error as ESLint reports it (typescript-estree's error: the parser oxc falls back to). */
function parsingError(error: unknown): LintMessage {
  const { message, lineNumber, column } = error as { message?: string; lineNumber?: number; column?: number };
  // A text nested deeper than the parser's stack (the fuzzer's): ESLint reports that as a parsing error too.
  if (error instanceof RangeError) return { ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${error.message}`, line: 0, column: 0 };
  if (typeof lineNumber !== 'number' || typeof column !== 'number') throw error;
  return { ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${String(message).replace(/^line \d+:/iu, '').trim()}`, line: lineNumber, column };
}

function fatal(message: string): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line: 0, column: 0 };
}

function skipped(message: string): LintMessage {
  return { ruleId: null, severity: 1, message, line: 0, column: 0 };
}
