// File discovery (the CLI's and the ESLint plugin's project model's): a walk over the given paths
// (src/project/walk.ts), honouring .gitignore files, never entering node_modules, build output or
// generated clients, skipping files exempt by design, and saying what it skipped for another reason
// (a FIFO, socket or device with a source name, a folder it cannot read).
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { DEFAULT_EXEMPT_FILES, NEVER_READ, toPosix } from '../core/policy.js';
export { NEVER_READ } from '../core/policy.js';
import { UsageError } from '../io/process.js';
import { readBounded } from '../io/read.js';
import { walk } from './walk.js';

export const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];

export interface Discovered {
  files: string[];
  /**
   * Per folder walked (absolute, as given): the config-file candidates it holds (`.env*`, compose
   * files, Prisma schemas, package.json, .gitignore), so the config check needs no walk of its own.
   */
  configCandidates: Map<string, string[]>;
  /** What the walk found and could not check, and why: special files, unreadable folders. */
  skipped: Array<{ path: string; kind: 'file' | 'folder'; why: string }>;
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
  const skipped: Discovered['skipped'] = [];
  const configCandidates = new Map<string, string[]>();
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES, ...extraIgnores], { dot: true });
  const exemptFile = exemptMatcher(root, extraIgnores);
  const extension = new RegExp(`\\.(?:${EXTENSIONS.join('|')})$`);
  const never = picomatch(NEVER_READ, { dot: true });
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
    const found = walk(abs, {
      // A probe below the folder: `**/dist/**` names what is inside dist/.
      pruneDir: (relative) => never(`${relative}/x`),
      wantFile: (relative) => extension.test(relative) && !never(relative),
      wantOther: (name, relative) => isConfigCandidate(name) && !never(relative),
    });
    configCandidates.set(abs, [...found.others, ...found.gitignoreDirs.map((dir) => path.join(dir, '.gitignore'))]);
    const gitignored = gitignoreFilter(abs, found.gitignoreDirs);
    const rootPrefix = root.endsWith(path.sep) ? root : root + path.sep;
    const kept = (file: string) => {
      if (gitignored(file)) return false;
      // Exemptions are relative to the root, or to the scanned folder when it lies outside the root.
      return !exempt(toPosix(file.startsWith(rootPrefix) ? file.slice(rootPrefix.length) : path.relative(file.startsWith(abs) ? abs : root, file)));
    };
    for (const file of found.files) if (kept(file)) files.add(path.normalize(file));
    for (const { file, kind } of found.special) if (kept(file)) skipped.push({ path: file, kind: 'file', why: `${kind}, not a regular file` });
    for (const file of found.ambiguous) if (kept(file)) skipped.push({ path: file, kind: 'file', why: 'its name is not valid UTF-8 and reads the same as another file\'s' });
    // A folder is skipped only where a file in it would have been kept.
    for (const { dir, code } of found.unreadable) if (kept(path.join(dir, 'x.ts'))) skipped.push({ path: dir, kind: 'folder', why: `cannot list its files (${code})` });
  }
  return { files: [...files].sort(), configCandidates, skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/**
 * A name the config-file check reads (src/config-files/discover.ts says which kind): `.env`,
 * `.env.*`, `*compose*.yml|yaml`, `*.prisma`, and the package.json files that say whether Prisma is
 * used. Other dot names are not (a glob's `*` does not match a leading dot).
 */
export function isConfigCandidate(name: string): boolean {
  if (name === '.env' || name.startsWith('.env.')) return true;
  return !name.startsWith('.') && (name === 'package.json' || name.endsWith('.prisma') || /compose.*\.ya?ml$/.test(name));
}

/** A predicate for files ignored by any .gitignore between the repo root and the file. */
function gitignoreFilter(dir: string, nestedDirs: readonly string[]): (file: string) => boolean {
  const ignoreFiles = new Map<string, Ignore>();
  // .gitignore files above the scanned folder, up to the repository root, apply too.
  // A folder the user names explicitly is checked even when an ancestor ignores it (like .bench/).
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    addIgnoreFile(ignoreFiles, up);
    const ig = ignoreFiles.get(up);
    if (ig?.ignores(`${toPosix(path.relative(up, dir))}/`)) ignoreFiles.delete(up);
    if (fs.existsSync(path.join(up, '.git')) || path.dirname(up) === up) break;
  }
  addIgnoreFile(ignoreFiles, dir);
  // The walk's: a .gitignore in a folder it does not enter could only ignore files it does not find.
  for (const nested of nestedDirs) addIgnoreFile(ignoreFiles, nested);
  if (ignoreFiles.size === 0) return () => false;
  // Once per file, against every .gitignore of the tree: a prefix test, not path.relative, says which apply.
  const bases = [...ignoreFiles].map(([base, ig]) => ({ prefix: base.endsWith(path.sep) ? base : base + path.sep, ig }));
  return (file) => {
    for (const { prefix, ig } of bases) {
      if (!file.startsWith(prefix)) continue;
      if (ig.ignores(toPosix(file.slice(prefix.length)))) return true;
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
