// How often does this run: once per process (module scope, a memoised getter, a provider, a startup
// callback, a helper only called from such places) or on every call of its function (per request).
import type { TSESTree } from '@typescript-eslint/utils';
import type { OnceReason } from '../../core/facts.js';
import { contains, enclosingContext, forEachChild, isStatement, literalString, propertyKeyName, propertyName, rootIdentifier, unwrap, type Context, type Node } from './ast.js';
import { functionVariable, isExported, isGlobal, isModuleLevel, isRuntimeUse, originOf, variableOf } from './bindings.js';
import { text, type ExtractContext } from './context.js';

const PROVIDER_DECORATORS = new Set(['Injectable', 'Module', 'Global']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
/** Packages whose wrapper runs a plugin function once at boot: `fp(async (app) => …)`. */
const PLUGIN_WRAPPERS = new Set(['fastify-plugin']);

/** Why `node` runs once per process, or undefined when it runs on every call of its function. */
export function onceReason(cx: ExtractContext, node: Node, depth = 0): OnceReason | undefined {
  if (depth > 12) return undefined;
  const context = enclosingContext(node);
  // At module scope too: `globalForPrisma.prisma ?? new PrismaClient()` survives a hot reload.
  if (!context) return memoised(cx, node, undefined) === 'global-cache' ? 'global-cache' : 'module-scope';
  const memo = memoised(cx, node, context);
  if (memo) return memo;
  if (cx.onceCache.has(context)) return cx.onceCache.get(context);
  cx.onceCache.set(context, undefined); // recursion guard
  const result = contextOnce(cx, context, depth);
  cx.onceCache.set(context, result);
  return result;
}

function contextOnce(cx: ExtractContext, context: Context, depth: number): OnceReason | undefined {
  if (context.type === 'PropertyDefinition') {
    return inProviderClass(context) ? 'provider' : undefined;
  }
  const parent = context.parent;
  // IIFE: `(async () => { … })()`
  // Stored where it is cached (`global.x ??= (async () => …)()`), it is as cached as the store.
  if (parent?.type === 'CallExpression' && parent.callee === context) {
    const reason = onceReason(cx, parent, depth + 1);
    return reason === 'global-cache' || reason === 'module-cache' ? reason : reason && 'called-once';
  }
  // `.then(() => …)` / `.catch` / `.finally` on a chain that itself runs once
  if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(context) && parent.callee.type === 'MemberExpression') {
    const method = propertyName(parent.callee);
    if ((method === 'then' || method === 'catch' || method === 'finally') && onceReason(cx, parent.callee.object, depth + 1)) return 'called-once';
  }
  // `singleton('prisma', () => new PrismaClient())`: a helper keyed by name memoises its callback.
  if (parent?.type === 'CallExpression' && isKeyedMemo(parent, context)) return onceReason(cx, parent, depth + 1) && 'global-cache';
  // NestJS: `useFactory: () => new PrismaClient()`, or a method of an @Injectable() class.
  if (parent?.type === 'Property' && propertyKeyName(parent) === 'useFactory') return 'provider';
  if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor' && inProviderClass(parent)) return 'provider';
  // `private constructor()` behind a `static getInstance()`: only the class builds itself, once.
  if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor' && parent.accessibility === 'private') return 'instance-cache';
  // Fastify plugins (`fp(async (app) => …)`) and hapi plugins (`{ name, register() {} }`) run once at boot.
  if (parent?.type === 'CallExpression' && parent.arguments[0] === context) {
    const origin = originOf(cx, parent.callee);
    if (origin && PLUGIN_WRAPPERS.has(origin.module)) return 'called-once';
  }
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && propertyKeyName(parent) === 'register' && parent.parent?.type === 'ObjectExpression') {
    if (parent.parent.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'name')) return 'called-once';
  }
  // A local, unexported function whose every call runs once (`globalThis.x ?? create()`, also in
  // both branches of an `if (production)`); type references (`ReturnType<typeof create>`) don't count.
  const variable = functionVariable(cx, context);
  if (!variable || isExported(context)) return undefined;
  const uses = variable.references.filter((ref) => isRuntimeUse(ref) && ref.identifier !== variable.identifiers[0] && !ref.init);
  if (uses.length === 0) return undefined;
  const reasons = new Set<OnceReason>();
  for (const ref of uses) {
    const use = ref.identifier as Node;
    const call = use.parent;
    let reason: OnceReason | undefined;
    if (call?.type === 'CallExpression' && call.callee === use) reason = onceReason(cx, call, depth + 1);
    // `singleton('redis', initRedis)`: passed by reference to a keyed memo helper.
    else if (call?.type === 'CallExpression' && isKeyedMemo(call, use)) reason = onceReason(cx, call, depth + 1) && 'global-cache';
    if (!reason) return undefined;
    reasons.add(reason);
  }
  // `globalForSql.sql ?? createSql()`: the client survives hot reloads like the call does.
  return reasons.size === 1 && reasons.has('global-cache') ? 'global-cache' : 'called-once';
}

