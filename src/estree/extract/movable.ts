// Whether a create call could move to module scope unchanged: every name its arguments use must be
// bound at module scope (or be a global). Parameters, locals and `this` pin it to its function.
import type { TSESTree } from '@typescript-eslint/utils';
import type { Node } from './ast.js';
import { isModuleLevel, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';

/** The function-bound names (and `this`) the arguments use, in order of first use. */
export function localNames(cx: ExtractContext, args: readonly Node[]): string[] {
  const out = new Set<string>();
  const visit = (node: Node | null | undefined, parent?: Node): void => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'ThisExpression') out.add('this');
    if (node.type === 'Identifier') {
      // `{ max: 1 }` keys and `a.max` properties name no binding; `{ max }` shorthand does.
      const key = parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand;
      const property = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
      if (!key && !property) {
        const variable = variableOf(cx, node as TSESTree.Identifier);
        if (variable && !isModuleLevel(variable)) out.add(node.name);
      }
    }
    for (const [k, value] of Object.entries(node) as Array<[string, unknown]>) {
      if (k === 'parent' || k === 'typeAnnotation' || k === 'typeArguments') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof child === 'object' && typeof (child as Node).type === 'string') visit(child as Node, node);
      }
    }
  };
  for (const arg of args) visit(arg);
  return [...out];
}
