// Does a function hand the client it creates to its caller? An ESTree walk, so the factory decision
// in the core (core/checks/factory.ts) gets it as a plain fact.
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
const isFunction = (node: TSESTree.Node): node is FunctionNode =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
const contains = (node: TSESTree.Node, range: readonly [number, number]) => node.range[0] <= range[0] && range[1] <= node.range[1];

function children(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const key of visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && 'type' in child) out.push(child as TSESTree.Node);
    }
  }
  return out;
}

/**
 * Is the client created at `range` what its innermost function returns: `return new Pool()`,
 * `() => postgres(url)`, `return drizzle(postgres(url))`, or `const db = …; return db`?
 */
export function returnedByItsFunction(ast: TSESTree.Program, range: readonly [number, number]): boolean {
  let fn: FunctionNode | undefined;
  const descend = (node: TSESTree.Node): void => {
    for (const child of children(node)) {
      if (!contains(child, range)) continue;
      if (isFunction(child)) fn = child;
      descend(child);
      return;
    }
  };
  descend(ast);
  if (!fn) return false;
  if (fn.body.type !== 'BlockStatement') return contains(fn.body, range);
  const returned: TSESTree.Node[] = [];
  const names = new Set<string>();
  // The client itself, or wrapped (`drizzle(client)`, `{ db: client }`); not a query's result
  // (`await sql\`…\``, `client.query()`), which merely uses it.
  const mentions = (node: TSESTree.Node): boolean => {
    if (node.type === 'Identifier') return names.has(node.name);
    if (node.type === 'AwaitExpression') return mentions(node.argument);
    if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return mentions(node.expression);
    if (node.type === 'CallExpression' || node.type === 'NewExpression') return node.callee.type !== 'MemberExpression' && node.arguments.some(mentions);
    if (node.type === 'ObjectExpression') return node.properties.some((p) => p.type === 'Property' && mentions(p.value));
    return false;
  };
  // In source order: `const client = postgres(url); const db = drizzle(client); return db`.
  const scan = (node: TSESTree.Node): void => {
    for (const child of children(node)) {
      if (isFunction(child)) continue; // another function's returns
      if (child.type === 'ReturnStatement' && child.argument) returned.push(child.argument);
      if (child.type === 'VariableDeclarator' && child.id.type === 'Identifier' && child.init && (contains(child.init, range) || mentions(child.init))) names.add(child.id.name);
      scan(child);
    }
  };
  scan(fn.body);
  return returned.some((arg) => contains(arg, range) || mentions(arg));
}
