// `poolguard fix [paths…]`: rewrite every offender to use the shared instance, creating a singleton
// module where a package has none. Writes atomically, refuses a dirty git tree, and ends with a
// summary of what was fixed and what was left (and why).
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { contextFromOptions } from '../codemod/context.js';
import { fixSource } from '../../transforms/run.js';
import { rewriteProblem } from '../codemod/verify.js';
import { FIX_STEPS } from '../registry.js';
import { planMissingSingletons } from '../codemod/missing-singletons.js';
import { RULE_IDS, type RuleId } from '../core/findings.js';
import { clearOverlay, readFileThroughOverlay } from '../project/overlay.js';
import { loadProject, readCandidates } from './project.js';
import { refuseDirtyTree } from './git.js';
import { EXIT, type Io } from '../io/process.js';
import { cliRules } from './lint.js';
import { parseCommandArgs } from './args.js';
import { parseRuleFlags, selectRules, type CliRuleId } from './rules.js';
import { lineColumn } from '../core/extensions.js';
import { applyWrites } from './fix-writes.js';

export const FIX_USAGE = `Usage: poolguard fix [options] [paths...]

Rewrite every offender to use the shared instance (default path: .)

Options:
  --dry                  print a unified diff and write nothing
  --allow-dirty          write even if the git work tree has uncommitted changes
  --accept-option-loss   rewrite offenders whose options the singleton lacks (the options are dropped)
  --all                  also the opt-in rules: add require-shutdown-hook's hook, report pool-options
  --rule <id>            fix only this rule (repeatable, or comma-separated); an "off" rule of the
                         config's "rules" is neither fixed nor reported
  -c, --config <file>    use this poolguard.config.json instead of searching for one
  -h, --help             show this help

Exit codes: 0 nothing left to fix, 1 offenders left (listed) or files that failed,
  2 usage, file-system or internal error (or a dirty git work tree without --allow-dirty).
`;

export interface FixSummary {
  filesChanged: string[];
  singletonsCreated: string[];
  fixed: Record<RuleId, number>;
  left: Array<{ file: string; line: number; column: number; ruleId: string; reason: string }>;
  failed: Array<{ file: string; reason: string }>;
}

export async function fix(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    dry: { type: 'boolean' },
    'allow-dirty': { type: 'boolean' },
    'accept-option-loss': { type: 'boolean' },
    all: { type: 'boolean' },
    rule: { type: 'string', multiple: true },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(FIX_USAGE);
    return EXIT.clean;
  }
  const paths = positionals.length ? positionals : ['.'];
  const rules = parseRuleFlags(values.rule);
  const run = await runFix(paths, io.cwd, {
    ...(rules ? { rules } : {}),
    dry: values.dry === true,
    allowDirty: values['allow-dirty'] === true,
    acceptOptionLoss: values['accept-option-loss'] === true,
    all: values.all === true,
    ...(values.config !== undefined ? { config: values.config } : {}),
  });
  if (run.diff) io.stdout(run.diff);
  io.stdout(formatSummary(run.summary, run.dry));
  return run.summary.left.length > 0 || run.summary.failed.length > 0 ? EXIT.findings : EXIT.clean;
}

export interface FixOptions {
  /** Write nothing; collect a unified diff instead. */
  dry?: boolean;
  allowDirty?: boolean;
  acceptOptionLoss?: boolean;
  /** Also run the opt-in rules (require-shutdown-hook's rewrite, pool-options' reports). */
  all?: boolean;
  /** `--rule`: only these rules (the config's "off" notwithstanding). */
  rules?: readonly CliRuleId[];
  /** An explicit poolguard.config.json. */
  config?: string;
}

export interface FixRun {
  summary: FixSummary;
  dry: boolean;
  /** The unified diff of a dry run ('' otherwise). */
  diff: string;
}

