// A create function the module only calls behind a global read, and that stores its client on the
// global: `const client = globalThis[KEY] || getClient()` with `globalThis[KEY] ??= client` inside
// getClient. A reload finds the client on globalThis and never calls the function again.
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingContext, forEachChild, rootIdentifier, unwrap, type Node } from './ast.js';
import { constInit, functionVariable, isGlobal, isRuntimeUse } from './bindings.js';
import type { ExtractContext } from './context.js';

const GLOBAL_OBJECTS = new Set(['globalThis', 'global']);

export function cachedOnGlobalByCaller(cx: ExtractContext, node: Node): boolean {
  const fn = enclosingContext(node);
  if (!fn || fn.type === 'PropertyDefinition') return false;
  const calls = functionVariable(cx, fn)?.references.filter(isRuntimeUse) ?? [];
  if (calls.length === 0) return false;
  const guarded = calls.every((ref) => {
    const call = (ref.identifier as Node).parent;
    if (call?.type !== 'CallExpression' || call.callee !== ref.identifier) return false;
    const logical = call.parent;
    return logical?.type === 'LogicalExpression' && (logical.operator === '||' || logical.operator === '??') && logical.right === call && isGlobalMember(cx, logical.left);
  });
  return guarded && storesOnGlobal(cx, fn.body);
}

function isGlobalMember(cx: ExtractContext, expr: Node): boolean {
  const e = unwrap(expr);
  if (e.type !== 'MemberExpression') return false;
  const root = rootIdentifier(e);
  return root !== undefined && isGlobalObject(cx, root);
}

/** `globalThis`, `global`, or a const bound to one (`const g = globalThis as unknown as { … }`). */
function isGlobalObject(cx: ExtractContext, id: TSESTree.Identifier): boolean {
  if (GLOBAL_OBJECTS.has(id.name) && isGlobal(cx, id)) return true;
  const init = constInit(cx, id);
  const value = init && unwrap(init);
  return value?.type === 'Identifier' && GLOBAL_OBJECTS.has(value.name) && isGlobal(cx, value);
}

/** An assignment (`=`, `??=`, `||=`) to a property of globalThis / global anywhere in `body`. */
function storesOnGlobal(cx: ExtractContext, body: Node): boolean {
  let found = false;
  const visit = (node: Node) => {
    if (found) return;
    if (node.type === 'AssignmentExpression' && isGlobalMember(cx, (node as TSESTree.AssignmentExpression).left)) found = true;
    else forEachChild(node, visit);
  };
  visit(body);
  return found;
}
