// What every machine-readable output and the baseline share: paths relative to the report root,
// the offending source text of a message, and a fingerprint that survives line shifts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { toPosix } from '../../core/policy.js';
import { workTreeRoot } from '../git.js';
import type { LintMessage, LintResult } from '../lint.js';

/**
 * The folder reported paths are relative to: the top of the git work tree holding the first checked
 * path (what GitHub code scanning resolves SARIF URIs against), else that path (its folder for a file).
 */
export function reportRoot(paths: string[], cwd: string): string {
  const first = path.resolve(cwd, paths[0] ?? '.');
  let dir = first;
  try {
    if (!fs.statSync(first).isDirectory()) dir = path.dirname(first);
  } catch {
    dir = path.dirname(first);
  }
  return workTreeRoot(dir) ?? dir;
}

/** `apps/api/src/db.ts` for a file under `root`; undefined for a file outside it. */
export function relativePath(root: string, file: string): string | undefined {
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return toPosix(relative);
}

/** The text a message covers (`new PrismaClient({ … })`), or '' when the result has no source. */
export function offendingText(source: string | undefined, message: LintMessage): string {
  if (source === undefined || !message.line) return '';
  const lines = source.split(/\r\n|\r|\n/);
  const endLine = message.endLine ?? message.line;
  const endColumn = message.endColumn ?? message.column;
  // ESLint's columns are 1-based and endColumn points just past the last character.
  const covered = lines.slice(message.line - 1, endLine);
  if (covered.length === 0) return '';
  if (covered.length === 1) return covered[0]!.slice(message.column - 1, endColumn - 1);
  covered[0] = covered[0]!.slice(message.column - 1);
  covered[covered.length - 1] = covered[covered.length - 1]!.slice(0, endColumn - 1);
  return covered.join('\n');
}

/** Whitespace collapsed, so re-indenting or re-wrapping the offending code keeps its fingerprint. */
export function normaliseCode(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface Fingerprint {
  /** sha256 of rule, file, code and occurrence, 16 hex digits: the baseline key and SARIF's partialFingerprints value. */
  key: string;
  /** The rule id without the `poolguard/` prefix. */
  rule: string;
  /** Relative to the report root (absolute, with forward slashes, for a file outside it). */
  file: string;
  /** The offending source text, whitespace collapsed. */
  code: string;
  /** 0 for the first finding with the same rule, file and code, 1 for the second, … (in source order). */
  occurrence: number;
}

export function fingerprintKey(rule: string, file: string, code: string, occurrence: number): string {
  return createHash('sha256').update(`${rule}\n${file}\n${code}\n${occurrence}`).digest('hex').slice(0, 16);
}

/**
 * A fingerprint for every rule finding (fatal parse errors and skipped-file notes have none). The line
 * is deliberately left out: a finding that only moved keeps its fingerprint.
 */
export function fingerprintResults(results: LintResult[], root: string): Map<LintMessage, Fingerprint> {
  const out = new Map<LintMessage, Fingerprint>();
  for (const result of results) {
    const file = relativePath(root, result.filePath) ?? toPosix(result.filePath);
    const seen = new Map<string, number>();
    const ordered = result.messages
      .filter((m) => m.ruleId !== null && !m.fatal)
      .sort((a, b) => a.line - b.line || a.column - b.column);
    for (const message of ordered) {
      const rule = message.ruleId!.replace(/^poolguard\//, '');
      const code = normaliseCode(offendingText(result.source, message)) || normaliseCode(message.message);
      const group = `${rule}\n${code}`;
      const occurrence = seen.get(group) ?? 0;
      seen.set(group, occurrence + 1);
      out.set(message, { key: fingerprintKey(rule, file, code, occurrence), rule, file, code, occurrence });
    }
  }
  return out;
}
