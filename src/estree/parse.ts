// One parse for every consumer outside ESLint (the project model, `poolguard check`, the codemod's
// analysis): a TS-ESTree Program plus typescript-eslint's scope manager, as the rules get them.
//
// oxc-parser first: its TS-ESTree output is the same tree typescript-estree builds (test/estree/
// parser-parity.test.ts holds every fixture's facts and findings equal under both), and it loads in
// ~20 ms where typescript-estree loads TypeScript (~0.7 s, most of a `check`). A text oxc rejects,
// or a machine without its native binding, goes through typescript-estree, so what parses and the
// error a broken file reports stay the editor's (`import` in a `.cjs`, which TypeScript accepts).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { isCommonJsFile, isTypeScriptWithoutJsx } from '../core/extensions.js';

export interface Parsed {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
}

const require = createRequire(import.meta.url);

type Oxc = typeof import('oxc-parser');
let oxc: Oxc | null | undefined;
function loadOxc(): Oxc | null {
  if (oxc !== undefined) return oxc;
  try {
    oxc = require('oxc-parser') as Oxc;
  } catch {
    // No binding for this platform (or installed without optional dependencies).
    oxc = null;
  }
  return oxc;
}

let scopes: typeof import('@typescript-eslint/scope-manager') | undefined;
let tsParser: typeof import('@typescript-eslint/parser') | undefined;

/** The language oxc reads a file as: `.js` may hold JSX (typescript-estree's reading too). */
function langOf(filename: string): 'ts' | 'tsx' | 'jsx' {
  if (isTypeScriptWithoutJsx(filename)) return 'ts';
  return path.extname(filename) === '.tsx' ? 'tsx' : 'jsx';
}

/** The Program and its scopes, or undefined when oxc is unavailable or reports any error. */
export function parseWithOxc(filename: string, source: string): Parsed | undefined {
  const parser = loadOxc();
  if (!parser) return undefined;
  const sourceType = isCommonJsFile(filename) ? 'script' : 'module';
  const result = parser.parseSync(filename, source, { lang: langOf(filename), astType: 'ts', range: true, preserveParens: false, sourceType });
  if (result.errors.length > 0) return undefined;
  const ast = result.program as unknown as TSESTree.Program & { comments?: TSESTree.Comment[] };
  ast.comments = result.comments.map((c) => ({ type: c.type, value: c.value, range: [c.start, c.end] }) as TSESTree.Comment);
  scopes ??= require('@typescript-eslint/scope-manager') as typeof import('@typescript-eslint/scope-manager');
  // What @typescript-eslint/parser passes for the same file without a program: the sourceType, so
  // the defaults (lib esnext, jsxPragma React, no globalReturn) are the same.
  const scopeManager = scopes.analyze(ast as never, { sourceType }) as unknown as ScopeManager;
  return { ast, scopeManager };
}

/** typescript-estree's parse, as @typescript-eslint/parser gives it to ESLint; throws its parse error. */
export function parseWithTypescriptEstree(filename: string, source: string): Parsed {
  tsParser ??= require('@typescript-eslint/parser') as typeof import('@typescript-eslint/parser');
  const result = tsParser.parseForESLint(source, {
    filePath: filename,
    range: true,
    loc: true,
    comment: true,
    sourceType: isCommonJsFile(filename) ? 'script' : 'module',
    ecmaFeatures: { jsx: !isTypeScriptWithoutJsx(filename) },
  });
  return { ast: result.ast as unknown as TSESTree.Program, scopeManager: result.scopeManager as unknown as ScopeManager };
}

/** Throws typescript-estree's error (message, lineNumber, column) for a text that does not parse. */
export function parseSource(filename: string, source: string): Parsed {
  return parseWithOxc(filename, source) ?? parseWithTypescriptEstree(filename, source);
}
