// The folder walk under discovery, reading names as the file system holds them: a backslash is part
// of a name on POSIX (fast-glob's absolute paths turned it into a separator), and a name that is not
// UTF-8 keeps its bytes (src/io/names.ts), so its file can still be read. Regular files only: symlinks
// are not followed (so a symlink loop cannot trap the walk), and the special files and unreadable
// folders it meets are returned, to be reported instead of silently dropped.
import fs from 'node:fs';
import path from 'node:path';
import { displayName, registerRawPath } from '../io/names.js';

export interface WalkFilter {
  /** Is the folder at this path (relative to the walk's start, posix) never entered? */
  pruneDir(relative: string): boolean;
  /** Is a file at this path (relative, posix) wanted? */
  wantFile(relative: string): boolean;
  /** Another regular file to collect by name, dot names included (config files: `.env`, compose files). */
  wantOther?(name: string, relative: string): boolean;
}

export interface Walked {
  /** Wanted regular files (absolute). */
  files: string[];
  /** Wanted names that are a FIFO, socket or device: never opened. */
  special: Array<{ file: string; kind: string }>;
  /** Folders that could not be listed, and why (an errno code). */
  unreadable: Array<{ dir: string; code: string }>;
  /** Folders holding a `.gitignore` file. */
  gitignoreDirs: string[];
  /** Wanted files skipped because their name cannot be told apart from another's. */
  ambiguous: string[];
  /** The regular files `wantOther` asked for (absolute). */
  others: string[];
}

const kindOf = (entry: fs.Dirent<Buffer>): string =>
  entry.isFIFO() ? 'a FIFO' : entry.isSocket() ? 'a socket' : entry.isCharacterDevice() ? 'a character device' : entry.isBlockDevice() ? 'a block device' : 'not a regular file';

const SEP = Buffer.from(path.sep);

/** Everything under `start` (an existing folder) the filter wants; hidden files and folders are skipped. */
export function walk(start: string, filter: WalkFilter): Walked {
  const out: Walked = { files: [], special: [], unreadable: [], gitignoreDirs: [], ambiguous: [], others: [] };
  // Each folder by its display path, its bytes (only when some part of it is not UTF-8) and its path relative to `start`.
  const stack: Array<{ dir: string; bytes: Buffer | undefined; relative: string }> = [{ dir: start, bytes: undefined, relative: '' }];
  while (stack.length > 0) {
    const { dir, bytes, relative } = stack.pop()!;
    let entries: Array<fs.Dirent<Buffer>>;
    try {
      entries = fs.readdirSync(bytes ?? dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      // A folder removed while walking is simply gone; anything else leaves its files unchecked.
      if (code !== 'ENOENT') out.unreadable.push({ dir, code });
      continue;
    }
    for (const entry of entries) {
      const { name, exact } = displayName(entry.name);
      const childRelative = relative ? `${relative}/${name}` : name;
      if (filter.wantOther && exact && !bytes && entry.isFile() && filter.wantOther(name, childRelative)) out.others.push(path.join(dir, name));
      if (name.startsWith('.')) {
        if (name === '.gitignore' && entry.isFile()) out.gitignoreDirs.push(dir);
        continue;
      }
      const display = path.join(dir, name);
      const childBytes = exact && !bytes ? undefined : Buffer.concat([bytes ?? Buffer.from(dir), SEP, entry.name]);
      if (entry.isDirectory()) {
        if (!filter.pruneDir(childRelative)) stack.push({ dir: display, bytes: childBytes, relative: childRelative });
        continue;
      }
      if (entry.isSymbolicLink() || !filter.wantFile(childRelative)) continue;
      if (!entry.isFile()) {
        out.special.push({ file: display, kind: kindOf(entry) });
        continue;
      }
      if (childBytes && !registerRawPath(display, childBytes)) {
        out.ambiguous.push(display);
        continue;
      }
      out.files.push(display);
    }
  }
  return out;
}
