// Bindings: which variable an identifier resolves to (through the scope manager, never by name), and
// where a value was imported or required from (its Origin), following const re-bindings.
import type { Reference, Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import type { Origin } from '../../core/clients.js';
import { literalString, propertyName, unwrap, type FunctionNode, type Node } from './ast.js';
import type { ExtractContext } from './context.js';

function reference(cx: ExtractContext, id: TSESTree.Identifier): Reference | undefined {
  if (!cx.refs) {
    cx.refs = new Map();
    for (const scope of cx.input.scopeManager.scopes) {
      for (const ref of scope.references) cx.refs.set(ref.identifier as TSESTree.Identifier, ref);
    }
  }
  return cx.refs.get(id);
}

export function variableOf(cx: ExtractContext, id: TSESTree.Identifier): Variable | undefined {
  return reference(cx, id)?.resolved ?? undefined;
}

/** `const poolConfig = { … }`: the initialiser of the one `const` an identifier is bound to. */
export function constInit(cx: ExtractContext, id: TSESTree.Identifier): Node | undefined {
  const defs = variableOf(cx, id)?.defs;
  const declarator = defs?.length === 1 ? defs[0]!.node : undefined;
  if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return undefined;
  const declaration = declarator.parent as TSESTree.VariableDeclaration | undefined;
  return declaration?.kind === 'const' && !declaration.declare ? (declarator.init ?? undefined) : undefined;
}

/** Unresolved, or a configured global with no declaration (`require` in CommonJS, `globalThis`). */
export function isGlobal(cx: ExtractContext, id: TSESTree.Identifier): boolean {
  const variable = variableOf(cx, id);
  if (variable === undefined || variable.defs.length === 0) return true;
  // `declare const globalThis: { prisma: … } & typeof global` only types the global.
  return variable.defs.every((def) => def.node.type === 'VariableDeclarator' && (def.node.parent as TSESTree.VariableDeclaration | undefined)?.declare === true);
}

export function isModuleLevel(variable: Variable): boolean {
  // CommonJS wraps the file in a function scope whose block is still the Program.
  return variable.scope.type === 'module' || variable.scope.type === 'global' || variable.scope.block.type === 'Program';
}

/** Where an expression's value was imported from, following re-bindings; undefined if local. */
export function originOf(cx: ExtractContext, expr: Node, depth = 0): Origin | undefined {
  if (depth > 8) return undefined;
  const e = unwrap(expr);
  switch (e.type) {
    case 'Identifier': {
      const variable = variableOf(cx, e);
      return variable ? originOfVariable(cx, variable, e, depth) : undefined;
    }
    case 'MemberExpression': {
      const name = propertyName(e);
      if (name === undefined) return undefined;
      const base = originOf(cx, e.object, depth + 1);
      return base ? { ...base, path: [...base.path, name] } : undefined;
    }
    case 'CallExpression': {
      const specifier = requireSpecifier(cx, e);
      return specifier === undefined ? undefined : { module: specifier, base: 'module', path: [] };
    }
    case 'LogicalExpression': {
      // `Prisma?.PrismaClient || PrismaScope?.PrismaClient`: interop fallbacks to the same export.
      if (e.operator !== '||' && e.operator !== '??') return undefined;
      const left = originOf(cx, e.left, depth + 1);
      const right = originOf(cx, e.right, depth + 1);
      if (left && right) return left.module === right.module ? left : undefined;
      return left ?? right;
    }
    case 'AwaitExpression':
      if (e.argument.type === 'ImportExpression') {
        const specifier = literalString(e.argument.source);
        return specifier === undefined ? undefined : { module: specifier, base: 'namespace', path: [] };
      }
      return undefined;
    default:
      return undefined;
  }
}

function originOfVariable(cx: ExtractContext, variable: Variable, use: TSESTree.Identifier, depth: number): Origin | undefined {
  const def = variable.defs[0];
  if (!def || variable.defs.length > 1) return undefined;
  if (def.type === 'ImportBinding') {
    const decl = def.parent as TSESTree.ImportDeclaration;
    if (decl.importKind === 'type') return undefined;
    const specifier = def.node;
    const module = decl.source.value;
    if (specifier.type === 'ImportSpecifier') {
      if (specifier.importKind === 'type') return undefined;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      return imported === 'default' ? { module, base: 'default', path: [] } : { module, base: 'named', path: [imported] };
    }
    if (specifier.type === 'ImportDefaultSpecifier') return { module, base: 'default', path: [] };
    return { module, base: 'namespace', path: [] };
  }
  // `class PrismaService extends PrismaClient {}`: building the subclass builds the client.
  if (def.type === 'ClassName') {
    const superClass = (def.node as TSESTree.ClassDeclaration).superClass;
    return superClass ? originOf(cx, superClass, depth + 1) : undefined;
  }
  if (def.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (!declarator.init) return undefined;
  // A re-binding counts only while it cannot be reassigned.
  const declaration = def.parent;
  if (declaration.kind !== 'const' && variable.references.some((ref) => ref.isWrite() && ref.identifier !== declarator.id)) return undefined;
  if (declarator.id.type === 'Identifier') return originOf(cx, declarator.init, depth + 1);
  if (declarator.id.type === 'ObjectPattern') {
    for (const prop of declarator.id.properties) {
      if (prop.type !== 'Property') continue;
      const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
      if (value.type === 'Identifier' && value.name === use.name && value.range[0] === variable.identifiers[0]?.range[0]) {
        const key = prop.key.type === 'Identifier' && !prop.computed ? prop.key.name : literalString(prop.key);
        if (key === undefined) return undefined;
        const base = originOf(cx, declarator.init, depth + 1);
        return base ? { ...base, path: [...base.path, key] } : undefined;
      }
    }
  }
  return undefined;
}

export function functionVariable(cx: ExtractContext, fn: FunctionNode): Variable | undefined {
  if (fn.type === 'FunctionDeclaration' && fn.id) {
    return cx.input.scopeManager.getDeclaredVariables(fn).find((v) => v.name === fn.id?.name);
  }
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    const declaration = parent.parent;
    if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') {
      return cx.input.scopeManager.getDeclaredVariables(parent)[0];
    }
  }
  return undefined;
}

export function isExported(fn: FunctionNode): boolean {
  let node: Node | undefined = fn.parent;
  if (node?.type === 'VariableDeclarator') node = node.parent?.parent;
  return node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration';
}

/** A reference that runs code: not a type, and not `typeof fn` inside a type (`ReturnType<typeof fn>`). */
export function isRuntimeUse(ref: Reference): boolean {
  if (!ref.isValueReference) return false;
  for (let node: Node | undefined = (ref.identifier as Node).parent; node; node = node.parent) {
    if (node.type === 'TSTypeQuery') return false;
    if (!node.type.startsWith('TS') && node.type !== 'MemberExpression') break;
  }
  return true;
}

/** `require('pg')` with the global `require` (not a shadowed local), returning the specifier. */
export function requireSpecifier(cx: ExtractContext, call: TSESTree.CallExpression): string | undefined {
  if (call.callee.type !== 'Identifier' || call.callee.name !== 'require' || !isGlobal(cx, call.callee)) return undefined;
  return literalString(call.arguments[0]);
}
