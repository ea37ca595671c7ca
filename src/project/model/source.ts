// The files the model reads: each text read once and its import specifiers scanned once, shared by
// every phase (and handed on to the linter through `ProjectModel.textOf`).
import { toPosix } from '../../core/policy.js';
import { importSpecifiers, mayCloseOrImportLazily, type TextHints } from '../../core/prefilter.js';
import { stripSourceExtension } from '../../core/extensions.js';
import { readBounded } from '../../io/read.js';


/** `/repo/src/db/index.ts` → `/repo/src/db`: what an import without extension or index names. */
export const stemOf = (file: string): string => stripSourceExtension(toPosix(file)).replace(/\/index$/, '');

export function defaultRead(file: string): string | undefined {
  return defaultReadBytes(file)?.toString('utf8');
}

/** The file's bytes, as the model keeps them (see projectSource). */
export function defaultReadBytes(file: string): Buffer | undefined {
  try {
    // The linter skips bundles, binaries and special files with a warning; the model ignores them.
    const read = readBounded(file, 1024 * 1024);
    if (!read.ok) return undefined;
    if (read.buffer.subarray(0, 8000).includes(0)) return undefined;
    return read.buffer;
  } catch {
    return undefined;
  }
}

export interface ProjectSource {
  /** The file's text; '' when it cannot be read. */
  textOf(file: string): string;
  /** Every module specifier the file imports, re-exports or requires. */
  specifiersOf(file: string): string[];
  /** The text when it was read (undefined: never asked for, or unreadable). */
  readText(file: string): string | undefined;
  /** The specifiers and the linter's other hint, when they were read. */
  readHints(file: string): TextHints | undefined;
}

/**
 * `read` may give bytes: they are kept as bytes (outside the JavaScript heap) and decoded when asked
 * for. A monorepo's every file held as strings is most of what the garbage collector copies in a
 * `check` (dub: ~13 MB of source, ~0.2 s of scavenges); a decoded text that is not kept dies young.
 */
export function projectSource(read: (file: string) => string | Buffer | undefined): ProjectSource {
  const texts = new Map<string, string | Buffer>();
  const unreadable = new Set<string>();
  const specifiers = new Map<string, string[]>();
  // Read with the specifiers, from the same decoded text: the linter's prefilter then decodes few texts again.
  const lazyOrClose = new Set<string>();
  const textOf = (file: string): string => {
    let text = texts.get(file);
    if (text === undefined && !unreadable.has(file)) {
      const read_ = read(file);
      if (read_ === undefined) unreadable.add(file);
      else texts.set(file, (text = read_));
    }
    return text === undefined ? '' : typeof text === 'string' ? text : text.toString('utf8');
  };
  return {
    textOf,
    specifiersOf(file) {
      let list = specifiers.get(file);
      if (!list) {
        const text = textOf(file);
        specifiers.set(file, (list = importSpecifiers(text)));
        if (mayCloseOrImportLazily(text)) lazyOrClose.add(file);
      }
      return list;
    },
    readText: (file) => {
      const text = texts.get(file);
      return text === undefined || typeof text === 'string' ? text : text.toString('utf8');
    },
    readHints: (file) => {
      // None for a file the model could not read (too large, binary): the linter reports it itself.
      const text = texts.get(file);
      const list = text === undefined ? undefined : specifiers.get(file);
      return list && { specifiers: list, lazyOrClose: lazyOrClose.has(file), bytes: typeof text === 'string' ? Buffer.byteLength(text) : text!.length };
    },
  };
}

/** `export * from 'x'`, `export * as ns from 'x'`, `export { a, b } from 'x'`: group 1 the clause, 3 the specifier. */
export const REEXPORT = /\bexport\s+(\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\2/g;
