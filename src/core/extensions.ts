// The source files poolguard reads, and what a file's extension says about it: one place for every
// extension test, so discovery, resolution, parsing and the codemod agree.

/** Every extension a source file may have, with the dot, in resolution order. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

/** A source file: `.ts`, `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs` or `.cjs`. */
export const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** `src/lib/db.ts` → `src/lib/db` (any source extension). */
export function stripSourceExtension(file: string): string {
  return file.replace(SOURCE_FILE, '');
}

/** `.cjs` / `.cts`: CommonJS whatever package.json says. */
export function isCommonJsFile(file: string): boolean {
  return /\.c[jt]s$/.test(file);
}

/** `.ts`, `.mts`, `.cts`: TypeScript without JSX (`<T>x` is a type assertion there). */
export function isTypeScriptWithoutJsx(file: string): boolean {
  return /\.(?:ts|mts|cts)$/.test(file);
}

/** 1-based line and column of a source offset, as ESLint reports them. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