/**
 * `const db = singleton('prisma', () => new PrismaClient())`, `remember('redis', init)`: a plain
 * function called with a literal key and the factory, whose result is kept. A route registration
 * (`app.get('/x', handler)`) is a method call whose result is dropped; a test (`it('…', fn)`) too.
 */
function isKeyedMemo(call: TSESTree.CallExpression, factory: Node): boolean {
  if (call.callee.type !== 'Identifier' || call.arguments.length !== 2 || call.arguments[1] !== factory) return false;
  if (literalString(call.arguments[0]) === undefined) return false;
  let used: Node = call;
  while (used.parent && (used.parent.type === 'AwaitExpression' || used.parent.type === 'TSAsExpression' || used.parent.type === 'TSSatisfiesExpression' || used.parent.type === 'TSNonNullExpression')) used = used.parent;
  const holder = used.parent;
  return (
    (holder?.type === 'VariableDeclarator' && holder.init === used) ||
    (holder?.type === 'AssignmentExpression' && holder.right === used) ||
    holder?.type === 'ReturnStatement' ||
    holder?.type === 'ExportDefaultDeclaration' ||
    (holder?.type === 'ArrowFunctionExpression' && holder.body === used) ||
    (holder?.type === 'Property' && holder.value === used)
  );
}

function inProviderClass(member: Node): boolean {
  const body = member.parent;
  const klass = body?.parent;
  if (!klass || (klass.type !== 'ClassDeclaration' && klass.type !== 'ClassExpression')) return false;
  return (klass.decorators ?? []).some((decorator) => {
    const expr = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
    return expr.type === 'Identifier' && PROVIDER_DECORATORS.has(expr.name);
  });
}

/** Memoisation around `node` inside `context`: `x ??= …`, `if (!x) x = …`, `x ?? (x = …)`, `cache.set(k, …)`. */
function memoised(cx: ExtractContext, node: Node, context: Context | undefined): OnceReason | undefined {
  let child: Node = node;
  let parent = node.parent;
  while (parent && parent !== context && !isStatement(parent)) {
    if (parent.type === 'AssignmentExpression' && parent.right === child) {
      const target = cacheTarget(cx, parent.left);
      if (target && (parent.operator === '??=' || parent.operator === '||=' || (context !== undefined && guardedBy(cx, context, parent.left)))) return target;
    }
    // The Prisma / Next.js docs pattern: `const prisma = globalForPrisma.prisma ?? new PrismaClient()`,
    // stored back with `globalForPrisma.prisma = prisma` (outside production) somewhere in the module.
    if (parent.type === 'LogicalExpression' && (parent.operator === '??' || parent.operator === '||') && parent.right === child && parent.left.type === 'MemberExpression') {
      const target = cacheTarget(cx, parent.left);
      const stored = new RegExp(`${escapeRegExp(normalise(text(cx, parent.left)))}=(?!=)`).test(normalise(cx.input.text));
      if (target === 'global-cache' && stored) return target;
    }
    if (parent.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && parent.callee.type === 'MemberExpression' && propertyName(parent.callee) === 'set') {
      const target = cacheTarget(cx, parent.callee.object);
      if (target) return target;
    }
    child = parent;
    parent = parent.parent;
  }
  if (parent && isStatement(parent)) {
    // The MongoDB pattern: `if (!global._mongo) { client = new MongoClient(uri); global._mongo = client.connect(); }`
    let stmt: Node | undefined = parent;
    while (stmt && stmt !== context) {
      if (stmt.type === 'IfStatement' && stmt.consequent !== undefined && contains(stmt.consequent, node)) {
        const cacheMentioned = testNamesCache(cx, stmt.test, stmt.consequent);
        if (cacheMentioned) return cacheMentioned;
      }
      stmt = stmt.parent;
    }
  }
  return undefined;
}

