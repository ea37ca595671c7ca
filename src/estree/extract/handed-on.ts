// Does the function that creates a client hand it on: return it (bare or wrapped), or keep it in a
// closure that outlives the call (`const query = (sql) => db.execute(sql)`)? Then whoever holds it
// decides when it closes, not the file that created it.
import type { TSESTree } from '@typescript-eslint/utils';
import { returnedByItsFunction } from '../returned.js';
import { isFunction, propertyName, unwrap, type Node } from './ast.js';
import type { ExtractContext } from './context.js';

/** Methods that return the client they are called on. */
const FLUENT = new Set(['on', 'once', 'addListener', 'prependListener', 'setMaxListeners', 'removeAllListeners']);

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

/**
 * Built, used and dropped: `knex(config).raw(…)`, or a local only ever used as `client.method(…)`.
 * Nothing can close it afterwards, so every call of its function leaks one, whoever the callers are.
 * Anything else (returned, stored, passed on, wrapped) may be closed by whoever holds it.
 */
export function droppedAfterUse(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  let expr: Node = node;
  for (;;) {
    while (expr.parent && (expr.parent.type === 'AwaitExpression' || unwrap(expr.parent) !== expr.parent)) expr = expr.parent;
    const member: Node | undefined = expr.parent;
    if (member?.type !== 'MemberExpression' || member.object !== expr) break;
    // `createClient({ url }).on('error', log)` returns the client itself: follow where it goes.
    const call: Node | undefined = member.parent;
    if (!FLUENT.has(propertyName(member) ?? '') || call?.type !== 'CallExpression' || call.callee !== member) return true;
    expr = call;
  }
  const parent = expr.parent;
  if (parent?.type !== 'VariableDeclarator' || parent.init !== expr || parent.id.type !== 'Identifier') return false;
  const uses = referencesOf(cx, parent.id);
  return uses.length > 0 && uses.every((use) => use.parent?.type === 'MemberExpression' && use.parent.object === use && use.parent.parent?.type === 'CallExpression' && use.parent.parent.callee === use.parent);
}
