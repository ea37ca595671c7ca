// Runs the plugin's rules in-process through ESLint's Linter: no ESLint config is needed (or read)
// in the target project. Produces results in exactly the shape `eslint -f json` prints.
import { createRequire } from 'node:module';
import type { Linter } from 'eslint';
import { RULE_IDS, type RuleId } from '../core/findings.js';
import type { Policy, PoolguardSettings } from '../core/policy.js';
import { projectPolicy } from '../project/policy.js';
import { mayHaveFindings } from '../core/prefilter.js';
import plugin from '../plugin.js';
import { MODEL_APPLIED } from '../project/project-settings.js';
import { NO_SUGGESTIONS } from '../eslint/rule.js';
import { EXTENSIONS } from './discover.js';
import { readBounded } from '../io/read.js';
import { MAX_FILE_BYTES, resultOf, type LintMessage, type LintResult } from '../io/results.js';
export type { LintMessage, LintResult } from '../io/results.js';

const require = createRequire(import.meta.url);

export interface FileLinter {
  policy: Policy;
  /** `text`: the file's content when the caller already read it (and found it neither binary nor huge). */
  lintFile(file: string, text?: string): LintResult & { parsed: boolean };
}

/**
 * The rules the CLI runs: those of `configs.recommended`, plus the opt-in ones (`pool-options`,
 * `require-shutdown-hook`) with `--all`, like `configs.all`.
 */
export function cliRules(all = false): RuleId[] {
  return RULE_IDS.filter((id) => all || plugin.rules[id].meta.docs?.recommended === true);
}

/** `warn`: the enabled rules reported as warnings (the config's "warn"). */
/** `suggestions`: compute the rules' suggestions (a transform run per finding; only `-f json` shows them). */
export function createFileLinter(settings: PoolguardSettings, root: string, enabled: readonly RuleId[] = cliRules(), warn: ReadonlySet<string> = new Set(), suggestions = false): FileLinter {
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
  // ESLint and the parser (which loads TypeScript, ~1 s) only once a file passes the prefilter: most
  // one-file runs and many folders have none.
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
    lintFile(file, known) {
      if (known !== undefined) return lintText(file, known);
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

  function lintText(file: string, text: string): LintResult & { parsed: boolean } {
    if (!mayHaveFindings(text, file, policy)) return { ...resultOf(file, []), parsed: false };
    const { linter, configs } = load();
    const config = /\.c[jt]s$/.test(file) ? configs.commonjs : /\.(?:tsx|jsx?|mjs)$/.test(file) ? configs.moduleJsx : configs.module;
    // Keep poolguard's findings and fatal parse errors; drop ESLint's notes about other plugins' rules.
    const messages = (linter.verify(text, config, file) as LintMessage[]).filter((m) => m.fatal || m.ruleId?.startsWith('poolguard/'));
    return { ...resultOf(file, messages, text), parsed: true };
  }
}

function fatal(message: string): LintMessage {
  return { ruleId: null, fatal: true, severity: 2, message, line: 0, column: 0 };
}

function skipped(message: string): LintMessage {
  return { ruleId: null, severity: 1, message, line: 0, column: 0 };
}
