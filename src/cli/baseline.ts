// `--baseline FILE`: findings recorded once are not reported again, so a pull request fails only on new
// ones. An entry is keyed by a fingerprint of rule + file + whitespace-collapsed offending code +
// occurrence index (see formats/findings.ts): no line numbers, so a finding that only moved still matches.
// Files are relative to the baseline file's folder (`base` below), so the same baseline works whatever
// the working directory or the paths given.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../io/process.js';
import { parseJsonText, readBounded } from '../io/read.js';
import { code, isInside, writeAtomic } from '../io/write.js';
import { resultOf, type LintResult } from '../io/results.js';
import { fingerprintKey, fingerprintResults, relativePath } from './formats/findings.js';
import { toPosix } from '../core/policy.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  rule: string;
  file: string;
  code: string;
  occurrence: number;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** Keyed by fingerprint. */
  findings: Record<string, BaselineEntry>;
}

export interface BaselineComparison {
  /** The results without the findings the baseline knows. */
  results: LintResult[];
  /** How many findings the baseline matched (not reported). */
  matched: number;
  /** Baseline entries of checked files that no longer occur, sorted. */
  fixed: BaselineEntry[];
}

const keyOf = (entry: BaselineEntry): string => fingerprintKey(entry.rule, entry.file, entry.code, entry.occurrence);

/** Reads and validates a baseline file; every problem is a one-line UsageError naming the file. */
export function readBaseline(file: string): Baseline {
  const read = readBounded(file, 256 * 1024 * 1024);
  if (!read.ok) {
    if (read.code === 'ENOENT') throw new UsageError(`baseline file not found: ${file} (create it with --update-baseline)`);
    throw new UsageError(`cannot read baseline ${file}: ${read.message}`);
  }
  let data: unknown;
  try {
    data = parseJsonText(read.buffer.toString('utf8'));
  } catch (error) {
    throw new UsageError(`invalid baseline ${file}: ${(error as Error).message}`);
  }
  const invalid = (why: string) => new UsageError(`invalid baseline ${file}: ${why}`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalid('expected a JSON object');
  const { version, findings } = data as { version?: unknown; findings?: unknown };
  if (version !== BASELINE_VERSION) throw invalid(`"version" must be ${BASELINE_VERSION}`);
  if (typeof findings !== 'object' || findings === null || Array.isArray(findings)) throw invalid('"findings" must be an object keyed by fingerprint');
  const out: Record<string, BaselineEntry> = {};
  for (const [key, value] of Object.entries(findings)) {
    const entry = value as Partial<BaselineEntry> | null;
    const ok =
      typeof entry === 'object' && entry !== null &&
      typeof entry.rule === 'string' && typeof entry.file === 'string' && typeof entry.code === 'string' &&
      Number.isInteger(entry.occurrence) && (entry.occurrence as number) >= 0;
    if (!ok) throw invalid(`"findings.${key}" must have a string rule, file and code and an integer occurrence ≥ 0`);
    const clean: BaselineEntry = { rule: entry.rule!, file: entry.file!, code: entry.code!, occurrence: entry.occurrence! };
    // The key is derived from the fields: index by the recomputed one, so a hand-edited entry still matches.
    out[keyOf(clean)] = clean;
  }
  return { version: BASELINE_VERSION, findings: out };
}

function checkedFiles(results: LintResult[], base: string): Set<string> {
  return new Set(results.map((r) => relativePath(base, r.filePath) ?? toPosix(r.filePath)));
}

/** Entries of a file this run checked, or of a file that no longer exists, are decided by this run. */
function decidedBy(checked: Set<string>, base: string): (entry: BaselineEntry) => boolean {
  return (entry) => checked.has(entry.file) || !fs.existsSync(path.resolve(base, entry.file));
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return entries.sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.code, b.code) || a.occurrence - b.occurrence);
}

/** Drops the findings the baseline knows; lists the baseline entries of checked files that are gone. */
export function applyBaseline(results: LintResult[], base: string, baseline: Baseline): BaselineComparison {
  const fingerprints = fingerprintResults(results, base);
  const seen = new Set<string>();
  let matched = 0;
  const kept = results.map((result) => {
    const messages = result.messages.filter((message) => {
      const fingerprint = fingerprints.get(message);
      if (!fingerprint || !(fingerprint.key in baseline.findings)) return true;
      seen.add(fingerprint.key);
      matched++;
      return false;
    });
    return messages.length === result.messages.length ? result : resultOf(result.filePath, messages, result.source);
  });
  const decided = decidedBy(checkedFiles(results, base), base);
  const fixed = sortEntries(Object.entries(baseline.findings).filter(([key, entry]) => decided(entry) && !seen.has(key)).map(([, entry]) => entry));
  return { results: kept, matched, fixed };
}

/**
 * Today's findings as a baseline. Entries of `previous` for files this run did not check (other paths,
 * `--changed-since`) and that still exist are kept, so updating from a partial run does not forget the rest.
 */
export function baselineOf(results: LintResult[], base: string, previous?: Baseline): Baseline {
  const decided = decidedBy(checkedFiles(results, base), base);
  const entries = [...fingerprintResults(results, base).values()].map(({ rule, file, code, occurrence }) => ({ rule, file, code, occurrence }));
  for (const entry of Object.values(previous?.findings ?? {})) if (!decided(entry)) entries.push(entry);
  const findings: Record<string, BaselineEntry> = {};
  for (const entry of sortEntries(entries)) findings[keyOf(entry)] = entry;
  return { version: BASELINE_VERSION, findings };
}

export function serialiseBaseline(baseline: Baseline): string {
  return `${JSON.stringify({ version: baseline.version, findings: baseline.findings }, null, 2)}\n`;
}

/**
 * Writes atomically (temp file in the same folder, then rename). A symlink is kept and its target
 * written, but only a target inside `root`; every failure is a one-line UsageError.
 */
export async function writeBaseline(file: string, baseline: Baseline, root: string): Promise<void> {
  let target = file;
  if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
    try {
      target = fs.realpathSync(file);
    } catch (error) {
      throw new UsageError(`cannot write baseline ${file}: a symlink that does not resolve (${code(error)})`);
    }
    if (!isInside(fs.realpathSync(root), target)) throw new UsageError(`not writing baseline ${file}: it is a symlink to ${target}, outside ${root}`);
  }
  if (!fs.existsSync(path.dirname(target))) throw new UsageError(`cannot write baseline ${file}: the folder ${path.dirname(target)} does not exist`);
  try {
    await writeAtomic(target, serialiseBaseline(baseline));
  } catch (error) {
    throw new UsageError(`cannot write baseline ${file}: ${code(error)}`);
  }
}
