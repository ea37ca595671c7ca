// Does a client get its connection settings only from its caller? True when every argument is built
// from the enclosing functions' parameters (`new pg.Pool({ connectionString: params[0] })`,
// `const { url, ...config } = connection; postgres(url, config)`) and literals, with at least one
// parameter among them: a factory that opens whatever its caller names, not the app's own database.
import type { Definition } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, unwrap, type Node } from './ast.js';
import { variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';

export function configFromParams(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  if (node.arguments.length === 0) return false;
  const state: State = { param: false, seen: new Map() };
  return node.arguments.every((arg) => fromCaller(cx, arg, state)) && state.param;
}

interface State {
  param: boolean;
  /** Each declaration's answer (false while it is being decided: the recursion guard). */
  seen: Map<Node, boolean>;
}

function fromCaller(cx: ExtractContext, raw: Node, state: State): boolean {
  const node = unwrap(raw);
  switch (node.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every((e) => fromCaller(cx, e, state));
    case 'Identifier':
      return identifierFromCaller(cx, node, state);
    case 'MemberExpression':
      return fromCaller(cx, node.object, state) && (!node.computed || fromCaller(cx, node.property, state));
    case 'SpreadElement':
      return fromCaller(cx, node.argument, state);
    case 'ObjectExpression':
      return node.properties.every((p) => (p.type === 'SpreadElement' ? fromCaller(cx, p.argument, state) : !p.computed && fromCaller(cx, p.value, state)));
    case 'ArrayExpression':
      return node.elements.every((e) => e === null || fromCaller(cx, e, state));
    case 'ConditionalExpression':
      return fromCaller(cx, node.consequent, state) && fromCaller(cx, node.alternate, state);
    case 'LogicalExpression':
      return fromCaller(cx, node.left, state) && fromCaller(cx, node.right, state);
    default:
      return false;
  }
}

/** A parameter, or a `const` whose initialiser (or destructured source) comes from the caller. */
function identifierFromCaller(cx: ExtractContext, id: TSESTree.Identifier, state: State): boolean {
  if (id.name === 'undefined') return true;
  const variable = variableOf(cx, id);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!def) return false;
  const known = state.seen.get(def.node);
  if (known !== undefined) return known;
  state.seen.set(def.node, false);
  const answer = declaredFromCaller(cx, def, state);
  state.seen.set(def.node, answer);
  return answer;
}

function declaredFromCaller(cx: ExtractContext, def: Definition, state: State): boolean {
  if (def.type === 'Parameter' && isFunction(def.node)) {
    state.param = true;
    return true;
  }
  if (def.node.type !== 'VariableDeclarator') return false;
  const declaration = def.node.parent as TSESTree.VariableDeclaration | undefined;
  if (declaration?.kind !== 'const' || !def.node.init) return false;
  return fromCaller(cx, def.node.init, state);
}
