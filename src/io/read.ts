// The one way poolguard reads a file it did not write: only regular files (a FIFO, socket or device is
// never opened for reading, so it cannot hang or flood the process), and never more than a cap.
import fs from 'node:fs';
import { fsPath } from './names.js';
import { UsageError } from './process.js';

export type ReadOutcome =
  | { ok: true; buffer: Buffer }
  | { ok: false; reason: 'not-regular' | 'too-large' | 'error'; message: string; code?: string };

/** Reads `file` (following symlinks; a name that is not UTF-8 by its bytes, see names.ts) if it is a regular file of at most `maxBytes`. Never throws. */
export function readBounded(file: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting for one.
    fd = fs.openSync(fsPath(file), fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    return failed(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not-regular', message: 'not a regular file' };
    if (stat.size > maxBytes) return { ok: false, reason: 'too-large', message: `${(stat.size / 1024 / 1024).toFixed(1)} MiB is over the ${formatLimit(maxBytes)} limit` };
    // Read at most one byte past the cap: a file that grows while read is still bounded.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) return { ok: false, reason: 'too-large', message: `over the ${formatLimit(maxBytes)} limit` };
      // The size fstat gave: a regular file reads short only at its end, so no second read to learn it.
      if (length === buffer.length || length >= stat.size) break;
    }
    return { ok: true, buffer: buffer.subarray(0, length) };
  } catch (error) {
    return failed(error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Text of a small file (config, baseline, .gitignore), or undefined when it does not exist. */
export function readTextIfExists(file: string, maxBytes = 64 * 1024 * 1024): string | undefined {
  const read = readBounded(file, maxBytes);
  if (read.ok) return stripBom(read.buffer.toString('utf8'));
  if (read.code === 'ENOENT' || read.code === 'ENOTDIR') return undefined;
  throw new UsageError(`cannot read ${file}: ${read.message}`);
}

/** Text of a regular file of at most `maxBytes` (1 MiB by default), or undefined for anything else. Never throws. */
export function readTextOrUndefined(file: string, maxBytes = 1024 * 1024): string | undefined {
  const read = readBounded(file, maxBytes);
  return read.ok ? read.buffer.toString('utf8') : undefined;
}

/** JSON.parse after a leading UTF-8 byte-order mark, which editors on Windows add. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(stripBom(text));
}

/** JSON with comments and trailing commas (tsconfig.json), as TypeScript and editors read it. */
export function parseJsoncText(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      // A string, escapes and all: nothing inside it is a comment.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return parseJsonText(removeTrailingCommas(out));
}

/** Drops each comma that only whitespace separates from a closing bracket (outside strings). */
function removeTrailingCommas(json: string): string {
  let out = '';
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < json.length && json[j] !== '"') j += json[j] === '\\' ? 2 : 1;
      out += json.slice(i, j + 1);
      i = j;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < json.length && /\s/.test(json[j]!)) j++;
      if (json[j] === '}' || json[j] === ']') continue;
    }
    out += c;
  }
  return out;
}

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Is `file` (symlinks followed) anything but a regular file or folder: FIFO, socket, device? */
export function isSpecialFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    return !stat.isFile() && !stat.isDirectory();
  } catch {
    return false;
  }
}

function failed(error: unknown): ReadOutcome {
  const code = (error as NodeJS.ErrnoException).code;
  return { ok: false, reason: 'error', message: code ?? String(error), ...(code ? { code } : {}) };
}

const formatLimit = (bytes: number): string => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`);

/** readFileSync(file, 'utf8') for callers that catch: throws when `file` is not a regular file of at most `maxBytes`. */
export function readRegularText(file: string, maxBytes = 16 * 1024 * 1024): string {
  const read = readBounded(file, maxBytes);
  if (!read.ok) throw Object.assign(new Error(`${file}: ${read.message}`), read.code ? { code: read.code } : {});
  return read.buffer.toString('utf8');
}
