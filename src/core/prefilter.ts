// A cheap text test run before parsing: a file can hold a finding only if it imports a client module
// (catalogue package or declared factory), or it calls import() / a close method and imports a
// singleton module. Exact on specifiers, so it never skips a file the extractor would flag.
import type { Policy } from './policy.js';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\1/g;
const CLOSE_CALL = /\.\s*(?:end|\$disconnect|destroy|close|disconnect|quit)\s*\(/;

/** Every module specifier the text imports, re-exports or requires (`from`, `import()`, `require()`). */
export function importSpecifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[2]!);
}

/** Does the file import a catalogue package or a factory (declared, or found by the project model)? */
export function importsClientModule(text: string, filename: string, policy: Policy): boolean {
  return importSpecifiers(text).some((specifier) => policy.isClientModule(filename, specifier));
}

export function mayHaveFindings(text: string, filename: string, policy: Policy): boolean {
  const lazyOrClose = text.includes('import(') || text.includes('import (') || CLOSE_CALL.test(text);
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    if (policy.isClientModule(filename, specifier)) return true;
    if (lazyOrClose && policy.isSingletonSpecifier(filename, specifier)) return true;
  }
  return false;
}
