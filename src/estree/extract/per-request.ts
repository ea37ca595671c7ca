// Does a function run per request? A handler does (an exported `GET`, a route callback, a Worker's
// `fetch`, a server action, a function that takes the request, a timer's tick), and so does any
// function this file calls from one: a local helper, a class built there, a method called on `this`.
// A function whose callers this file cannot see runs as often as they call it, so its definition is
// not an offender on its own: the project model reports a factory's calls where they run per request.
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingContext, forEachChild, propertyKeyName, propertyName, type Context, type FunctionNode, type Node } from './ast.js';
import { functionVariable, isExported, isRuntimeUse } from './bindings.js';
import type { ExtractContext } from './context.js';

const HANDLER_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ALL', 'loader', 'action', 'handler', 'load', 'default']);
/** `router.get('/x', fn)`, `app.use(fn)`, `emitter.on('event', fn)`, tRPC's `.query(fn)`, `cron.schedule(…, fn)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use', 'route', 'on', 'handle', 'query', 'mutation', 'procedure', 'schedule']);
const TIMERS = new Set(['setInterval']);
const REQUEST_PARAMS = new Set(['req', 'request']);
/** `NextRequest`, `FastifyRequest`, `NextApiRequest`, the Fetch `Request`, Node's `IncomingMessage`. */
const REQUEST_TYPE = /(?:^|[a-z])Request$|^IncomingMessage$/;
const MAX_DEPTH = 8;

/** Whether `context` (or a function it sits in) runs once per request, as far as this file shows. */
export function runsPerRequest(cx: ExtractContext, context: Context, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const cached = cx.perRequestCache.get(context);
  if (cached !== undefined) return cached;
  cx.perRequestCache.set(context, false); // recursion guard: a cycle adds nothing
  let result = false;
  for (let fn: Context | undefined = context; fn && !result; fn = enclosingContext(fn)) {
    result = fn.type === 'PropertyDefinition' ? builtPerRequest(cx, fn, depth) : isRequestHandler(cx, fn) || calledPerRequest(cx, fn, depth);
  }
  cx.perRequestCache.set(context, result);
  return result;
}

/** `export async function GET()`, `router.post('/x', (req, res) => …)`, a Worker's `fetch`, a server action. */
export function isRequestHandler(cx: ExtractContext, fn: FunctionNode): boolean {
  const name = declaredName(fn);
  if (name && isExported(fn) && HANDLER_EXPORTS.has(name)) return true;
  const parent = fn.parent;
  if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn) && registersHandler(parent)) return true;
  if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && propertyKeyName(parent) === 'fetch') return true;
  if (fn.async && isExported(fn) && serverActions(cx, fn)) return true;
  return takesTheRequest(fn);
}

function registersHandler(call: TSESTree.CallExpression): boolean {
  if (call.callee.type === 'Identifier') return TIMERS.has(call.callee.name);
  return call.callee.type === 'MemberExpression' && ROUTE_METHODS.has(propertyName(call.callee) ?? '');
}

/** `(req, res) => …`, `(request: NextRequest) => …`: a function handed the request runs once per request. */
function takesTheRequest(fn: FunctionNode): boolean {
  return fn.params.some((param) => {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    if (id.type !== 'Identifier') return false;
    if (REQUEST_PARAMS.has(id.name)) return true;
    const type = id.typeAnnotation?.typeAnnotation;
    return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && REQUEST_TYPE.test(type.typeName.name);
  });
}

/** `'use server'` at the top of the file or of the function: each exported async function is a server action. */
function serverActions(cx: ExtractContext, fn: FunctionNode): boolean {
  const directive = (body: readonly Node[]) => body.some((s) => s.type === 'ExpressionStatement' && s.directive === 'use server');
  return directive(cx.input.ast.body) || (fn.body.type === 'BlockStatement' && directive(fn.body.body));
}

