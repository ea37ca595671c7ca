// What `poolguard check` prints after the run: --quiet, --baseline / --update-baseline, the chosen
// format on stdout, notes where they do not break it, and the exit code.
import fs from 'node:fs';
import path from 'node:path';
import type { CheckOutcome } from '../check.js';
import { applyBaseline, baselineOf, readBaseline, writeBaseline, type Baseline, type BaselineEntry } from '../baseline.js';
import { EXIT, type Io } from '../../io/process.js';
import { resultOf, type LintResult } from '../../io/results.js';
import { workflowCommand } from '../../io/github.js';
import { formatResults, type Format } from './index.js';

export interface ReportOptions {
  format: Format;
  /** What reported paths are relative to (reportRoot). */
  root: string;
  /** Errors only: warnings (skipped files) and baseline notes are dropped. */
  quiet?: boolean;
  /** `--max-warnings`: more warnings than this (of those reported) exit 1, as in ESLint. */
  maxWarnings?: number | undefined;
  /** The baseline file (absolute) and what was read from it; `baseline` is undefined with --update-baseline. */
  baselineFile?: string;
  baseline?: Baseline;
  updateBaseline?: boolean;
  /** The REF of --changed-since, for the summary line. */
  changedSince?: string;
  /** performance.now() when the command started. */
  started: number;
}

/** Results without warnings (`--quiet`); counts recomputed. */
export function errorsOnly(results: LintResult[]): LintResult[] {
  return results.map((r) => (r.warningCount === 0 ? r : resultOf(r.filePath, r.messages.filter((m) => m.severity === 2), r.source)));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fixedNotes(fixed: BaselineEntry[], format: Format): string[] {
  if (format === 'github') {
    return fixed.map((entry) =>
      workflowCommand('notice', { file: entry.file, title: `poolguard/${entry.rule} fixed` }, `This baseline finding no longer occurs: ${entry.code}. Remove it with --update-baseline.`),
    );
  }
  return [
    `${plural(fixed.length, 'baseline finding')} no longer ${fixed.length === 1 ? 'occurs' : 'occur'} (fixed), remove with --update-baseline:`,
    ...fixed.map((entry) => `  ${entry.file}  poolguard/${entry.rule}  ${entry.code}`),
  ];
}

export async function reportCheck(outcome: CheckOutcome, options: ReportOptions, io: Io): Promise<number> {
  // `root` may be a getter (git runs): read only by what prints paths relative to it.
  const { format } = options;
  let results = options.quiet ? errorsOnly(outcome.results) : outcome.results;

  if (options.updateBaseline && options.baselineFile) {
    const previous = fs.existsSync(options.baselineFile) ? readBaseline(options.baselineFile) : undefined;
    const next = baselineOf(results, path.dirname(options.baselineFile), previous);
    await writeBaseline(options.baselineFile, next, options.root);
    const unparsed = results.filter((r) => r.fatalErrorCount > 0).length;
    if (unparsed > 0) io.stderr(`poolguard: ${plural(unparsed, 'file')} did not parse; parse errors are never baselined\n`);
    io.stdout(`poolguard: wrote ${plural(Object.keys(next.findings).length, 'finding')} to ${options.baselineFile}\n`);
    return EXIT.clean;
  }

  let matched = 0;
  let fixed: BaselineEntry[] = [];
  if (options.baseline) {
    ({ results, matched, fixed } = applyBaseline(results, path.dirname(options.baselineFile!), options.baseline));
  }
  const output = await formatResults(results, format, io.cwd, { get root() { return options.root; }, baseline: options.baseline !== undefined });
  const errors = results.reduce((sum, r) => sum + r.errorCount, 0);
  const notes = options.quiet || fixed.length === 0 ? [] : fixedNotes(fixed, format);
  const known = options.baseline && matched > 0 && !options.quiet ? `${plural(matched, 'known finding')} in the baseline not reported` : '';

  if (format === 'json' || format === 'sarif') {
    // stdout stays one JSON document; the notes go to stderr.
    io.stdout(`${output}\n`);
    for (const line of [...notes, ...(known ? [`${known}.`] : [])]) io.stderr(`poolguard: ${line.trimStart()}\n`);
  } else if (format === 'github') {
    // GitHub shows at most 10 annotations of each kind per step (50 per job); the log keeps them all,
    // and a plain last line gives the count.
    io.stdout(output);
    for (const line of notes) io.stdout(`${line}\n`);
    const warnings = results.reduce((sum, r) => sum + r.warningCount, 0);
    const files = `${plural(outcome.filesChecked, 'file')}${options.changedSince === undefined ? '' : ` changed since ${options.changedSince}`}`;
    io.stdout(`poolguard: ${plural(errors + warnings, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${files}${known ? `; ${known}` : ''}.\n`);
  } else {
    io.stdout(output);
    for (const line of notes) io.stdout(`${line}\n`);
    const ms = Math.round(performance.now() - options.started);
    const files = `${plural(outcome.filesChecked, 'file')}${options.changedSince === undefined ? '' : ` changed since ${options.changedSince}`}`;
    const tail = known ? `; ${known}` : '';
    if (errors === 0) io.stdout(`✔ No ${options.baseline ? 'new ' : ''}connection problems in ${files} (${outcome.filesParsed} parsed, ${ms} ms)${tail}.\n`);
    else io.stdout(`${files} checked (${outcome.filesParsed} parsed) in ${ms} ms${tail}.\n`);
  }
  const warningCount = results.reduce((sum, r) => sum + r.warningCount, 0);
  if (options.maxWarnings !== undefined && warningCount > options.maxWarnings) {
    io.stderr(`poolguard: too many warnings: ${warningCount}, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT.findings;
  }
  return errors > 0 ? EXIT.findings : EXIT.clean;
}
