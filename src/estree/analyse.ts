// Facts and findings for a source text outside ESLint (the codemod and `poolguard fix`): parse with
// the rules' tree (src/estree/parse.ts), then the same extractor and classify().
import type { TSESTree } from '@typescript-eslint/utils';
import { classifyAll } from '../core/classify.js';
import type { Environment } from '../core/environment.js';
import type { FileFacts } from '../core/facts.js';
import type { Finding } from '../core/findings.js';
import type { Policy } from '../core/policy.js';
import { extractFacts } from './extract/index.js';
import { parseSource } from './parse.js';

export interface Analysis {
  facts: FileFacts;
  findings: Finding[];
  /** The parse the facts came from (the codemod reads wrappers and bindings from it). */
  ast: TSESTree.Program;
}

/** The caller says where the file runs (src/project/analyse.ts reads it from the file's package). */
export function analyseSource(filename: string, source: string, policy: Policy, environment: Environment): Analysis {
  const { ast, scopeManager } = parseSource(filename, source);
  const facts = extractFacts({ ast, scopeManager, text: source, filename, policy });
  return { facts, findings: classifyAll(facts.sites, { filename, policy, environment }), ast };
}
