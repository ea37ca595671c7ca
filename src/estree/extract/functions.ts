// The function a site sits in: its name (for messages), whether it is a shutdown hook (a signal
// handler, a teardown, `onModuleDestroy`), whether it runs per instance, and whether it is exported.
import type { TSESTree } from '@typescript-eslint/utils';
import type { FunctionFacts } from '../../core/facts.js';
import { enclosingContext, literalString, propertyKeyName, propertyName, unwrap, type Context, type FunctionNode, type Node } from './ast.js';
import { functionVariable, isExported, isRuntimeUse, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';
import { devOnly, isRequestHandler, runsPerRequest } from './per-request.js';

const SHUTDOWN_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit', 'close', 'onClose', 'sveltekit:shutdown', 'onPreStop', 'onPostStop']);
const SHUTDOWN_REGISTRARS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addHook', 'onShutdown', 'ext']);
const TEARDOWN_CALLS = new Set(['afterAll', 'afterEach', 'after', 'teardown', 'onTestFinished', 'globalTeardown']);
const SHUTDOWN_METHODS = new Set(['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown', 'dispose', 'teardown']);
/** Names that say "this function shuts things down"; a handler called `closeOrder` does not match. */
const SHUTDOWN_NAME = /^(?:graceful_?)?shut_?down|^tear_?down|^clean_?up$|^(?:on_?)?exit$|^dispose$|^(?:close|disconnect|end|stop)(?:db|database|pool|pools|connections?|prisma|client|clients|redis|mongo|sql|all|server)?$/i;


export function functionFacts(cx: ExtractContext, context: Context): FunctionFacts {
  if (context.type === 'PropertyDefinition') {
    return { name: propertyKeyName(context), shutdown: false, perInstance: true, exported: false, perRequest: runsPerRequest(cx, context) };
  }
  let shutdown = false;
  for (let fn: Context | undefined = context; fn && !shutdown; fn = enclosingContext(fn)) {
    shutdown = fn.type !== 'PropertyDefinition' && isShutdownHook(cx, fn);
  }
  let handler = false;
  for (let fn: Context | undefined = context; fn && !handler; fn = enclosingContext(fn)) {
    handler = fn.type !== 'PropertyDefinition' && isRequestHandler(cx, fn);
  }
  const parent = context.parent;
  const perInstance = parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
  return { name: functionName(context), shutdown, perInstance, exported: isExported(context), handler, perRequest: handler || runsPerRequest(cx, context), ...(devOnly(context) ? { devOnly: true } : {}) };
}

function isShutdownHook(cx: ExtractContext, fn: FunctionNode): boolean {
  const name = functionName(fn);
  if (name && (SHUTDOWN_METHODS.has(name) || SHUTDOWN_NAME.test(name))) return true;
  const parent = fn.parent;
  if (parent?.type === 'MethodDefinition' && parent.key.type === 'MemberExpression') {
    // `[Symbol.asyncDispose]()`
    const key = propertyName(parent.key);
    if (key === 'asyncDispose' || key === 'dispose') return true;
  }
  if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn) && isShutdownRegistration(cx, parent)) return true;
  // hapi: `server.ext({ type: 'onPostStop', method: async () => … })`
  if (parent?.type === 'Property' && parent.value === fn && propertyKeyName(parent) === 'method' && parent.parent?.type === 'ObjectExpression') {
    const type = parent.parent.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'type');
    const call = parent.parent.parent;
    if (type && SHUTDOWN_EVENTS.has(literalString(type.value) ?? '') && call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'ext') return true;
  }
  // `const cleanup = async () => …; process.on('SIGINT', cleanup)`
  const variable = functionVariable(cx, fn);
  return variable?.references.some((ref) => {
    if (!isRuntimeUse(ref)) return false;
    const call = (ref.identifier as Node).parent;
    return call?.type === 'CallExpression' && call.arguments.includes(ref.identifier as TSESTree.Identifier) && isShutdownRegistration(cx, call);
  }) ?? false;
}

/** `process.on('SIGTERM', fn)`, `app.addHook('onClose', fn)`, `afterAll(fn)`, also over a list of signals. */
function isShutdownRegistration(cx: ExtractContext, call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type === 'Identifier') return TEARDOWN_CALLS.has(callee.name);
  if (callee.type !== 'MemberExpression') return false;
  const method = propertyName(callee);
  if (method === undefined) return false;
  if (TEARDOWN_CALLS.has(method)) return true; // `test.afterAll(…)`
  if (!SHUTDOWN_REGISTRARS.has(method) || !call.arguments[0]) return false;
  const events = possibleStrings(cx, call.arguments[0]);
  return events.length > 0 && events.every((event) => SHUTDOWN_EVENTS.has(event));
}

/**
 * The string values an expression can take: a literal, or a loop variable over a literal list
 * (`for (const signal of ['SIGINT', 'SIGTERM'])`, `['SIGINT', 'SIGTERM'].forEach((s) => …)`).
 */
function possibleStrings(cx: ExtractContext, expr: Node): string[] {
  const literal = literalString(expr);
  if (literal !== undefined) return [literal];
  if (expr.type !== 'Identifier') return [];
  const def = variableOf(cx, expr)?.defs[0];
  let list: Node | undefined;
  if (def?.type === 'Variable' && def.parent.parent?.type === 'ForOfStatement') list = def.parent.parent.right;
  if (def?.type === 'Parameter') {
    const fn = def.node;
    const call = fn.parent;
    if (call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'forEach') list = call.callee.object;
  }
  if (!list) return [];
  const array = unwrap(list);
  if (array.type !== 'ArrayExpression') return [];
  const values = array.elements.map((element) => (element ? literalString(element) : undefined));
  return values.every((v): v is string => v !== undefined) ? values : [];
}

function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent?.type === 'MethodDefinition' || parent?.type === 'Property' || parent?.type === 'PropertyDefinition') return propertyKeyName(parent);
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return propertyName(parent.left);
  // `router.get('/:id', async (req, res) => …)` → "router.get('/:id') callback"
  if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn)) {
    const callee = calleeText(parent.callee);
    const route = literalString(parent.arguments[0]);
    if (callee) return `${callee}(${route === undefined ? '' : `'${route}'`}) callback`;
  }
  return undefined;
}

function calleeText(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') {
    const object = calleeText(node.object);
    const property = propertyName(node);
    return object && property ? `${object}.${property}` : undefined;
  }
  return undefined;
}
