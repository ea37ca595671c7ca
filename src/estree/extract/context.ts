// What every part of the extractor shares: the input, the scope manager's references by identifier,
// and the "runs once?" answers per function, in one small object passed explicitly.
import type { Reference, ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import type { OnceReason } from '../../core/facts.js';
import type { Policy } from '../../core/policy.js';
import type { TextHints } from '../../core/prefilter.js';
import type { Node } from './ast.js';
import { isCommonJsFile } from '../../core/extensions.js';

export interface ExtractInput {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  text: string;
  filename: string;
  policy: Policy;
  /** What the project model read from this very text (src/core/prefilter.ts): the prefilter needs no regex pass. */
  hints?: TextHints;
}

export interface ExtractContext {
  readonly input: ExtractInput;
  /** Built on first use: most files that reach the extractor still resolve few identifiers. */
  refs: Map<TSESTree.Identifier, Reference> | undefined;
  /** onceReason() per function or field initialiser (also its recursion guard). */
  readonly onceCache: Map<Node, OnceReason | undefined>;
  /** runsPerRequest() per function or field initialiser (also its recursion guard). */
  readonly perRequestCache: Map<Node, boolean>;
  readonly commonjs: boolean;
}

export function createContext(input: ExtractInput): ExtractContext {
  return { input, refs: undefined, onceCache: new Map(), perRequestCache: new Map(), commonjs: isCommonJsFile(input.filename) };
}

/** The source text of `node`. */
export function text(cx: ExtractContext, node: Node): string {
  return cx.input.text.slice(node.range[0], node.range[1]);
}
