// File names that are not UTF-8. Node turns such a name into a string with U+FFFD in it, and that
// string names no file: opening it fails with ENOENT. The walk registers the bytes behind each such
// name, and every read asks here for what to hand the file system.
import { isUtf8 } from 'node:buffer';

const raw = new Map<string, Buffer>();
const lossy = new TextDecoder('utf-8');

/**
 * The name to use in messages for `bytes` (a path or one of its parts), and whether it is exact:
 * a name that is not UTF-8 shows its bad bytes as U+FFFD.
 */
export function displayName(bytes: Buffer): { name: string; exact: boolean } {
  return isUtf8(bytes) ? { name: bytes.toString('utf8'), exact: true } : { name: lossy.decode(bytes), exact: false };
}

/**
 * Records that `display` stands for the path `bytes`. False when `display` already stands for another
 * path (two names that differ only in bytes that are not UTF-8): the second cannot be told apart.
 */
export function registerRawPath(display: string, bytes: Buffer): boolean {
  const known = raw.get(display);
  if (known && !known.equals(bytes)) return false;
  raw.set(display, bytes);
  return true;
}

/** What to pass to `fs` for `file`: its registered bytes, or the string itself. */
export const fsPath = (file: string): string | Buffer => raw.get(file) ?? file;

/** Does `file` stand for a name that is not UTF-8 (so it cannot be written under that name)? */
export const hasRawPath = (file: string): boolean => raw.has(file);
