// Create sites: a call or `new` whose callee resolves to a client constructor in the catalogue (or a
// configured factory), with what it opens, where it runs, and whether its config is per request.
import type { TSESTree } from '@typescript-eslint/utils';
import { lookupClient, PRISMA_HTTP_ADAPTERS, type ClientSpec, type Origin } from '../../core/clients.js';
import type { CreateSite, Range } from '../../core/facts.js';
import { staticConfig } from '../options.js';
import { enclosingContext, forEachChild, isFunction, memberChainNames, propertyKeyName, propertyName, rootIdentifier, unwrap, type Context, type Node } from './ast.js';
import { constInit, functionVariable, isExported, isModuleLevel, isRuntimeUse, originOf, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';
import { isDedicated, registeredInContainer } from './usage.js';
import { functionFacts } from './functions.js';
import { onceReason } from './once.js';
import { argumentImports, localNames } from './movable.js';

const WORKER_HANDLERS = new Set(['fetch', 'scheduled', 'queue', 'email', 'tail', 'trace']);

function clientFor(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): { spec: ClientSpec; origin: Origin; factory: boolean } | undefined {
  const origin = originOf(cx, node.callee);
  if (!origin) return undefined;
  // `@acme/database` re-exporting `@prisma/client` (the project model's `clientReexports`).
  const spec = lookupClient({ ...origin, module: cx.input.policy.clientModule(origin.module) });
  if (spec) return { spec, origin, factory: false };
  if (origin.base === 'named' && origin.path.length === 1 && origin.path[0]) {
    const factory = cx.input.policy.factoryFor(cx.input.filename, origin.module, origin.path[0]);
    if (factory) return { spec: factory, origin, factory: true };
  }
  if ((origin.base === 'namespace' || origin.base === 'module' || origin.base === 'default') && origin.path.length === 1 && origin.path[0]) {
    const factory = cx.input.policy.factoryFor(cx.input.filename, origin.module, origin.path[0]);
    if (factory) return { spec: factory, origin, factory: true };
  }
  return undefined;
}

function throughAccelerate(cx: ExtractContext, node: Node): boolean {
  const member = node.parent;
  if (member?.type !== 'MemberExpression' || member.object !== node || propertyName(member) !== '$extends') return false;
  const call = member.parent;
  if (call?.type !== 'CallExpression' || call.callee !== member) return false;
  return call.arguments.some((arg) => arg.type === 'CallExpression' && originOf(cx, arg.callee)?.module === '@prisma/extension-accelerate');
}

function overHttpAdapter(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const options = node.arguments[0] && unwrap(node.arguments[0]);
  if (options?.type !== 'ObjectExpression') return false;
  const property = options.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'adapter');
  if (!property) return false;
  let adapter = unwrap(property.value as Node);
  if (adapter.type === 'Identifier') adapter = constInit(cx, adapter) ?? adapter;
  adapter = unwrap(adapter);
  if (adapter.type !== 'NewExpression') return false;
  const origin = originOf(cx, adapter.callee);
  const names = origin && PRISMA_HTTP_ADAPTERS[origin.module];
  if (!names) return false;
  return names === 'all' || (origin.base === 'named' && names.has(origin.path[0] ?? ''));
}

export function createSite(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): CreateSite | undefined {
  const found = clientFor(cx, node);
  if (!found) return undefined;
  const { spec, origin, factory } = found;
  if (spec.wrapsExistingClient && !opensConnection(node.arguments[0])) return undefined;
  // Prisma Accelerate (`new PrismaClient().$extends(withAccelerate())`) queries over HTTP; the pool is Accelerate's.
  if (throughAccelerate(cx, node)) return undefined;
  // `new PrismaClient({ adapter: new PrismaPlanetScale(client) })`: queries go over HTTP, no socket held.
  if (spec.family === 'prisma' && overHttpAdapter(cx, node)) return undefined;
  const context = enclosingContext(node);
  const config = factory ? undefined : staticConfig(node.arguments, (id) => constInit(cx, id));
  return {
    type: 'create',
    client: spec.client,
    family: spec.family,
    kind: spec.kind,
    module: origin.module,
    factory,
    range: [...node.range] as Range,
    once: onceReason(cx, node) ?? (registeredInContainer(cx, node) ? 'provider' : undefined),
    fn: context ? functionFacts(cx, context) : undefined,
    requestScopedConfig: context !== undefined && (isWorkerHandler(context) || usesRequestEnv(cx, node.arguments)),
    productionOnly: productionOnly(node),
    ...(config ? { config } : {}),
    binding: bindingOf(node),
    ...(context ? { localNames: localNames(cx, node.arguments) } : {}),
    ...configImportsOf(cx, node.arguments),
    ...(context && fromLocalsOnly(cx, node.arguments) ? { configFromLocals: true } : {}),
    ...(isDedicated(cx, node, config) ? { dedicated: true } : {}),
  };
}

function configImportsOf(cx: ExtractContext, args: readonly Node[]): Pick<CreateSite, 'configImports'> {
  const imports = argumentImports(cx, args);
  return imports.length > 0 ? { configImports: imports } : {};
}

/**
 * `postgres(env.DATABASE_URL)` inside a Worker's `fetch(request, env)`: per request by design, since
 * the connection string only exists per request. Follows local consts (`const adapter = new
 * PrismaD1(env.DB)`) and local helpers whose every call passes request env.
 */
