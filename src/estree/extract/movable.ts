// Whether a create call could move to module scope unchanged: every name its arguments use must be
// bound at module scope (or be a global). Parameters, locals and `this` pin it to its function.
import type { TSESTree } from '@typescript-eslint/utils';
import { forEachChild, type Node } from './ast.js';
import { isModuleLevel, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';

/** Each identifier the arguments use as a binding (not a key, a property or a type), with `this` as a node. */
function forEachArgumentName(args: readonly Node[], visit: (node: TSESTree.Identifier | TSESTree.ThisExpression) => void): void {
  const walk = (node: Node, parent?: Node): void => {
    if (node.type === 'ThisExpression') visit(node);
    if (node.type === 'Identifier') {
      // `{ max: 1 }` keys and `a.max` properties name no binding; `{ max }` shorthand does.
      const key = parent?.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand;
      const property = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
      if (!key && !property) visit(node);
    }
    // Types name no runtime binding (`new Pool<Row>()`).
    forEachChild(node, (child) => {
      if (!child.type.startsWith('TSType') && child.type !== 'TSTypeParameterInstantiation') walk(child, node);
    });
  };
  for (const arg of args) walk(arg);
}

/** The function-bound names (and `this`) the arguments use, in order of first use. */
export function localNames(cx: ExtractContext, args: readonly Node[]): string[] {
  const out = new Set<string>();
  forEachArgumentName(args, (node) => {
    if (node.type === 'ThisExpression') return void out.add('this');
    const variable = variableOf(cx, node);
    if (variable && !isModuleLevel(variable)) out.add(node.name);
  });
  return [...out];
}

/** The modules whose imports the arguments use (`postgres(dbUrl)`, `dbUrl` from `@acme/server/db`). */
export function argumentImports(cx: ExtractContext, args: readonly Node[]): string[] {
  const out = new Set<string>();
  forEachArgumentName(args, (node) => {
    if (node.type !== 'Identifier') return;
    for (const def of variableOf(cx, node)?.defs ?? []) {
      if (def.type === 'ImportBinding' && def.parent.type === 'ImportDeclaration') out.add(String(def.parent.source.value));
    }
  });
  return [...out];
}
