// `poolguard check [paths…]`: discover, prefilter, lint in-process, format, exit 0 / 1 / 2.
import fs from 'node:fs';
import path from 'node:path';
import { parseFormat, reportRoot } from './format.js';
import { reportCheck } from './formats/report.js';
import { readBaseline } from './baseline.js';
import { changedFilter, changedSince } from './changed.js';
import { createProgress, EXIT, UsageError, type Io } from '../io/process.js';
import { cliRules, createFileLinter, type LintResult } from './lint.js';
import { parseCommandArgs } from './args.js';
import { applyWarnings, parseRuleFlags, selectRules, type CliRuleId } from './rules.js';
import { checkConfigFiles } from '../config-files/check.js';
import { resultOf } from '../io/results.js';
import type { ProjectModel } from '../project/model/index.js';
import { toPosix } from '../core/policy.js';
import { loadProject } from './project.js';
import { primeSingletonFiles } from '../project/singletons.js';
import type { Policy } from '../core/policy.js';

export const CHECK_USAGE = `Usage: poolguard check [options] [paths...]

Find database-connection anti-patterns (default path: .)

Options:
  -f, --format <name>      stylish (default), json (the shape of eslint -f json),
                           sarif (SARIF 2.1.0 for GitHub code scanning) or github (workflow annotations)
  -c, --config <file>      use this poolguard.config.json instead of searching for one
  --rule <id>              run only this rule (repeatable, or comma-separated: --rule a,b)
  --max-warnings <n>       exit 1 when there are more than n warnings (default: warnings never fail)
  --stdin                  lint the text on standard input (needs --stdin-filename)
  --stdin-filename <file>  the file the stdin text stands for: its package, role and exemptions
  --no-ignore              check explicit file paths even when exempt (tests, scripts) or in "ignores"
  --changed-since <ref>    check only files changed since the merge base of HEAD with <ref>
                           (committed or not, plus untracked), and files importing a changed singleton
  --baseline <file>        do not report (or fail on) the findings recorded in <file>; report the ones gone
  --update-baseline        write today's findings to the --baseline file and exit 0
  --all                    also the opt-in rules (pool-options, require-shutdown-hook), like configs.all
  -q, --quiet              report errors only (no warnings such as skipped files, no baseline notes)
  -h, --help               show this help

Exit codes: 0 no errors (warnings alone too, unless more than --max-warnings),
  1 errors (findings, a file that does not parse) or more than --max-warnings warnings,
  2 usage, file-system or internal error.
`;

export interface CheckOutcome {
  results: LintResult[];
  filesChecked: number;
  filesParsed: number;
  model: ProjectModel;
}

/** Optional hooks of runCheck (the CLI's progress line and `--changed-since`). */
export interface CheckOptions {
  /** Called after each file: files done, files to check, errors so far. */
  onProgress?: (done: number, total: number, errors: number) => void;
  /** Narrows the discovered files to the ones to lint; gets the policy to recognise singleton modules. */
  select?: (files: string[], policy: Policy) => string[];
  /** false: skip the project model (inferred singletons, factories, re-exports); for the benchmark. */
  projectModel?: boolean;
  /** Also the opt-in rules (`pool-options`, `require-shutdown-hook`), as `configs.all`. */
  all?: boolean;
  /** `--rule`: only these rules (the config's "off" notwithstanding). */
  rules?: readonly CliRuleId[];
  /** `--no-ignore`: keep explicit file paths that are exempt or ignored. */
  noIgnore?: boolean;
  /** `--stdin`: lint this text as the file (absolute) it stands for, and nothing else. */
  stdin?: { file: string; text: string };
  /** Compute the rules' suggestions (only the json format carries them, as `eslint -f json` does). */
  suggestions?: boolean;
}

/** The programmatic entry point (used by the CLI, the benchmark and doctor). */
export async function runCheck(paths: string[], cwd: string, configPath?: string, options: CheckOptions = {}): Promise<CheckOutcome> {
  const { stdin } = options;
  const { config, files, skipped, model, configCandidates } = await loadProject(paths, cwd, configPath, { model: options.projectModel !== false, noIgnore: options.noIgnore === true, ...(stdin ? { stdin } : {}) });
  const selection = selectRules({ defaults: cliRules(options.all === true), configured: config.rules, only: options.rules });
  const linter = createFileLinter(model.settings, config.root, selection.enabled, selection.warn, options.suggestions === true);
  if (stdin) {
    const results = files.map((file) => {
      const { parsed: _parsed, ...result } = linter.lintFile(file, stdin.text);
      return result;
    });
    return { results, filesChecked: files.length, filesParsed: files.length, model };
  }
  // When whole folders were scanned, discovery already knows every singleton module: no second glob.
  const scannedFolders = (paths.length ? paths : ['.']).every((p) => fs.statSync(path.resolve(cwd, p)).isDirectory());
  if (scannedFolders && path.resolve(cwd, paths[0] ?? '.') === config.root) {
    primeSingletonFiles(linter.policy, files.filter((file) => linter.policy.isSingletonFile(file)));
  }
  const selected = options.select ? options.select(files, linter.policy) : files;
  const results: LintResult[] = [];
  let filesParsed = 0;
  let errors = 0;
  for (const file of selected) {
    const key = toPosix(path.resolve(file));
    const { parsed, ...result } = linter.lintFile(file, () => model.textOf(key), model.hintsOf(key));
    if (parsed) filesParsed++;
    results.push(result);
    errors += result.errorCount;
    options.onProgress?.(results.length, selected.length, errors);
  }
  noteCompetingSingletons(results, model);
  // A FIFO with a source name, a folder that cannot be listed: a warning each, never a silent gap.
  for (const { path: file, kind, why } of skipped) results.push(resultOf(file, [{ ruleId: null, severity: 1, message: `${kind === 'folder' ? 'Folder' : 'File'} skipped: ${why}`, line: 0, column: 0 }]));
  // .env, compose, schema.prisma
  if (selection.configFiles) results.push(...applyWarnings(await checkConfigFiles(paths, cwd, config.settings, config.root, configCandidates), selection.warn));
  return { results, filesChecked: selected.length, filesParsed, model };
}