function usesRequestEnv(cx: ExtractContext, args: readonly Node[], depth = 0): boolean {
  if (depth > 3) return false;
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (node.type === 'MemberExpression') {
      const root = rootIdentifier(node);
      const mentionsEnv = memberChainNames(node).some((name) => name === 'env' || name === 'ENV');
      if (root && mentionsEnv && variableOf(cx, root)?.defs.some((def) => def.type === 'Parameter')) {
        found = true;
        return;
      }
    }
    if (node.type === 'Identifier') {
      const variable = variableOf(cx, node);
      const def = variable?.defs[0];
      if (def?.type === 'Variable' && def.node.init && !isModuleLevel(variable!) && def.node.init !== node) {
        found = usesRequestEnv(cx, [def.node.init], depth + 1);
      } else if (def?.type === 'Parameter') {
        found = helperCalledWithRequestEnv(cx, def.node as Node, depth);
      }
      return;
    }
    forEachChild(node, visit);
  };
  args.forEach(visit);
  return found;
}

/** `const init = (url) => postgres(url)` called only as `init(c.env.DATABASE_URL)`. */
function helperCalledWithRequestEnv(cx: ExtractContext, fn: Node, depth: number): boolean {
  if (!isFunction(fn) || isExported(fn)) return false;
  const variable = functionVariable(cx, fn);
  const calls = variable?.references.filter((ref) => isRuntimeUse(ref) && ref.identifier !== variable.identifiers[0] && !ref.init) ?? [];
  return (
    calls.length > 0 &&
    calls.every((ref) => {
      const call = (ref.identifier as Node).parent;
      return call?.type === 'CallExpression' && call.callee === ref.identifier && usesRequestEnv(cx, call.arguments, depth + 1);
    })
  );
}

/** `mysql.createConnection({ host: body.host, … })`: function-bound names, and no `process.env`. */
function fromLocalsOnly(cx: ExtractContext, args: readonly Node[]): boolean {
  return args.length > 0 && localNames(cx, args).length > 0 && !args.some((arg) => /\bprocess\.env\b|\bimport\.meta\.env\b/.test(cx.input.text.slice(arg.range[0], arg.range[1])));
}

/** A Cloudflare Worker handler: `export default { fetch(request, env, ctx) { … } }`. */
function isWorkerHandler(context: Context | undefined): boolean {
  for (let fn = context; fn; fn = enclosingContext(fn)) {
    const holder = fn.parent;
    if (holder?.type !== 'Property' && holder?.type !== 'MethodDefinition') continue;
    const name = propertyKeyName(holder);
    if (!name || !WORKER_HANDLERS.has(name)) continue;
    let object: Node | undefined = holder.parent;
    while (object && (object.type === 'ObjectExpression' || object.type === 'TSSatisfiesExpression' || object.type === 'TSAsExpression')) object = object.parent;
    if (object?.type === 'ExportDefaultDeclaration') return true;
  }
  return false;
}

/** drizzle(url), drizzle({ connection }) and drizzle(process.env.X) open a pool; drizzle(pool) wraps one. */
function opensConnection(arg: TSESTree.CallExpressionArgument | undefined): boolean {
  if (!arg) return false;
  const e = unwrap(arg);
  if (e.type === 'Literal' || e.type === 'TemplateLiteral') return true;
  if (e.type === 'ObjectExpression') {
    return e.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'connection');
  }
  if (e.type === 'MemberExpression') {
    const names = memberChainNames(e).reverse();
    return (names[0] === 'process' && names[1] === 'env') || (names[0] === 'import' && names[1] === 'meta');
  }
  if (e.type === 'MetaProperty') return false;
  return false;
}

function bindingOf(node: Node): CreateSite['binding'] {
  let current: Node = node;
  while (current.parent && (current.parent.type === 'AwaitExpression' || current.parent.type === 'TSAsExpression' || current.parent.type === 'TSNonNullExpression' || current.parent.type === 'TSSatisfiesExpression')) {
    current = current.parent;
  }
  const declarator = current.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== current || declarator.id.type !== 'Identifier') return undefined;
  const declaration = declarator.parent;
  if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) return undefined;
  return {
    name: declarator.id.name,
    range: [...declaration.range] as Range,
    exported: declaration.parent?.type === 'ExportNamedDeclaration',
  };
}

/** `process.env.NODE_ENV === 'production'` (true), `!== 'production'` (false), else undefined. */
function productionTest(test: Node): boolean | undefined {
  if (test.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(test.operator)) return undefined;
  const sides = [test.left, test.right];
  const env = sides.find((side) => side.type === 'MemberExpression' && memberChainNames(side).reverse().join('.') === 'process.env.NODE_ENV');
  const value = sides.find((side) => side.type === 'Literal' && side.value === 'production');
  if (!env || !value) return undefined;
  return test.operator === '===' || test.operator === '==';
}

/** Is `node` in the production-only branch of an `if` / `?:` on NODE_ENV? */
function productionOnly(node: Node): boolean {
  for (let child: Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') {
      const production = productionTest(parent.test);
      if (production === undefined || child === parent.test) continue;
      if ((production && child === parent.consequent) || (!production && child === parent.alternate)) return true;
    }
  }
  return false;
}
