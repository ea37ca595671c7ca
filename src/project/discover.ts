// File discovery (the CLI's and the ESLint plugin's project model's): fast-glob over the given paths, honouring .gitignore files, never entering
// node_modules, build output or generated clients, and skipping files exempt by design.
import fs from 'node:fs';
import path from 'node:path';
import { fg } from './glob.js';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DEFAULT_EXEMPT_FILES, NEVER_READ, toPosix } from '../core/policy.js';
export { NEVER_READ } from '../core/policy.js';
import { UsageError } from '../io/process.js';
import { readBounded } from '../io/read.js';

export const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

export interface Discovered {
  files: string[];
}

/** Whether `file` (absolute) is exempt by design or matched by the config's `ignores`, relative to `root`. */
export function exemptMatcher(root: string, extraIgnores: readonly string[] = []): (file: string) => boolean {
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES, ...extraIgnores], { dot: true });
  return (file) => {
    const relative = toPosix(path.relative(root, file));
    return exempt(relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(file) : relative);
  };
}

/**
 * Every checkable file under `paths` (absolute, sorted). An explicit file path is kept unless it is
 * exempt or ignored (a test file lint-staged passes), like ESLint; `noIgnore` keeps it anyway.
 */
export async function discoverFiles(paths: string[], cwd: string, root: string, extraIgnores: string[] = [], noIgnore = false): Promise<Discovered> {
  return discoverFilesSync(paths, cwd, root, extraIgnores, noIgnore);
}

/** The same, synchronously: what an ESLint rule (which cannot await) builds the project model from. */
export function discoverFilesSync(paths: readonly string[], cwd: string, root: string, extraIgnores: readonly string[] = [], noIgnore = false): Discovered {
  const files = new Set<string>();
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES, ...extraIgnores], { dot: true });
  const exemptFile = exemptMatcher(root, extraIgnores);
  const extension = new RegExp(`\\.(?:${EXTENSIONS.join('|')})$`);
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      throw new UsageError(`path not found: ${given}`);
    }
    if (stat.isFile()) {
      if (noIgnore || !exemptFile(abs)) files.add(abs);
      continue;
    }
    if (!stat.isDirectory()) throw new UsageError(`not a regular file: ${given}`);
    const found = fg.sync(`**/*.{${EXTENSIONS.join(',')}}`, {
      cwd: abs,
      absolute: true,
      dot: false,
      ignore: NEVER_READ,
      followSymbolicLinks: false,
      suppressErrors: true,
    });
    const gitignored = gitignoreFilter(abs);
    for (const file of found) {
      if (!extension.test(file) || gitignored(file)) continue;
      const relative = toPosix(path.relative(root, file));
      if (exempt(relative.startsWith('..') ? toPosix(path.relative(abs, file)) : relative)) continue;
      files.add(path.normalize(file));
    }
  }
  return { files: [...files].sort() };
}

/** A predicate for files ignored by any .gitignore between the repo root and the file. */
function gitignoreFilter(dir: string): (file: string) => boolean {
  const ignoreFiles = new Map<string, Ignore>();
  // .gitignore files above the scanned folder, up to the repository root, apply too.
  // A folder the user names explicitly is checked even when an ancestor ignores it (like .bench/).
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    addIgnoreFile(ignoreFiles, up);
    const ig = ignoreFiles.get(up);
    if (ig?.ignores(`${toPosix(path.relative(up, dir))}/`)) ignoreFiles.delete(up);
    if (fs.existsSync(path.join(up, '.git')) || path.dirname(up) === up) break;
  }
  const nested = fg.sync('**/.gitignore', { cwd: dir, absolute: true, dot: true, ignore: ['**/node_modules/**', '**/.git/**'], followSymbolicLinks: false, suppressErrors: true });
  addIgnoreFile(ignoreFiles, dir);
  for (const file of nested) addIgnoreFile(ignoreFiles, path.dirname(file));
  if (ignoreFiles.size === 0) return () => false;
  return (file) => {
    for (const [base, ig] of ignoreFiles) {
      const relative = path.relative(base, file);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (ig.ignores(toPosix(relative))) return true;
    }
    return false;
  };
}

function addIgnoreFile(into: Map<string, Ignore>, dir: string): void {
  if (into.has(dir)) return;
  const file = path.join(dir, '.gitignore');
  const read = readBounded(file, 4 * 1024 * 1024);
  if (read.ok) into.set(dir, ignore().add(read.buffer.toString('utf8')));
}
