// Facts and findings for a source text outside ESLint (the codemod and `poolguard fix`): parse with
// the same parser the rules use, then the same extractor and classify().
import { createRequire } from 'node:module';
import type { ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { classifyAll } from '../core/classify.js';
import type { Environment } from '../core/environment.js';
import type { FileFacts } from '../core/facts.js';
import type { Finding } from '../core/findings.js';
import type { Policy } from '../core/policy.js';
import { extractFacts } from './extract/index.js';
import { isCommonJsFile, isTypeScriptWithoutJsx } from '../core/extensions.js';

export interface Analysis {
  facts: FileFacts;
  findings: Finding[];
  /** The parse the facts came from (the codemod reads wrappers and bindings from it). */
  ast: TSESTree.Program;
}

// The parser loads TypeScript (~1 s): only when a file is parsed, not when the plugin is imported.
let parser: typeof import('@typescript-eslint/parser') | undefined;
const loadParser = (): typeof import('@typescript-eslint/parser') => (parser ??= createRequire(import.meta.url)('@typescript-eslint/parser') as typeof import('@typescript-eslint/parser'));

export function parseSource(filename: string, source: string): { ast: TSESTree.Program; scopeManager: ScopeManager } {
  const commonjs = isCommonJsFile(filename);
  const result = loadParser().parseForESLint(source, {
    filePath: filename,
    range: true,
    loc: true,
    comment: true,
    sourceType: commonjs ? 'script' : 'module',
    ecmaFeatures: { jsx: !isTypeScriptWithoutJsx(filename) },
  });
  return { ast: result.ast as unknown as TSESTree.Program, scopeManager: result.scopeManager as unknown as ScopeManager };
}

/** The caller says where the file runs (src/project/analyse.ts reads it from the file's package). */
export function analyseSource(filename: string, source: string, policy: Policy, environment: Environment): Analysis {
  const { ast, scopeManager } = parseSource(filename, source);
  const facts = extractFacts({ ast, scopeManager, text: source, filename, policy });
  return { facts, findings: classifyAll(facts.sites, { filename, policy, environment }), ast };
}