/** A module-level binding, a property of one, or a property of `globalThis` / `global`. */
function cacheTarget(cx: ExtractContext, target: Node): OnceReason | undefined {
  const e = unwrap(target);
  if (e.type === 'Identifier') {
    const variable = variableOf(cx, e);
    return variable && isModuleLevel(variable) ? 'module-cache' : undefined;
  }
  if (e.type === 'MemberExpression') {
    // `this.connection ??= …`: the instance keeps it; how often the class is built decides the rest.
    if (thisRooted(e)) return 'instance-cache';
    const root = rootIdentifier(e);
    if (!root) return undefined;
    if (isGlobal(cx, root)) return GLOBAL_OBJECTS.has(root.name) ? 'global-cache' : undefined;
    const variable = variableOf(cx, root)!;
    if (!isModuleLevel(variable)) return undefined;
    const init = variable.defs[0]?.node.type === 'VariableDeclarator' ? (variable.defs[0].node as TSESTree.VariableDeclarator).init : null;
    if (init) {
      const initRoot = rootIdentifier(unwrap(init));
      if (initRoot && GLOBAL_OBJECTS.has(initRoot.name) && isGlobal(cx, initRoot)) return 'global-cache';
    }
    return 'module-cache';
  }
  return undefined;
}

/** Does some test in `context` (if / ?: / ?? / ||) read `target`? */
function guardedBy(cx: ExtractContext, context: Context, target: Node): boolean {
  const wanted = normalise(text(cx, target));
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    let test: Node | undefined;
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') test = node.test;
    else if (node.type === 'LogicalExpression') test = node.left;
    if (test && mentions(normalise(text(cx, test)), wanted)) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(context.type === 'PropertyDefinition' ? context : context.body);
  return found;
}

/** A cache the test reads and the guarded branch assigns: `if (!global._mongo) { …; global._mongo = … }`. */
function testNamesCache(cx: ExtractContext, test: Node, consequent: Node): OnceReason | undefined {
  let reason: OnceReason | undefined;
  const visit = (node: Node, parent?: Node): void => {
    if (reason) return;
    if (node.type === 'MemberExpression' && thisRooted(node)) return; // only an assignment to it memoises (memoised())
    // `if (isConfig(options))` calls a function: it reads no cache.
    if (parent?.type === 'CallExpression' && parent.callee === node) return;
    if (node.type === 'MemberExpression' || node.type === 'Identifier') {
      const target = cacheTarget(cx, node);
      if (target && assigns(cx, consequent, node)) reason = target;
      if (reason || node.type === 'Identifier') return;
    }
    forEachChild(node, (child) => visit(child, node));
  };
  visit(test);
  return reason;
}

/** Does `block` assign the expression `target` reads (`cached = …`, `global._mongo = …`)? */
function assigns(cx: ExtractContext, block: Node, target: Node): boolean {
  const wanted = normalise(text(cx, target));
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'AssignmentExpression' && normalise(text(cx, node.left)) === wanted) {
      found = true;
      return;
    }
    forEachChild(node, visit);
  };
  visit(block);
  return found;
}

function thisRooted(member: TSESTree.MemberExpression): boolean {
  let current: Node = member;
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'ThisExpression';
}

function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/\?\./g, '.').replace(/!/g, '');
}

/** Does `haystack` read `needle` as a whole expression (`x` in `!x`, not in `xs`)? */
function mentions(haystack: string, needle: string): boolean {
  if (!needle) return false;
  let index = haystack.indexOf(needle);
  while (index !== -1) {
    const before = haystack[index - 1];
    const after = haystack[index + needle.length];
    if ((before === undefined || !/[\w$.]/.test(before)) && (after === undefined || !/[\w$]/.test(after))) return true;
    index = haystack.indexOf(needle, index + 1);
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
