// Closes: which close calls (`pool.end()`, `prisma.$disconnect()`) act on a shared client, and whether
// the client a create site builds is closed anywhere in this file.
import type { Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { CLOSE_METHODS } from '../../core/clients.js';
import type { CloseSite, CreateSite, Range } from '../../core/facts.js';
import { contains, enclosingContext, forEachChild, isFunction, isStatement, propertyName, rootIdentifier, unwrap, type Node } from './ast.js';
import { functionVariable, isModuleLevel, requireSpecifier, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';
import { functionFacts } from './functions.js';
import { onceReason } from './once.js';
import type { Candidate } from './walk.js';

/** The variables a close method is called on anywhere in the file: `sql.end()`, `db.$client.end()`. */
export function closedVariables(cx: ExtractContext, candidates: readonly Candidate[]): Set<Variable> {
  const out = new Set<Variable>();
  for (const node of candidates) {
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') continue;
    const method = propertyName(node.callee);
    if (!method || !CLOSE_METHODS.has(method)) continue;
    const root = rootIdentifier(node.callee.object);
    const variable = root && variableOf(cx, root);
    if (variable) out.add(variable);
  }
  return out;
}

/**
 * Is the client this expression creates closed in this file? Through the variable that holds it
 * (also when a local function returns it: `const sql = connect()`), a variable that wraps it
 * (`const db = drizzle(sql)`), a variable it wraps (`drizzle(client)`), or `await using`.
 */
export function isClosed(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression, closed: ReadonlySet<Variable>): boolean {
  const held = holders(cx, node, 0);
  if (held === 'disposed') return true;
  const related = new Set(held);
  for (const variable of held) {
    for (const ref of variable.references) {
      // `const db = drizzle(sql)`: closing `db.$client` closes `sql`.
      for (let up: Node | undefined = (ref.identifier as Node).parent; up && !isStatement(up) && !isFunction(up); up = up.parent) {
        if (up.type === 'VariableDeclarator' && up.init && contains(up.init, ref.identifier as Node)) {
          for (const wrapper of cx.input.scopeManager.getDeclaredVariables(up)) related.add(wrapper);
          break;
        }
      }
    }
  }
  // `drizzle(client)`: closing `client` closes what wraps it.
  for (const arg of node.arguments) {
    const inner = unwrap(arg);
    if (inner.type === 'Identifier') {
      const variable = variableOf(cx, inner);
      if (variable) related.add(variable);
    }
  }
  return [...related].some((variable) => closed.has(variable));
}

/** The variables an expression's value is stored in: `const x = …`, `x = …`, `x = cond ? … : …`, `x = wrap(…)`, a local function's callers. */
function holders(cx: ExtractContext, node: Node, depth: number): Variable[] | 'disposed' {
  let current: Node = node;
  while (
    current.parent &&
    (current.parent.type === 'AwaitExpression' ||
      current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSNonNullExpression' ||
      current.parent.type === 'TSSatisfiesExpression' ||
      current.parent.type === 'ConditionalExpression' ||
      (current.parent.type === 'LogicalExpression' && current.parent.right === current) ||
      // `drizzle(postgres(url))`: held by what wraps it.
      (current.parent.type === 'CallExpression' && (current.parent.arguments as Node[]).includes(current)))
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === current) {
    const kind = (parent.parent as TSESTree.VariableDeclaration | undefined)?.kind;
    if (kind === 'await using' || kind === 'using') return 'disposed';
    return cx.input.scopeManager.getDeclaredVariables(parent);
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === current && parent.left.type === 'Identifier') {
    const variable = variableOf(cx, parent.left);
    return variable ? [variable] : [];
  }
  // `function connect() { return postgres(url) }` / `const connect = () => postgres(url)`: its callers' variables.
  const returned = parent?.type === 'ReturnStatement' ? enclosingContext(parent) : parent && isFunction(parent) && parent.body === current ? parent : undefined;
  if (!returned || !isFunction(returned) || depth > 2) return [];
  const fn = functionVariable(cx, returned);
  const out: Variable[] = [];
  for (const ref of fn?.references ?? []) {
    const call = (ref.identifier as Node).parent;
    if (call?.type !== 'CallExpression' || call.callee !== ref.identifier) continue;
    const found = holders(cx, call, depth + 1);
    if (found === 'disposed') return found;
    out.push(...found);
  }
  return out;
}

export function closeSite(cx: ExtractContext, node: TSESTree.CallExpression, creates: readonly CreateSite[]): CloseSite | undefined {
  if (node.callee.type !== 'MemberExpression') return undefined;
  const method = propertyName(node.callee);
  if (!method || !CLOSE_METHODS.has(method)) return undefined;
  const root = rootIdentifier(node.callee.object);
  if (!root) return undefined;
  const variable = variableOf(cx, root);
  if (!variable) return undefined;
  const context = enclosingContext(node);
  // Not a shared client, but closed on shutdown: evidence for require-shutdown-hook, never a finding.
  const shared = sharedClient(cx, variable, creates) ?? (context && functionFacts(cx, context).shutdown ? 'other' : undefined);
  if (!shared) return undefined;
  let statement: Node = node;
  if (statement.parent?.type === 'AwaitExpression') statement = statement.parent;
  return {
    type: 'close',
    method,
    target: root.name,
    shared,
    range: [...node.range] as Range,
    once: onceReason(cx, node),
    fn: context ? functionFacts(cx, context) : undefined,
    statement: statement.parent?.type === 'ExpressionStatement',
  };
}

function sharedClient(cx: ExtractContext, variable: Variable, creates: readonly CreateSite[]): CloseSite['shared'] | undefined {
  const def = variable.defs[0];
  if (!def) return undefined;
  if (def.type === 'ImportBinding') {
    const decl = def.parent as TSESTree.ImportDeclaration;
    return cx.input.policy.isSingletonSpecifier(cx.input.filename, decl.source.value) ? 'singleton-import' : undefined;
  }
  if (def.type !== 'Variable' || !isModuleLevel(variable)) return undefined;
  // `const { pool } = require('./db')`
  const required = def.node.init && unwrap(def.node.init);
  if (required?.type === 'CallExpression') {
    const specifier = requireSpecifier(cx, required);
    if (specifier !== undefined && cx.input.policy.isSingletonSpecifier(cx.input.filename, specifier)) return 'singleton-import';
  }
  // A module-level binding whose value (at declaration or a later write) is a client created here.
  const writes: Node[] = [];
  if (def.node.init) writes.push(def.node.init);
  for (const ref of variable.references) if (ref.isWrite() && ref.writeExpr) writes.push(ref.writeExpr as Node);
  const holds = (range: TSESTree.Range) => creates.some((site) => range[0] <= site.range[0] && site.range[1] <= range[1] && site.once !== undefined);
  // …directly, or through a local create function: `globalForSql.sql ?? createSql()`.
  const isClient = writes.some((expr) => holds(expr.range) || localCallees(cx, expr).some((fn) => holds(fn.range)));
  return isClient ? 'module-client' : undefined;
}

/** The local functions `expr` calls by name (`createSql()` → the `() => postgres(url)` it is bound to). */
function localCallees(cx: ExtractContext, expr: Node): Node[] {
  const out: Node[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
      const def = variableOf(cx, node.callee)?.defs[0];
      if (def?.type === 'FunctionName') out.push(def.node as Node);
      if (def?.type === 'Variable' && def.node.init && (def.node.init.type === 'ArrowFunctionExpression' || def.node.init.type === 'FunctionExpression')) out.push(def.node.init);
    }
    forEachChild(node, visit);
  };
  visit(expr);
  return out;
}