/**
 * A package where two modules each create, export and share a client: say which one poolguard took
 * as the singleton (a warning on the others, in every output format) and how to choose.
 */
function noteCompetingSingletons(results: LintResult[], model: ProjectModel): void {
  for (const { packageDir, files } of model.competing) {
    const [chosen, ...others] = files;
    const rel = (file: string) => path.posix.relative(model.root, file);
    for (const file of others) {
      const result = results.find((r) => toPosix(r.filePath) === file);
      if (!result) continue;
      result.messages.unshift({
        ruleId: null,
        severity: 1,
        line: 1,
        column: 1,
        message: `${rel(packageDir) || '.'} has ${files.length} modules that each create, export and share a database client (${files.map(rel).join(', ')}); poolguard treats ${rel(chosen!)}, the most imported, as the package's singleton. Set \`singletonModules\` to choose.`,
      });
      result.warningCount++;
    }
  }
}

export async function check(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    rule: { type: 'string', multiple: true },
    'max-warnings': { type: 'string' },
    stdin: { type: 'boolean' },
    'stdin-filename': { type: 'string' },
    'no-ignore': { type: 'boolean' },
    'changed-since': { type: 'string' },
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    all: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return EXIT.clean;
  }
  const format = parseFormat(values.format);
  const rules = parseRuleFlags(values.rule);
  const maxWarnings = parseMaxWarnings(values['max-warnings']);
  if (values['update-baseline'] && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE (the file to write)');
  const stdin = await readStdin(values, positionals, io);
  if (positionals.length === 0) positionals.push('.');
  const started = performance.now();
  // The git work tree's top (two git runs): only for what prints paths relative to it.
  let root: string | undefined;
  const reportTop = () => (root ??= reportRoot(positionals, io.cwd));
  const since = values['changed-since'];
  const changed = since === undefined ? undefined : changedFilter(changedSince(since, reportTop()));
  const baselineFile = values.baseline === undefined ? undefined : path.resolve(io.cwd, values.baseline);
  const baseline = baselineFile && !values['update-baseline'] ? readBaseline(baselineFile) : undefined;
  const progress = createProgress(io);
  const outcome = await runCheck(positionals, io.cwd, values.config, {
    all: values.all === true,
    noIgnore: values['no-ignore'] === true,
    suggestions: format === 'json',
    onProgress: progress.update,
    ...(rules ? { rules } : {}),
    ...(stdin ? { stdin } : {}),
    ...(changed ? { select: changed.select } : {}),
  });
  progress.end();
  return reportCheck(changed ? { ...outcome, results: outcome.results.filter(changed.keep) } : outcome, { format, get root() { return reportTop(); }, quiet: values.quiet, maxWarnings, baselineFile, baseline, updateBaseline: values['update-baseline'], changedSince: since, started }, io);
}

/** `--max-warnings 0`: a non-negative integer (ESLint's -1, "no limit", too). */
function parseMaxWarnings(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^(?:\d+|-1)$/.test(value.trim())) throw new UsageError(`--max-warnings needs a non-negative integer, got "${value}"`);
  const n = Number(value);
  return n < 0 ? undefined : n;
}

/** `--stdin --stdin-filename F`: the text and the absolute file it stands for; undefined without --stdin. */
async function readStdin(values: { stdin?: boolean | undefined; 'stdin-filename'?: string | undefined; 'changed-since'?: string | undefined }, positionals: string[], io: Io): Promise<{ file: string; text: string } | undefined> {
  if (!values.stdin) {
    if (values['stdin-filename'] !== undefined) throw new UsageError('--stdin-filename needs --stdin');
    return undefined;
  }
  if (values['stdin-filename'] === undefined) throw new UsageError('--stdin needs --stdin-filename FILE (the file the text stands for)');
  if (positionals.length > 0) throw new UsageError('--stdin takes no paths (the text is the file --stdin-filename names)');
  if (values['changed-since'] !== undefined) throw new UsageError('--stdin and --changed-since do not go together');
  if (!io.readStdin) throw new UsageError('standard input is not available');
  return { file: path.resolve(io.cwd, values['stdin-filename']), text: await io.readStdin() };
}

export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS') === true;
}
