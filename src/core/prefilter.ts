// A cheap text test run before parsing. A file can hold a finding only if it may create a client (it
// binds a creator: a catalogue export such as `PrismaClient`, the default of `postgres`, a declared or
// inferred factory, or a default / namespace import / require() / import() of such a module that it
// uses), or it calls import() / a close method and imports a singleton module. Exact: it never skips a
// file the extractor would flag; anything it cannot read (a comment inside an import clause) passes.
import { lookupClient } from './clients.js';
import type { Policy } from './policy.js';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"`])([^'"`\n]+)\1/g;
const CLOSE_CALL = /\.\s*(?:end|\$disconnect|destroy|close|disconnect|quit)\s*\(/;
/** The last `import` / `export` keyword before a `from`: the statement the specifier belongs to. */
const KEYWORD = /\b(import|export)\b(?![\w$])/g;
const NAME = String.raw`[A-Za-z_$][\w$]*`;
/** `import` clauses: `X`, `X, { a, b as c, type d }`, `* as ns`, `X, * as ns`, `type { … }`. */
const IMPORT_CLAUSE = new RegExp(String.raw`^\s*(type\s+(?=[{*]|${NAME}\s*(?:,|$)))?(?:(${NAME})\s*(?:,\s*|$))?(?:\*\s*as\s+(${NAME})|\{([^{}]*)\})?\s*$`);
const EXPORT_CLAUSE = new RegExp(String.raw`^\s*(?:type\s+)?(?:\*(?:\s*as\s+${NAME})?|\{[^{}]*\})\s*$`);
const NAMED = new RegExp(String.raw`^(type\s+)?(${NAME})(?:\s+as\s+(${NAME}))?$`);

/** Every module specifier the text imports, re-exports or requires (`from`, `import()`, `require()`). */
export function importSpecifiers(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => match[2]!);
}

/** Does the file import a catalogue package or a factory (declared, or found by the project model)? */
export function importsClientModule(text: string, filename: string, policy: Policy): boolean {
  return importSpecifiers(text).some((specifier) => policy.isClientModule(filename, specifier));
}

/** A dynamic import or a call that may close a client: with a singleton's import, worth a parse. */
export function mayCloseOrImportLazily(text: string): boolean {
  return text.includes('import(') || text.includes('import (') || CLOSE_CALL.test(text);
}

/** What the prefilter reads from a text besides mayCreateClient, when the project model has read it already. */
export interface TextHints {
  specifiers: readonly string[];
  lazyOrClose: boolean;
  /** The UTF-8 size of the text they were read from: a caller holding a text can tell it is another. */
  bytes: number;
}

/** mayHaveFindings, when that can be told from the hints alone: only mayCreateClient needs the text. */
export function mayHaveFindingsByHints(hints: TextHints, filename: string, policy: Policy): 'no' | 'yes' | 'read' {
  if (hints.lazyOrClose && hints.specifiers.some((s) => policy.isSingletonSpecifier(filename, s))) return 'yes';
  return hints.specifiers.some((s) => policy.isClientModule(filename, s)) ? 'read' : 'no';
}

export function mayHaveFindings(text: string, filename: string, policy: Policy, hints?: TextHints): boolean {
  if (hints) {
    const answer = mayHaveFindingsByHints(hints, filename, policy);
    return answer === 'read' ? mayCreateClient(text, filename, policy) : answer === 'yes';
  }
  if (mayCreateClient(text, filename, policy)) return true;
  return mayCloseOrImportLazily(text) && importSpecifiers(text).some((specifier) => policy.isSingletonSpecifier(filename, specifier));
}

/**
 * Could the file hold a create site? Only through a binding of a client module that can reach a
 * creator and that the file uses again: `import { Prisma }` and `import type { PrismaClient }` cannot,
 * nor can a re-export (`export * from '@prisma/client'` creates nothing in the file that writes it).
 */
export function mayCreateClient(text: string, filename: string, policy: Policy): boolean {
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[2]!;
    if (!policy.isClientModule(filename, specifier)) continue;
    if (!match[0].startsWith('from')) {
      if (/^import\s+['"`]/.test(match[0])) continue; // `import 'pg'` binds nothing
      return true; // require(), import(), `import x = require()`: the binding is not read here
    }
    const statement = statementBefore(text, match.index);
    // No keyword, or a comment inside the clause: not read here.
    if (!statement || statement.clause.includes('/')) return true;
    if (statement.keyword === 'export') {
      if (EXPORT_CLAUSE.test(statement.clause)) continue;
      return true;
    }
    const end = match.index + match[0].length;
    if (importMayCreate(statement.clause, specifier, filename, policy, (name) => usedOutside(text, name, statement.start, end))) return true;
  }
  return false;
}

function statementBefore(text: string, index: number): { keyword: string; clause: string; start: number } | undefined {
  // Import clauses are short: look back a bounded distance, not to the start of a large file.
  const from = Math.max(0, index - 4000);
  let last: RegExpExecArray | undefined;
  KEYWORD.lastIndex = 0;
  const window = text.slice(from, index);
  for (let m = KEYWORD.exec(window); m; m = KEYWORD.exec(window)) last = m;
  if (!last) return undefined;
  return { keyword: last[1]!, clause: window.slice(last.index + last[0].length), start: from + last.index };
}

/** Does this `import … from` clause bind a creator the file uses? Unreadable clauses say yes. */
function importMayCreate(clause: string, specifier: string, filename: string, policy: Policy, used: (name: string) => boolean): boolean {
  const parts = IMPORT_CLAUSE.exec(clause);
  if (!parts || !/[\w$*{]/.test(clause)) return true;
  const [, typeOnly, defaultName, namespace, named] = parts;
  if (typeOnly) return false;
  // A default or namespace binding reaches every export (`pg.Pool`, `const { Pool } = pg`).
  if (defaultName && used(defaultName)) return true;
  if (namespace && used(namespace)) return true;
  for (const raw of named?.split(',') ?? []) {
    const item = raw.trim();
    if (!item) continue;
    const spec = NAMED.exec(item);
    if (!spec) return true; // `{ "a-b" as c }`, a comment: not read here
    const [, typeSpecifier, imported, local] = spec;
    if (typeSpecifier || !used(local ?? imported!)) continue;
    if (imported === 'default') return true;
    if (lookupClient({ module: policy.clientModule(specifier), base: 'named', path: [imported!] }) || policy.factoryFor(filename, specifier, imported!)) return true;
  }
  return false;
}

/** Is `name` mentioned outside the import statement [start, end)? (In a type, a comment: still yes.) */
function usedOutside(text: string, name: string, start: number, end: number): boolean {
  const word = new RegExp(String.raw`(?<![\w$])${name.replace(/\$/g, '\\$')}(?![\w$])`, 'g');
  for (const m of text.matchAll(word)) if (m.index < start || m.index >= end) return true;
  return false;
}