/** `poolguard fix` without the argument parsing and printing: what tests and other tools call. */
export async function runFix(paths: string[], cwd: string, fixOptions: FixOptions = {}): Promise<FixRun> {
  const project = await loadProject(paths, cwd, fixOptions.config);
  const { config, model } = project;
  // The rules' settings plus what the project model found: the same decisions as `check`.
  const settings = model.settings;
  const dry = fixOptions.dry === true;
  const acceptOptionLoss = fixOptions.acceptOptionLoss === true;
  const enabled = selectRules({ defaults: cliRules(fixOptions.all === true), configured: config.rules, only: fixOptions.rules }).enabled;
  let diff = '';

  if (!dry && !fixOptions.allowDirty) refuseDirtyTree(paths.map((p) => path.resolve(cwd, p)));

  const { policy, sources, unreadable } = readCandidates(project);
  const options = { ...settings, root: config.root, acceptOptionLoss, rules: enabled };
  const contextFor = (file: string) => contextFromOptions(file, options);
  const summary: FixSummary = { filesChanged: [], singletonsCreated: [], fixed: Object.fromEntries(RULE_IDS.map((id) => [id, 0])) as Record<RuleId, number>, left: [], failed: [] };
  const relative = (file: string) => path.relative(cwd, file).split(path.sep).join('/') || '.';

  for (const { file, reason } of unreadable) summary.failed.push({ file: relative(file), reason });

  clearOverlay();
  const missing = planMissingSingletons(sources, policy, contextFor);

  // Rewrite in memory first. When a rewrite changes what the project model sees (a factory that now
  // returns the shared instance is no longer a factory), rewrite again under the new model, so the
  // summary and a later `check` agree and a second `fix` has nothing to do.
  const texts = new Map(sources);
  const failed = new Set<string>();
  let passSettings = settings;
  let left: FixSummary['left'] = [];
  for (let pass = 0; pass < 3; pass++) {
    left = [];
    let changed = false;
    const passOptions = { ...passSettings, root: config.root, acceptOptionLoss, rules: enabled };
    for (const [file, source] of texts) {
      if (failed.has(file)) continue;
      let result;
      try {
        result = fixSource(file, source, contextFromOptions(file, passOptions), FIX_STEPS);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        summary.failed.push({ file: relative(file), reason: `left untouched: ${message}` });
        failed.add(file);
        texts.set(file, sources.get(file)!);
        continue;
      }
      for (const site of result.rewritten) summary.fixed[site.ruleId]++;
      for (const site of result.unsafe) left.push({ file: relative(file), ...lineColumn(source, site.range[0]), ruleId: site.ruleId, reason: site.reason });
      if (result.output !== undefined && result.output !== source) {
        texts.set(file, result.output);
        changed = true;
      }
    }
    if (!changed) break;
    const next = project.remodel((file) => texts.get(file) ?? readFileThroughOverlay(file)).settings;
    if (JSON.stringify(next) === JSON.stringify(passSettings)) break;
    passSettings = next;
  }
  summary.left = left;
  // Verified before anything is written: a rewrite that no longer parses, or reads a name nothing binds,
  // is dropped and listed as failed (the file stays as it was).
  const verified = <T extends { file: string; before: string | undefined; after: string }>(change: T): boolean => {
    const problem = rewriteProblem(change.file, change.before, change.after);
    if (problem) summary.failed.push({ file: relative(change.file), reason: problem });
    return problem === undefined;
  };
  const creates = missing.plans.map((plan) => ({ file: plan.file, before: undefined, after: plan.content })).filter(verified);
  const edits = [...texts].filter(([file, after]) => after !== sources.get(file)).map(([file, after]) => ({ file, before: sources.get(file)!, after })).filter(verified);
  clearOverlay();
  if (dry) {
    for (const { file, before, after } of [...creates, ...edits]) diff += createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${relative(file)}`, `b/${relative(file)}`, before ?? '', after);
    summary.singletonsCreated.push(...creates.map(({ file }) => relative(file)));
    summary.filesChanged.push(...edits.map(({ file }) => relative(file)));
  } else {
    const outcome = await applyWrites(config.root, creates, edits);
    const written = new Set(outcome.written);
    summary.singletonsCreated.push(...creates.filter(({ file }) => written.has(file)).map(({ file }) => relative(file)));
    summary.filesChanged.push(...edits.filter(({ file }) => written.has(file)).map(({ file }) => relative(file)));
    for (const { file, reason } of outcome.failed) summary.failed.push({ file: relative(file), reason });
  }
  for (const problem of missing.problems) summary.failed.push({ file: relative(problem.packageRoot), reason: `no ${problem.family} singleton: ${problem.reason}` });

  return { summary, dry, diff };
}

export function formatSummary(summary: FixSummary, dry: boolean): string {
  const lines: string[] = [];
  const verb = dry ? 'would change' : 'changed';
  const total = Object.values(summary.fixed).reduce((a, b) => a + b, 0);
  lines.push(`poolguard fix: ${verb} ${summary.filesChanged.length} file${summary.filesChanged.length === 1 ? '' : 's'}, fixed ${total} offender${total === 1 ? '' : 's'}${dry ? ' (dry run: nothing written)' : ''}`);
  for (const file of summary.singletonsCreated) lines.push(`  created singleton module ${file}`);
  for (const [ruleId, count] of Object.entries(summary.fixed)) if (count > 0) lines.push(`  ${String(count).padStart(4)}  ${ruleId}`);
  if (summary.left.length > 0) {
    lines.push(`left as is (${summary.left.length}):`);
    for (const site of summary.left) lines.push(`  ${site.file}:${site.line}:${site.column}  ${site.ruleId}  ${site.reason}`);
  }
  if (summary.failed.length > 0) {
    lines.push(`failed (${summary.failed.length}):`);
    for (const failure of summary.failed) lines.push(`  ${failure.file}  ${failure.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
