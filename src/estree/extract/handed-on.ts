// Does the function that creates a client hand it on: return it (bare or wrapped), or keep it in a
// closure that outlives the call (`const query = (sql) => db.execute(sql)`)? Then whoever holds it
// decides when it closes, not the file that created it.
import type { TSESTree } from '@typescript-eslint/utils';
import { returnedByItsFunction } from '../returned.js';
import { isFunction, unwrap, type Node } from './ast.js';
import type { ExtractContext } from './context.js';

export function handedOn(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (returnedByItsFunction(cx.input.ast, node.range)) return true;
  const fn = enclosingFunction(node);
  if (!fn) return false;
  // The variable that holds it, and one that wraps it (`const db = drizzle(client)`).
  const holders = new Set<TSESTree.Identifier>();
  const hold = (expr: Node): void => {
    const id = declaredBy(expr);
    if (id) holders.add(id);
  };
  hold(node);
  for (const id of [...holders]) {
    for (const ref of referencesOf(cx, id)) {
      const call = ref.parent;
      if ((call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.arguments.includes(ref as TSESTree.Expression)) hold(call);
    }
  }
  return [...holders].some((id) => referencesOf(cx, id).some((ref) => enclosingFunction(ref) !== fn));
}

/** `const x = <expr>` (through `await`, `?:`, `??`, type assertions): the declared identifier. */
function declaredBy(expr: Node): TSESTree.Identifier | undefined {
  let current: Node = expr;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (parent.type === 'VariableDeclarator') return parent.init === current && parent.id.type === 'Identifier' ? parent.id : undefined;
    if (parent.type !== 'AwaitExpression' && parent.type !== 'ConditionalExpression' && parent.type !== 'LogicalExpression' && unwrap(parent) === parent) return undefined;
  }
  return undefined;
}

function referencesOf(cx: ExtractContext, id: TSESTree.Identifier): TSESTree.Identifier[] {
  const variable = findVariable(cx, id);
  return (variable?.references ?? []).map((ref) => ref.identifier as TSESTree.Identifier).filter((ref) => ref !== id);
}

function findVariable(cx: ExtractContext, id: TSESTree.Identifier) {
  for (const scope of cx.input.scopeManager.scopes) {
    for (const variable of scope.variables) if (variable.identifiers.includes(id)) return variable;
  }
  return undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}
