// Dynamic imports: `import('pg')` or `import('./db')` as a site, how often it runs (per call, once, in a
// shutdown hook), and whether a Next.js runtime check guards it (instrumentation.ts).
import type { TSESTree } from '@typescript-eslint/utils';
import { moduleSpec } from '../../core/clients.js';
import type { DynamicImportSite, Range } from '../../core/facts.js';
import { enclosingContext, literalString, type Node } from './ast.js';
import { text, type ExtractContext } from './context.js';
import { functionFacts } from './functions.js';
import { onceReason } from './once.js';

export function dynamicImport(cx: ExtractContext, node: TSESTree.ImportExpression): DynamicImportSite | undefined {
  const specifier = literalString(node.source);
  if (specifier === undefined) return undefined;
  const { policy, filename } = cx.input;
  let target: DynamicImportSite['target'];
  if (moduleSpec(specifier) || policy.isClientModule(filename, specifier)) target = 'package';
  else if (policy.isSingletonSpecifier(filename, specifier)) target = 'singleton';
  else return undefined;
  const context = enclosingContext(node);
  return {
    type: 'dynamic-import',
    specifier,
    target,
    range: [...node.range] as Range,
    once: onceReason(cx, node),
    fn: context ? functionFacts(cx, context) : undefined,
    commonjs: cx.commonjs,
    runtimeGuarded: runtimeGuarded(cx, node),
  };
}

/** Next.js `instrumentation.ts`: `if (process.env.NEXT_RUNTIME === 'nodejs') await import('./db')`. */
function runtimeGuarded(cx: ExtractContext, node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    let test: Node | undefined;
    if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') test = current.test;
    else if (current.type === 'LogicalExpression') test = current.left;
    if (test && /NEXT_RUNTIME|EdgeRuntime/.test(text(cx, test))) return true;
  }
  return false;
}