/** A local function called, or registered as a handler, from code that runs per request. */
function calledPerRequest(cx: ExtractContext, fn: FunctionNode, depth: number): boolean {
  if (fn.parent?.type === 'MethodDefinition') return methodPerRequest(cx, fn, fn.parent, depth);
  const variable = functionVariable(cx, fn);
  if (!variable) return false;
  return variable.references.some((ref) => {
    if (!isRuntimeUse(ref) || ref.identifier === variable.identifiers[0] || ref.init) return false;
    return usePerRequest(cx, ref.identifier as Node, depth);
  });
}

/** `helper()` inside a handler, or `router.get('/x', helper)`. */
function usePerRequest(cx: ExtractContext, use: Node, depth: number): boolean {
  const call = use.parent;
  if (call?.type === 'CallExpression' && (call.arguments as Node[]).includes(use) && registersHandler(call)) return true;
  if ((call?.type === 'CallExpression' || call?.type === 'NewExpression') && call.callee === use) {
    const caller = enclosingContext(call);
    return caller !== undefined && runsPerRequest(cx, caller, depth + 1);
  }
  return false;
}

/** A constructor runs as often as its class is built; another method, as often as `this.method()` is called. */
function methodPerRequest(cx: ExtractContext, fn: FunctionNode, method: TSESTree.MethodDefinition, depth: number): boolean {
  const klass = method.parent.parent;
  if (method.kind === 'constructor') return classBuiltPerRequest(cx, klass, depth);
  const name = propertyKeyName(method);
  if (!name || method.static) return false;
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression' && node.callee.object.type === 'ThisExpression' && propertyName(node.callee) === name) {
      const caller = enclosingContext(node);
      if (caller && caller !== fn && runsPerRequest(cx, caller, depth + 1)) found = true;
    }
    forEachChild(node, visit);
  };
  visit(klass.body);
  return found;
}

/** A field initialiser runs per instance. */
function builtPerRequest(cx: ExtractContext, field: TSESTree.PropertyDefinition, depth: number): boolean {
  return !field.static && classBuiltPerRequest(cx, field.parent.parent, depth);
}

/** `new Service()` inside code that runs per request, in this file. */
function classBuiltPerRequest(cx: ExtractContext, klass: TSESTree.ClassDeclaration | TSESTree.ClassExpression, depth: number): boolean {
  const variable = klass.type === 'ClassDeclaration' ? cx.input.scopeManager.getDeclaredVariables(klass).find((v) => v.name === klass.id?.name && v.scope.block !== klass) : undefined;
  if (!variable) return false;
  return variable.references.some((ref) => {
    const use = ref.identifier as Node;
    return isRuntimeUse(ref) && use.parent?.type === 'NewExpression' && use.parent.callee === use && usePerRequest(cx, use, depth);
  });
}

function declaredName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

/** `isDev`, `IS_DEVELOPMENT`, `isE2ETestMode`, `process.env.NODE_ENV === 'test'`: a test reading as "not deployed". */
const DEV_FLAG = /^(?:is_?)?(?:dev|development|local|test|testing)(?:_?(?:mode|env|environment))?$|e2e/i;

/**
 * Code registered only outside production: `if (isDev) { app.get('/_e2e/snapshot', …) }`. It never
 * runs as deployed, so it opens or closes nothing there.
 */
export function devOnly(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'IfStatement' && child === parent.consequent && readsDevFlag(parent.test)) return true;
  }
  return false;
}

function readsDevFlag(test: Node): boolean {
  if (test.type === 'Identifier') return DEV_FLAG.test(test.name);
  if (test.type === 'MemberExpression') return !test.computed && test.property.type === 'Identifier' && DEV_FLAG.test(test.property.name);
  if (test.type === 'LogicalExpression' && test.operator === '&&') return readsDevFlag(test.left) || readsDevFlag(test.right);
  if (test.type === 'BinaryExpression' && (test.operator === '===' || test.operator === '==')) {
    const env = [test.left, test.right].some((side) => side.type === 'MemberExpression' && !side.computed && side.property.type === 'Identifier' && side.property.name === 'NODE_ENV');
    const value = [test.left, test.right].find((side) => side.type === 'Literal' && typeof side.value === 'string');
    return env && value?.type === 'Literal' && (value.value === 'development' || value.value === 'test');
  }
  return false;
}
