// Whether a create call could move to module scope unchanged: every name its arguments use must be
// bound at module scope (or be a global). Parameters, locals and `this` pin it to its function.
import type { TSESTree } from '@typescript-eslint/utils';
import { forEachChild, type Node } from './ast.js';
import { isModuleLevel, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';

/** The function-bound names (and `this`) the arguments use, in order of first use. */
export function localNames(cx: ExtractContext, args: readonly Node[]): string[] {
  const out = new Set<string>();
  const visit = (node: Node, parent?: Node): void => {
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
    // Types name no runtime binding (`new Pool<Row>()`).
    forEachChild(node, (child) => {
      if (!child.type.startsWith('TSType') && child.type !== 'TSTypeParameterInstantiation') visit(child, node);
    });
  };
  for (const arg of args) visit(arg);
  return [...out];
}
