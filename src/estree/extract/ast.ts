// Small AST helpers that need no scope: node kinds, names, literals, parents, the enclosing function.
// Shared by every part of the extractor; nothing here resolves a binding.
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
/** A function, or a class field initialiser (which runs per instance like a constructor). */
export type Context = FunctionNode | TSESTree.PropertyDefinition;

export function setParents(node: Node): void {
  forEachChild(node, (child) => {
    if (!child.parent) (child as { parent?: Node }).parent = node;
    setParents(child);
  });
}

export function forEachChild(node: Node, visit: (child: Node) => void): void {
  for (const key of visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as Node);
    } else if (child && typeof child === 'object' && 'type' in child) {
      visit(child as Node);
    }
  }
}

export function unwrap(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression'
  ) {
    current = current.expression;
  }
  return current;
}

export function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

export function isStatement(node: Node): boolean {
  return node.type.endsWith('Statement') || node.type.endsWith('Declaration');
}

/** The innermost function or instance-field initialiser around `node`. */
export function enclosingContext(node: Node): Context | undefined {
  let child: Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
    if (current.type === 'PropertyDefinition' && !current.static && current.value === child) return current;
    child = current;
  }
  return undefined;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed) return literalString(member.property);
  if (member.property.type === 'PrivateIdentifier') return undefined;
  return undefined;
}

export function propertyKeyName(prop: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  if (prop.key.type === 'Identifier' && !prop.computed) return prop.key.name;
  return literalString(prop.key);
}

export function literalString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function rootIdentifier(node: Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : undefined;
}

export function memberChainNames(node: TSESTree.MemberExpression): string[] {
  const names: string[] = [];
  let current: Node = node;
  while (current.type === 'MemberExpression') {
    const name = propertyName(current);
    if (name) names.push(name);
    current = unwrap(current.object);
  }
  if (current.type === 'Identifier') names.push(current.name);
  return names;
}
