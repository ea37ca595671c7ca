// Every file poolguard writes goes through here: checked first (inside the project root, not through a
// symlink that leaves it, short enough names, a writable folder, unchanged since it was read), then
// written atomically through a short temp file that is removed on every exit path a process can see.
import fs from 'node:fs';
import path from 'node:path';
import { hasRawPath } from './names.js';

/** One file to write: `before` is the text it was read as (undefined: the file is created). */
export interface PlannedWrite {
  file: string;
  before: string | undefined;
  after: string;
}

/** Where a planned write really goes (a symlink inside the root is written at its target), or why it cannot. */
export type Checked = { ok: true; target: string } | { ok: false; reason: string };

const NAME_MAX = 255;
const TEMP = /^\.poolguard-(\d+)-\d+\.tmp$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Is `file` at or below `root` (both real paths)? */
export const isInside = (root: string, file: string): boolean => {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
};

/** The deepest existing folder on the way to `file`, and the parts still to create below it. */
function existingAncestor(file: string): { dir: string; missing: string[] } {
  const missing: string[] = [];
  let dir = path.dirname(file);
  while (!fs.existsSync(dir)) {
    missing.unshift(path.basename(dir));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return { dir, missing };
}

/** Is it safe to write `write` under `root`? Nothing is written or created. */
export function checkWrite(root: string, write: PlannedWrite): Checked {
  const realRoot = fs.realpathSync(root);
  if (hasRawPath(write.file)) return { ok: false, reason: 'left untouched: its name is not valid UTF-8 (poolguard reads such files but does not write them)' };
  const tooLong = path.resolve(write.file).split(path.sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (tooLong !== undefined) return { ok: false, reason: `not written: the name ${tooLong.slice(0, 40)}… is longer than ${NAME_MAX} bytes (ENAMETOOLONG)` };
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(write.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: `not written: ${code(error)}` };
  }
  let target = write.file;
  if (stat?.isSymbolicLink()) {
    try {
      target = fs.realpathSync(write.file);
    } catch (error) {
      return { ok: false, reason: `not written: a symlink that does not resolve (${code(error)})` };
    }
    if (!isInside(realRoot, target)) return { ok: false, reason: `not written: a symlink to ${target}, outside the project root ${realRoot}` };
    stat = fs.statSync(target);
  }
  if (stat && !stat.isFile()) return { ok: false, reason: 'not written: not a regular file' };
  if (write.before === undefined && stat) return { ok: false, reason: 'not written: the file appeared since the run started' };
  const { dir, missing } = existingAncestor(target);
  let realDir: string;
  try {
    realDir = fs.realpathSync(dir);
  } catch (error) {
    return { ok: false, reason: `not written: ${code(error)}` };
  }
  if (!isInside(realRoot, realDir)) return { ok: false, reason: `not written: its folder is ${realDir} (through a symlink), outside the project root ${realRoot}` };
  if (!fs.statSync(realDir).isDirectory()) return { ok: false, reason: `not written: ${realDir} is not a folder (ENOTDIR)` };
  try {
    fs.accessSync(realDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    return { ok: false, reason: `not written: ${missing.length > 0 ? 'cannot create a folder in' : 'cannot write in'} ${realDir}: ${code(error)}` };
  }
  if (write.before !== undefined) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(target);
    } catch (error) {
      return { ok: false, reason: `not written: ${code(error)}` };
    }
    if (!isUtf8(bytes)) return { ok: false, reason: 'left untouched: not valid UTF-8 (rewriting would replace its bytes)' };
    if (!bytes.equals(Buffer.from(write.before, 'utf8'))) return { ok: false, reason: 'left untouched: it changed on disk since poolguard read it' };
  }
  return { ok: true, target };
}

export function isUtf8(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

// Temp files of this process, removed when it exits however it can notice (a SIGKILL it cannot: the
// next run removes those, see removeStaleTemps).
const temps = new Set<string>();
let counter = 0;
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const clean = () => {
    for (const file of temps) fs.rmSync(file, { force: true });
    temps.clear();
  };
  process.once('exit', clean);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      clean();
      process.kill(process.pid, signal);
    });
  }
}

/** Test hook: set by a test to stop between writing a temp file and renaming it. */
export const writeHooks: { afterTemp?: () => Promise<void> } = {};

/**
 * Writes `text` to `target` atomically: a temp file with a short name (so a long file name cannot go
 * over the limit) in the same folder, with the old file's mode and owner, flushed, then renamed over.
 */
export async function writeAtomic(target: string, text: string): Promise<void> {
  hookExit();
  fs.mkdirSync(path.dirname(target), { recursive: true });
  let mode = 0o666 & ~process.umask();
  let owner: { uid: number; gid: number } | undefined;
  try {
    const stat = fs.statSync(target);
    mode = stat.mode & 0o7777;
    owner = { uid: stat.uid, gid: stat.gid };
  } catch {
    // a new file
  }
  const temp = path.join(path.dirname(target), `.poolguard-${process.pid}-${++counter}.tmp`);
  temps.add(temp);
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.writeFileSync(fd, text);
      fs.fchmodSync(fd, mode);
      if (owner && process.getuid?.() === 0) fs.fchownSync(fd, owner.uid, owner.gid);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (writeHooks.afterTemp) await writeHooks.afterTemp();
    fs.renameSync(temp, target);
    temps.delete(temp);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    temps.delete(temp);
    throw error;
  }
}

/** Removes temp files a killed poolguard left in `dir` (their process is gone). */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined || (Number(pid) !== process.pid && alive(Number(pid)))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An errno error in a few words: `no space left on device (ENOSPC)`. */
export function code(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (!e?.code) return error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const detail = /^[A-Z]+: ([^,]+)/.exec(e.message)?.[1];
  return detail ? `${detail} (${e.code})` : e.code;
}
