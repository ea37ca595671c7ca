// How an import specifier maps to files, in one place: the policy (matching factories and singleton
// modules without touching the disk), the project model (against the files it read) and the codemod
// (against the disk) each resolve through these two steps and differ only in where they look.
import path from 'node:path';
import { SOURCE_EXTENSIONS, stripSourceExtension } from './extensions.js';

/** A tsconfig `paths` entry: `@/*` → prefix `@/`, targets [`/abs/src/`]. */
export interface AliasPath {
  prefix: string;
  targets: readonly string[];
}

/**
 * The paths a specifier may name, before extension guessing: relative to the importing file, or
 * through the tsconfig `paths` that apply to it. A bare package name gives [] (packages are resolved
 * by the workspace, not here). POSIX paths.
 */
export function specifierBases(fromFile: string, specifier: string, aliases: readonly AliasPath[] | undefined): string[] {
  if (specifier.startsWith('.')) return [path.posix.resolve(path.posix.dirname(fromFile), specifier)];
  const bases: string[] = [];
  for (const alias of aliases ?? []) {
    if (alias.prefix && specifier.startsWith(alias.prefix)) {
      bases.push(...alias.targets.map((target) => path.posix.join(target, specifier.slice(alias.prefix.length))));
    }
  }
  return bases;
}

/** The files a base path may be: as written, with each source extension (`./db.js` written for `db.ts`), or its index. */
export function candidateFiles(base: string): string[] {
  const stem = stripSourceExtension(base);
  return [...new Set([base, ...SOURCE_EXTENSIONS.map((ext) => stem + ext), ...SOURCE_EXTENSIONS.map((ext) => `${stem}/index${ext}`)])];
}
