// `--changed-since REF`: check only the files a branch touched since it left REF, plus the files that
// import a singleton module it touched (their findings depend on what the singleton is).
import path from 'node:path';
import type { Policy } from '../core/policy.js';
import { gitOutput, workTreeRoot } from './git.js';
import { UsageError } from '../io/process.js';
import { readBounded } from '../io/read.js';
import { MAX_FILE_BYTES } from '../io/results.js';
import { importSpecifiers } from '../core/prefilter.js';
import { stripSourceExtension } from '../core/extensions.js';

export interface ChangedFiles {
  /** The merge base of HEAD with REF. */
  base: string;
  /** Added, modified or type-changed since the merge base (committed or not), plus untracked files; absolute. */
  changed: Set<string>;
  /** Deleted since the merge base (a renamed file counts as deleted + added); absolute. */
  deleted: Set<string>;
}

const nulSplit = (out: string): string[] => out.split('\0').filter(Boolean);

/** What changed between `git merge-base REF HEAD` and the work tree. One-line UsageErrors for every failure. */
export function changedSince(ref: string, dir: string): ChangedFiles {
  const top = workTreeRoot(dir);
  if (top === undefined) throw new UsageError(`--changed-since needs a git repository, and ${dir} is not inside a git work tree`);
  // A ref starting with '-' would be read as an option: refuse it rather than quote it.
  if (ref === '' || ref.startsWith('-') || gitOutput(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) === undefined) {
    throw new UsageError(`--changed-since: unknown git revision "${ref}"`);
  }
  const base = gitOutput(top, ['merge-base', ref, 'HEAD'])?.trim();
  if (!base) throw new UsageError(`--changed-since: "${ref}" and HEAD have no merge base (a shallow clone? fetch the history, e.g. actions/checkout with fetch-depth: 0)`);
  const diff = gitOutput(top, ['-c', 'core.quotepath=off', 'diff', '--no-color', '--no-ext-diff', '--name-status', '--no-renames', '-z', base, '--']);
  const untracked = gitOutput(top, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (diff === undefined || untracked === undefined) throw new UsageError(`--changed-since: git diff against ${base.slice(0, 12)} failed`);
  const changed = new Set<string>();
  const deleted = new Set<string>();
  const fields = nulSplit(diff);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!;
    const file = path.resolve(top, fields[i + 1]!);
    if (status.startsWith('D')) deleted.add(file);
    else changed.add(file);
  }
  for (const file of nulSplit(untracked)) changed.add(path.resolve(top, file));
  return { base, changed, deleted };
}

const stem = stripSourceExtension;

/** The module stems a file can be imported by: `lib/db.ts` → `lib/db`; `lib/db/index.ts` → also `lib/db`. */
function importStems(file: string): string[] {
  const own = stem(file);
  return path.basename(own) === 'index' ? [own, path.dirname(own)] : [own];
}

/** Does `specifier`, written in `fromFile`, name one of `targets`' stems? Relative specifiers are resolved; aliases matched by their tail. */
function namesTarget(fromFile: string, specifier: string, targets: string[], policy: Policy): boolean {
  if (specifier.startsWith('.')) {
    const resolved = stem(path.resolve(path.dirname(fromFile), specifier));
    return targets.includes(resolved);
  }
  // `@/lib/db`, `~/server/db`, a tsconfig path: the policy knows it names a singleton; the tail says which.
  if (!policy.isSingletonSpecifier(fromFile, specifier)) return false;
  const tail = stem(specifier.replace(/^[@~#$][^/]*\//, ''));
  return targets.some((target) => target.endsWith(`${path.sep}${tail.split('/').join(path.sep)}`));
}

/**
 * The files to check for `--changed-since`: the changed ones among `files` (so discovery's exemptions and
 * ignores still apply), plus every file among `files` that imports a changed or deleted singleton module.
 */
export function selectChanged(files: string[], policy: Policy, changes: ChangedFiles): string[] {
  const singletons = [...changes.changed, ...changes.deleted].filter((file) => policy.isSingletonFile(file));
  const targets = singletons.flatMap(importStems);
  const names = [...new Set(targets.map((t) => path.basename(t)))];
  return files.filter((file) => {
    if (changes.changed.has(file)) return true;
    if (targets.length === 0) return false;
    const read = readBounded(file, MAX_FILE_BYTES);
    if (!read.ok) return false;
    const text = read.buffer.toString('utf8');
    if (!names.some((name) => text.includes(name))) return false;
    return importSpecifiers(text).some((specifier) => namesTarget(file, specifier, targets, policy));
  });
}

/**
 * runCheck's `select` hook for these changes, and a `keep` filter for its results: runCheck also checks
 * config files (.env, compose, schema.prisma), which count only when they changed too.
 */
export function changedFilter(changes: ChangedFiles): { select: (files: string[], policy: Policy) => string[]; keep: (result: { filePath: string }) => boolean } {
  const selected = new Set<string>();
  return {
    select(files, policy) {
      for (const file of selectChanged(files, policy, changes)) selected.add(file);
      return [...selected];
    },
    keep: (result) => selected.has(result.filePath) || changes.changed.has(result.filePath),
  };
}
