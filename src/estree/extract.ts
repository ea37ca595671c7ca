// The one fact extractor: an ESTree Program plus its scope manager → Site[]. Used by the ESLint rules
// (context.sourceCode) and by the codemod and CLI (typescript-estree's parseForESLint), so every
// consumer sees the same sites. Bindings are resolved through the scope manager, never by name.
import type { Reference, ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { CLOSE_METHODS, lookupClient, moduleSpec, type ClientSpec, type Origin } from '../core/clients.js';
import type { CloseSite, CreateSite, DynamicImportSite, FileFacts, FunctionFacts, OnceReason, Range, Site } from '../core/facts.js';
import type { Policy } from '../core/policy.js';
import { mayHaveFindings } from '../core/prefilter.js';
import { staticConfig } from './options.js';

type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
/** A function, or a class field initialiser (which runs per instance like a constructor). */
type Context = FunctionNode | TSESTree.PropertyDefinition;

export interface ExtractInput {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  text: string;
  filename: string;
  policy: Policy;
}

const SHUTDOWN_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'beforeExit', 'exit', 'close', 'onClose', 'sveltekit:shutdown', 'onPreStop', 'onPostStop']);
const SHUTDOWN_REGISTRARS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addHook', 'onShutdown', 'ext']);
const TEARDOWN_CALLS = new Set(['afterAll', 'afterEach', 'after', 'teardown', 'onTestFinished', 'globalTeardown']);
const SHUTDOWN_METHODS = new Set(['onModuleDestroy', 'onApplicationShutdown', 'beforeApplicationShutdown', 'dispose', 'teardown']);
/** Names that say "this function shuts things down"; a handler called `closeOrder` does not match. */
const SHUTDOWN_NAME = /^(?:graceful_?)?shut_?down|^tear_?down|^clean_?up$|^(?:on_?)?exit$|^dispose$|^(?:close|disconnect|end|stop)(?:db|database|pool|pools|connections?|prisma|client|clients|redis|mongo|sql|all|server)?$/i;
const PROVIDER_DECORATORS = new Set(['Injectable', 'Module', 'Global']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
const WORKER_HANDLERS = new Set(['fetch', 'scheduled', 'queue', 'email', 'tail', 'trace']);
/** Packages whose wrapper runs a plugin function once at boot: `fp(async (app) => …)`. */
const PLUGIN_WRAPPERS = new Set(['fastify-plugin']);

export function extractFacts(input: ExtractInput): FileFacts {
  const facts: FileFacts = { filename: input.filename, sites: [] };
  if (!mayHaveFindings(input.text, input.filename, input.policy)) return facts;
  return new Extractor(input).run();
}

interface Candidate {
  node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.ImportExpression;
}

class Extractor {
  private readonly refs = new Map<TSESTree.Identifier, Reference>();
  private refsBuilt = false;
  private readonly candidates: Candidate[] = [];
  private readonly onceCache = new Map<Node, OnceReason | undefined>();
  private readonly commonjs: boolean;

  constructor(private readonly input: ExtractInput) {
    this.commonjs = /\.c[jt]s$/.test(input.filename);
  }

  run(): FileFacts {
    this.walk(this.input.ast, undefined);
    const creates: CreateSite[] = [];
    const others: Site[] = [];
    for (const { node } of this.candidates) {
      if (node.type === 'ImportExpression') {
        const site = this.dynamicImport(node);
        if (site) others.push(site);
        continue;
      }
      const created = this.createSite(node);
      if (created) creates.push(created);
    }
    // `new PrismaClient({ adapter: new PrismaPg(…) })` is one client: keep the outermost site.
    const outermost = creates.filter(
      (site) => !creates.some((other) => other !== site && other.range[0] <= site.range[0] && site.range[1] <= other.range[1]),
    );
    // Close sites can only be resolved once every create site is known (module clients).
    const closes = this.candidates
      .filter(({ node }) => node.type === 'CallExpression' && !creates.some((c) => c.range[0] === node.range[0] && c.range[1] === node.range[1]))
      .map(({ node }) => this.closeSite(node as TSESTree.CallExpression, creates))
      .filter((site): site is CloseSite => site !== undefined);
    const closedVariables = this.closedVariables();
    const nodes = new Map(this.candidates.map(({ node }) => [`${node.range[0]}:${node.range[1]}`, node]));
    for (const site of outermost) {
      const node = nodes.get(`${site.range[0]}:${site.range[1]}`);
      site.closed = node !== undefined && node.type !== 'ImportExpression' && this.isClosed(node, closedVariables);
    }
    const sites: Site[] = [...outermost, ...others, ...closes];
    sites.sort((a, b) => a.range[0] - b.range[0]);
    return { filename: this.input.filename, sites };
  }

  // ---- traversal ---------------------------------------------------------------------------------

  private walk(node: Node, parent: Node | undefined): void {
    if (parent && !node.parent) (node as { parent?: Node }).parent = parent;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression':
        if (this.isCandidateCallee(node.callee)) this.candidates.push({ node });
        break;
      case 'ImportExpression':
        this.candidates.push({ node });
        break;
      case 'TSImportType':
      case 'TSTypeAnnotation':
      case 'TSInterfaceDeclaration':
      case 'TSTypeAliasDeclaration':
        // Types open no connection (`import('knex')` in a type is not an import); only link parents,
        // which ESLint does for us but a bare parse does not.
        setParents(node);
        return;
      default:
        break;
    }
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && 'type' in item) this.walk(item as Node, node);
      } else if (child && typeof child === 'object' && 'type' in child) {
        this.walk(child as Node, node);
      }
    }
  }

  private isCandidateCallee(callee: TSESTree.Expression): boolean {
    let current: Node = callee;
    while (current.type === 'MemberExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSAsExpression' || current.type === 'CallExpression') {
      if (current.type === 'CallExpression') {
        // `require('knex')({ … })`
        return current.callee.type === 'Identifier' && current.callee.name === 'require';
      }
      current = current.type === 'MemberExpression' ? current.object : current.expression;
    }
    return current.type === 'Identifier' || current.type === 'ImportExpression' || current.type === 'AwaitExpression';
  }

  // ---- scope resolution --------------------------------------------------------------------------

  private reference(id: TSESTree.Identifier): Reference | undefined {
    if (!this.refsBuilt) {
      this.refsBuilt = true;
      for (const scope of this.input.scopeManager.scopes) {
        for (const ref of scope.references) this.refs.set(ref.identifier as TSESTree.Identifier, ref);
      }
    }
    return this.refs.get(id);
  }

  private variableOf(id: TSESTree.Identifier): Variable | undefined {
    return this.reference(id)?.resolved ?? undefined;
  }

  /** `const poolConfig = { … }`: the initialiser of the one `const` an identifier is bound to. */
  private constInit(id: TSESTree.Identifier): Node | undefined {
    const defs = this.variableOf(id)?.defs;
    const declarator = defs?.length === 1 ? defs[0]!.node : undefined;
    if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return undefined;
    const declaration = declarator.parent as TSESTree.VariableDeclaration | undefined;
    return declaration?.kind === 'const' && !declaration.declare ? (declarator.init ?? undefined) : undefined;
  }

  /** Unresolved, or a configured global with no declaration (`require` in CommonJS, `globalThis`). */
  private isGlobal(id: TSESTree.Identifier): boolean {
    const variable = this.variableOf(id);
    if (variable === undefined || variable.defs.length === 0) return true;
    // `declare const globalThis: { prisma: … } & typeof global` only types the global.
    return variable.defs.every((def) => def.node.type === 'VariableDeclarator' && (def.node.parent as TSESTree.VariableDeclaration | undefined)?.declare === true);
  }

  private isModuleLevel(variable: Variable): boolean {
    // CommonJS wraps the file in a function scope whose block is still the Program.
    return variable.scope.type === 'module' || variable.scope.type === 'global' || variable.scope.block.type === 'Program';
  }

  /** Where an expression's value was imported from, following re-bindings; undefined if local. */
  private originOf(expr: Node, depth = 0): Origin | undefined {
    if (depth > 8) return undefined;
    const e = unwrap(expr);
    switch (e.type) {
      case 'Identifier': {
        const variable = this.variableOf(e);
        return variable ? this.originOfVariable(variable, e, depth) : undefined;
      }
      case 'MemberExpression': {
        const name = propertyName(e);
        if (name === undefined) return undefined;
        const base = this.originOf(e.object, depth + 1);
        return base ? { ...base, path: [...base.path, name] } : undefined;
      }
      case 'CallExpression': {
        const specifier = requireSpecifier(e, (id) => this.isGlobal(id));
        return specifier === undefined ? undefined : { module: specifier, base: 'module', path: [] };
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

  private originOfVariable(variable: Variable, use: TSESTree.Identifier, depth: number): Origin | undefined {
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
    if (def.type !== 'Variable') return undefined;
    const declarator = def.node;
    if (!declarator.init) return undefined;
    // A re-binding counts only while it cannot be reassigned.
    const declaration = def.parent;
    if (declaration.kind !== 'const' && variable.references.some((ref) => ref.isWrite() && ref.identifier !== declarator.id)) return undefined;
    if (declarator.id.type === 'Identifier') return this.originOf(declarator.init, depth + 1);
    if (declarator.id.type === 'ObjectPattern') {
      for (const prop of declarator.id.properties) {
        if (prop.type !== 'Property') continue;
        const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (value.type === 'Identifier' && value.name === use.name && value.range[0] === variable.identifiers[0]?.range[0]) {
          const key = prop.key.type === 'Identifier' && !prop.computed ? prop.key.name : literalString(prop.key);
          if (key === undefined) return undefined;
          const base = this.originOf(declarator.init, depth + 1);
          return base ? { ...base, path: [...base.path, key] } : undefined;
        }
      }
    }
    return undefined;
  }

  // ---- create sites ------------------------------------------------------------------------------

  private clientFor(node: TSESTree.CallExpression | TSESTree.NewExpression): { spec: ClientSpec; origin: Origin; factory: boolean } | undefined {
    const origin = this.originOf(node.callee);
    if (!origin) return undefined;
    const spec = lookupClient(origin);
    if (spec) return { spec, origin, factory: false };
    if (origin.base === 'named' && origin.path.length === 1 && origin.path[0]) {
      const factory = this.input.policy.factoryFor(this.input.filename, origin.module, origin.path[0]);
      if (factory) return { spec: factory, origin, factory: true };
    }
    if ((origin.base === 'namespace' || origin.base === 'module' || origin.base === 'default') && origin.path.length === 1 && origin.path[0]) {
      const factory = this.input.policy.factoryFor(this.input.filename, origin.module, origin.path[0]);
      if (factory) return { spec: factory, origin, factory: true };
    }
    return undefined;
  }

  private throughAccelerate(node: Node): boolean {
    const member = node.parent;
    if (member?.type !== 'MemberExpression' || member.object !== node || propertyName(member) !== '$extends') return false;
    const call = member.parent;
    if (call?.type !== 'CallExpression' || call.callee !== member) return false;
    return call.arguments.some((arg) => arg.type === 'CallExpression' && this.originOf(arg.callee)?.module === '@prisma/extension-accelerate');
  }

  private createSite(node: TSESTree.CallExpression | TSESTree.NewExpression): CreateSite | undefined {
    const found = this.clientFor(node);
    if (!found) return undefined;
    const { spec, origin, factory } = found;
    if (spec.wrapsExistingClient && !opensConnection(node.arguments[0])) return undefined;
    // Prisma Accelerate (`new PrismaClient().$extends(withAccelerate())`) queries over HTTP; the pool is Accelerate's.
    if (this.throughAccelerate(node)) return undefined;
    const context = enclosingContext(node);
    return {
      type: 'create',
      client: spec.client,
      family: spec.family,
      kind: spec.kind,
      module: origin.module,
      factory,
      range: [...node.range] as Range,
      once: this.onceReason(node),
      fn: context ? this.functionFacts(context) : undefined,
      requestScopedConfig: context !== undefined && (this.isWorkerHandler(context) || this.usesRequestEnv(node.arguments)),
      productionOnly: productionOnly(node),
      ...(factory ? {} : { config: staticConfig(node.arguments, (id) => this.constInit(id)) }),
      binding: bindingOf(node),
    };
  }

  /**
   * `postgres(env.DATABASE_URL)` inside a Worker's `fetch(request, env)`: per request by design, since
   * the connection string only exists per request. Follows local consts (`const adapter = new
   * PrismaD1(env.DB)`) and local helpers whose every call passes request env.
   */
  private usesRequestEnv(args: readonly Node[], depth = 0): boolean {
    if (depth > 3) return false;
    let found = false;
    const visit = (node: Node): void => {
      if (found) return;
      if (node.type === 'MemberExpression') {
        const root = rootIdentifier(node);
        const mentionsEnv = memberChainNames(node).some((name) => name === 'env' || name === 'ENV');
        if (root && mentionsEnv && this.variableOf(root)?.defs.some((def) => def.type === 'Parameter')) {
          found = true;
          return;
        }
      }
      if (node.type === 'Identifier') {
        const variable = this.variableOf(node);
        const def = variable?.defs[0];
        if (def?.type === 'Variable' && def.node.init && !this.isModuleLevel(variable!) && def.node.init !== node) {
          found = this.usesRequestEnv([def.node.init], depth + 1);
        } else if (def?.type === 'Parameter') {
          found = this.helperCalledWithRequestEnv(def.node as Node, depth);
        }
        return;
      }
      forEachChild(node, visit);
    };
    args.forEach(visit);
    return found;
  }

  /** `const init = (url) => postgres(url)` called only as `init(c.env.DATABASE_URL)`. */
  private helperCalledWithRequestEnv(fn: Node, depth: number): boolean {
    if (!isFunction(fn) || this.isExported(fn)) return false;
    const variable = this.functionVariable(fn);
    const calls = variable?.references.filter((ref) => isRuntimeUse(ref) && ref.identifier !== variable.identifiers[0] && !ref.init) ?? [];
    return (
      calls.length > 0 &&
      calls.every((ref) => {
        const call = (ref.identifier as Node).parent;
        return call?.type === 'CallExpression' && call.callee === ref.identifier && this.usesRequestEnv(call.arguments, depth + 1);
      })
    );
  }

  /** A Cloudflare Worker handler: `export default { fetch(request, env, ctx) { … } }`. */
  private isWorkerHandler(context: Context | undefined): boolean {
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

  // ---- how often does code run? ------------------------------------------------------------------

  /** Why `node` runs once per process, or undefined when it runs on every call of its function. */
  private onceReason(node: Node, depth = 0): OnceReason | undefined {
    if (depth > 12) return undefined;
    const context = enclosingContext(node);
    // At module scope too: `globalForPrisma.prisma ?? new PrismaClient()` survives a hot reload.
    if (!context) return this.memoised(node, undefined) === 'global-cache' ? 'global-cache' : 'module-scope';
    const memo = this.memoised(node, context);
    if (memo) return memo;
    if (this.onceCache.has(context)) return this.onceCache.get(context);
    this.onceCache.set(context, undefined); // recursion guard
    const result = this.contextOnce(context, depth);
    this.onceCache.set(context, result);
    return result;
  }

  private contextOnce(context: Context, depth: number): OnceReason | undefined {
    if (context.type === 'PropertyDefinition') {
      return this.inProviderClass(context) ? 'provider' : undefined;
    }
    const parent = context.parent;
    // IIFE: `(async () => { … })()`
    if (parent?.type === 'CallExpression' && parent.callee === context) return this.onceReason(parent, depth + 1) && 'called-once';
    // `.then(() => …)` / `.catch` / `.finally` on a chain that itself runs once
    if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(context) && parent.callee.type === 'MemberExpression') {
      const method = propertyName(parent.callee);
      if ((method === 'then' || method === 'catch' || method === 'finally') && this.onceReason(parent.callee.object, depth + 1)) return 'called-once';
    }
    // NestJS: `useFactory: () => new PrismaClient()`, or a method of an @Injectable() class.
    if (parent?.type === 'Property' && propertyKeyName(parent) === 'useFactory') return 'provider';
    if (parent?.type === 'MethodDefinition' && parent.kind === 'constructor' && this.inProviderClass(parent)) return 'provider';
    // Fastify plugins (`fp(async (app) => …)`) and hapi plugins (`{ name, register() {} }`) run once at boot.
    if (parent?.type === 'CallExpression' && parent.arguments[0] === context) {
      const origin = this.originOf(parent.callee);
      if (origin && PLUGIN_WRAPPERS.has(origin.module)) return 'called-once';
    }
    if ((parent?.type === 'Property' || parent?.type === 'MethodDefinition') && propertyKeyName(parent) === 'register' && parent.parent?.type === 'ObjectExpression') {
      if (parent.parent.properties.some((p) => p.type === 'Property' && propertyKeyName(p) === 'name')) return 'called-once';
    }
    // A local, unexported function whose every call runs once (`globalThis.x ?? create()`, also in
    // both branches of an `if (production)`); type references (`ReturnType<typeof create>`) don't count.
    const variable = this.functionVariable(context);
    if (!variable || this.isExported(context)) return undefined;
    const uses = variable.references.filter((ref) => isRuntimeUse(ref) && ref.identifier !== variable.identifiers[0] && !ref.init);
    if (uses.length === 0) return undefined;
    const reasons = new Set<OnceReason>();
    for (const ref of uses) {
      const use = ref.identifier as Node;
      const call = use.parent;
      const reason = call?.type === 'CallExpression' && call.callee === use ? this.onceReason(call, depth + 1) : undefined;
      if (!reason) return undefined;
      reasons.add(reason);
    }
    // `globalForSql.sql ?? createSql()`: the client survives hot reloads like the call does.
    return reasons.size === 1 && reasons.has('global-cache') ? 'global-cache' : 'called-once';
  }

  private inProviderClass(member: Node): boolean {
    const body = member.parent;
    const klass = body?.parent;
    if (!klass || (klass.type !== 'ClassDeclaration' && klass.type !== 'ClassExpression')) return false;
    return (klass.decorators ?? []).some((decorator) => {
      const expr = decorator.expression.type === 'CallExpression' ? decorator.expression.callee : decorator.expression;
      return expr.type === 'Identifier' && PROVIDER_DECORATORS.has(expr.name);
    });
  }

  private functionVariable(fn: FunctionNode): Variable | undefined {
    if (fn.type === 'FunctionDeclaration' && fn.id) {
      return this.input.scopeManager.getDeclaredVariables(fn).find((v) => v.name === fn.id?.name);
    }
    const parent = fn.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      const declaration = parent.parent;
      if (declaration?.type === 'VariableDeclaration' && declaration.kind === 'const') {
        return this.input.scopeManager.getDeclaredVariables(parent)[0];
      }
    }
    return undefined;
  }

  private isExported(fn: FunctionNode): boolean {
    let node: Node | undefined = fn.parent;
    if (node?.type === 'VariableDeclarator') node = node.parent?.parent;
    return node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration';
  }

  /** Memoisation around `node` inside `context`: `x ??= …`, `if (!x) x = …`, `x ?? (x = …)`, `cache.set(k, …)`. */
  private memoised(node: Node, context: Context | undefined): OnceReason | undefined {
    let child: Node = node;
    let parent = node.parent;
    while (parent && parent !== context && !isStatement(parent)) {
      if (parent.type === 'AssignmentExpression' && parent.right === child) {
        const target = this.cacheTarget(parent.left);
        if (target && (parent.operator === '??=' || parent.operator === '||=' || (context !== undefined && this.guardedBy(context, parent.left)))) return target;
      }
      // The Prisma / Next.js docs pattern: `const prisma = globalForPrisma.prisma ?? new PrismaClient()`,
      // stored back with `globalForPrisma.prisma = prisma` (outside production) somewhere in the module.
      if (parent.type === 'LogicalExpression' && (parent.operator === '??' || parent.operator === '||') && parent.right === child && parent.left.type === 'MemberExpression') {
        const target = this.cacheTarget(parent.left);
        const stored = new RegExp(`${escapeRegExp(normalise(this.text(parent.left)))}=(?!=)`).test(normalise(this.input.text));
        if (target === 'global-cache' && stored) return target;
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(child as TSESTree.CallExpressionArgument) && parent.callee.type === 'MemberExpression' && propertyName(parent.callee) === 'set') {
        const target = this.cacheTarget(parent.callee.object);
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
          const cacheMentioned = this.testNamesCache(stmt.test);
          if (cacheMentioned) return cacheMentioned;
        }
        stmt = stmt.parent;
      }
    }
    return undefined;
  }

  /** A module-level binding, a property of one, or a property of `globalThis` / `global`. */
  private cacheTarget(target: Node): OnceReason | undefined {
    const e = unwrap(target);
    if (e.type === 'Identifier') {
      const variable = this.variableOf(e);
      return variable && this.isModuleLevel(variable) ? 'module-cache' : undefined;
    }
    if (e.type === 'MemberExpression') {
      const root = rootIdentifier(e);
      if (!root) return undefined;
      if (this.isGlobal(root)) return GLOBAL_OBJECTS.has(root.name) ? 'global-cache' : undefined;
      const variable = this.variableOf(root)!;
      if (!this.isModuleLevel(variable)) return undefined;
      const init = variable.defs[0]?.node.type === 'VariableDeclarator' ? (variable.defs[0].node as TSESTree.VariableDeclarator).init : null;
      if (init) {
        const initRoot = rootIdentifier(unwrap(init));
        if (initRoot && GLOBAL_OBJECTS.has(initRoot.name) && this.isGlobal(initRoot)) return 'global-cache';
      }
      return 'module-cache';
    }
    return undefined;
  }

  /** Does some test in `context` (if / ?: / ?? / ||) read `target`? */
  private guardedBy(context: Context, target: Node): boolean {
    const wanted = normalise(this.text(target));
    let found = false;
    const visit = (node: Node): void => {
      if (found) return;
      let test: Node | undefined;
      if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') test = node.test;
      else if (node.type === 'LogicalExpression') test = node.left;
      if (test && mentions(normalise(this.text(test)), wanted)) {
        found = true;
        return;
      }
      forEachChild(node, visit);
    };
    visit(context.type === 'PropertyDefinition' ? context : context.body);
    return found;
  }

  private testNamesCache(test: Node): OnceReason | undefined {
    let reason: OnceReason | undefined;
    const visit = (node: Node): void => {
      if (reason) return;
      if (node.type === 'MemberExpression' || node.type === 'Identifier') {
        reason = this.cacheTarget(node);
        if (reason || node.type === 'Identifier') return;
      }
      forEachChild(node, visit);
    };
    visit(test);
    return reason;
  }

  private functionFacts(context: Context): FunctionFacts {
    if (context.type === 'PropertyDefinition') {
      return { name: propertyKeyName(context), shutdown: false, perInstance: true, exported: false };
    }
    let shutdown = false;
    for (let fn: Context | undefined = context; fn && !shutdown; fn = enclosingContext(fn)) {
      shutdown = fn.type !== 'PropertyDefinition' && this.isShutdownHook(fn);
    }
    const parent = context.parent;
    const perInstance = parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
    return { name: functionName(context), shutdown, perInstance, exported: this.isExported(context) };
  }

  private isShutdownHook(fn: FunctionNode): boolean {
    const name = functionName(fn);
    if (name && (SHUTDOWN_METHODS.has(name) || SHUTDOWN_NAME.test(name))) return true;
    const parent = fn.parent;
    if (parent?.type === 'MethodDefinition' && parent.key.type === 'MemberExpression') {
      // `[Symbol.asyncDispose]()`
      const key = propertyName(parent.key);
      if (key === 'asyncDispose' || key === 'dispose') return true;
    }
    if (parent?.type === 'CallExpression' && (parent.arguments as Node[]).includes(fn) && this.isShutdownRegistration(parent)) return true;
    // hapi: `server.ext({ type: 'onPostStop', method: async () => … })`
    if (parent?.type === 'Property' && parent.value === fn && propertyKeyName(parent) === 'method' && parent.parent?.type === 'ObjectExpression') {
      const type = parent.parent.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'type');
      const call = parent.parent.parent;
      if (type && SHUTDOWN_EVENTS.has(literalString(type.value) ?? '') && call?.type === 'CallExpression' && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'ext') return true;
    }
    // `const cleanup = async () => …; process.on('SIGINT', cleanup)`
    const variable = this.functionVariable(fn);
    return variable?.references.some((ref) => {
      if (!isRuntimeUse(ref)) return false;
      const call = (ref.identifier as Node).parent;
      return call?.type === 'CallExpression' && call.arguments.includes(ref.identifier as TSESTree.Identifier) && this.isShutdownRegistration(call);
    }) ?? false;
  }

  /** `process.on('SIGTERM', fn)`, `app.addHook('onClose', fn)`, `afterAll(fn)`, also over a list of signals. */
  private isShutdownRegistration(call: TSESTree.CallExpression): boolean {
    const callee = call.callee;
    if (callee.type === 'Identifier') return TEARDOWN_CALLS.has(callee.name);
    if (callee.type !== 'MemberExpression') return false;
    const method = propertyName(callee);
    if (method === undefined) return false;
    if (TEARDOWN_CALLS.has(method)) return true; // `test.afterAll(…)`
    if (!SHUTDOWN_REGISTRARS.has(method) || !call.arguments[0]) return false;
    const events = this.possibleStrings(call.arguments[0]);
    return events.length > 0 && events.every((event) => SHUTDOWN_EVENTS.has(event));
  }

  /**
   * The string values an expression can take: a literal, or a loop variable over a literal list
   * (`for (const signal of ['SIGINT', 'SIGTERM'])`, `['SIGINT', 'SIGTERM'].forEach((s) => …)`).
   */
  private possibleStrings(expr: Node): string[] {
    const literal = literalString(expr);
    if (literal !== undefined) return [literal];
    if (expr.type !== 'Identifier') return [];
    const def = this.variableOf(expr)?.defs[0];
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

  // ---- closed clients ----------------------------------------------------------------------------

  /** The variables a close method is called on anywhere in the file: `sql.end()`, `db.$client.end()`. */
  private closedVariables(): Set<Variable> {
    const out = new Set<Variable>();
    for (const { node } of this.candidates) {
      if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') continue;
      const method = propertyName(node.callee);
      if (!method || !CLOSE_METHODS.has(method)) continue;
      const root = rootIdentifier(node.callee.object);
      const variable = root && this.variableOf(root);
      if (variable) out.add(variable);
    }
    return out;
  }

  /**
   * Is the client this expression creates closed in this file? Through the variable that holds it
   * (also when a local function returns it: `const sql = connect()`), a variable that wraps it
   * (`const db = drizzle(sql)`), a variable it wraps (`drizzle(client)`), or `await using`.
   */
  private isClosed(node: TSESTree.CallExpression | TSESTree.NewExpression, closed: ReadonlySet<Variable>): boolean {
    const holders = this.holders(node, 0);
    if (holders === 'disposed') return true;
    const related = new Set(holders);
    for (const variable of holders) {
      for (const ref of variable.references) {
        // `const db = drizzle(sql)`: closing `db.$client` closes `sql`.
        for (let up: Node | undefined = (ref.identifier as Node).parent; up && !isStatement(up) && !isFunction(up); up = up.parent) {
          if (up.type === 'VariableDeclarator' && up.init && contains(up.init, ref.identifier as Node)) {
            for (const wrapper of this.input.scopeManager.getDeclaredVariables(up)) related.add(wrapper);
            break;
          }
        }
      }
    }
    // `drizzle(client)`: closing `client` closes what wraps it.
    for (const arg of node.arguments) {
      const inner = unwrap(arg);
      if (inner.type === 'Identifier') {
        const variable = this.variableOf(inner);
        if (variable) related.add(variable);
      }
    }
    return [...related].some((variable) => closed.has(variable));
  }

  /** The variables an expression's value is stored in: `const x = …`, `x = …`, `x = cond ? … : …`, `x = wrap(…)`, a local function's callers. */
  private holders(node: Node, depth: number): Variable[] | 'disposed' {
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
      return this.input.scopeManager.getDeclaredVariables(parent);
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === current && parent.left.type === 'Identifier') {
      const variable = this.variableOf(parent.left);
      return variable ? [variable] : [];
    }
    // `function connect() { return postgres(url) }` / `const connect = () => postgres(url)`: its callers' variables.
    const returned = parent?.type === 'ReturnStatement' ? enclosingContext(parent) : parent && isFunction(parent) && parent.body === current ? parent : undefined;
    if (!returned || !isFunction(returned) || depth > 2) return [];
    const fn = this.functionVariable(returned);
    const out: Variable[] = [];
    for (const ref of fn?.references ?? []) {
      const call = (ref.identifier as Node).parent;
      if (call?.type !== 'CallExpression' || call.callee !== ref.identifier) continue;
      const found = this.holders(call, depth + 1);
      if (found === 'disposed') return found;
      out.push(...found);
    }
    return out;
  }

  // ---- close sites -------------------------------------------------------------------------------

  private closeSite(node: TSESTree.CallExpression, creates: readonly CreateSite[]): CloseSite | undefined {
    if (node.callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(node.callee);
    if (!method || !CLOSE_METHODS.has(method)) return undefined;
    const root = rootIdentifier(node.callee.object);
    if (!root) return undefined;
    const variable = this.variableOf(root);
    if (!variable) return undefined;
    const context = enclosingContext(node);
    // Not a shared client, but closed on shutdown: evidence for require-shutdown-hook, never a finding.
    const shared = this.sharedClient(variable, creates) ?? (context && this.functionFacts(context).shutdown ? 'other' : undefined);
    if (!shared) return undefined;
    let statement: Node = node;
    if (statement.parent?.type === 'AwaitExpression') statement = statement.parent;
    return {
      type: 'close',
      method,
      target: root.name,
      shared,
      range: [...node.range] as Range,
      once: this.onceReason(node),
      fn: context ? this.functionFacts(context) : undefined,
      statement: statement.parent?.type === 'ExpressionStatement',
    };
  }

  private sharedClient(variable: Variable, creates: readonly CreateSite[]): CloseSite['shared'] | undefined {
    const def = variable.defs[0];
    if (!def) return undefined;
    if (def.type === 'ImportBinding') {
      const decl = def.parent as TSESTree.ImportDeclaration;
      return this.input.policy.isSingletonSpecifier(this.input.filename, decl.source.value) ? 'singleton-import' : undefined;
    }
    if (def.type !== 'Variable' || !this.isModuleLevel(variable)) return undefined;
    // `const { pool } = require('./db')`
    const required = def.node.init && unwrap(def.node.init);
    if (required?.type === 'CallExpression') {
      const specifier = requireSpecifier(required, (id) => this.isGlobal(id));
      if (specifier !== undefined && this.input.policy.isSingletonSpecifier(this.input.filename, specifier)) return 'singleton-import';
    }
    // A module-level binding whose value (at declaration or a later write) is a client created here.
    const writes: Node[] = [];
    if (def.node.init) writes.push(def.node.init);
    for (const ref of variable.references) if (ref.isWrite() && ref.writeExpr) writes.push(ref.writeExpr as Node);
    const holds = (range: TSESTree.Range) => creates.some((site) => range[0] <= site.range[0] && site.range[1] <= range[1] && site.once !== undefined);
    // …directly, or through a local create function: `globalForSql.sql ?? createSql()`.
    const isClient = writes.some((expr) => holds(expr.range) || this.localCallees(expr).some((fn) => holds(fn.range)));
    return isClient ? 'module-client' : undefined;
  }

  /** The local functions `expr` calls by name (`createSql()` → the `() => postgres(url)` it is bound to). */
  private localCallees(expr: Node): Node[] {
    const out: Node[] = [];
    const visit = (node: Node): void => {
      if (node.type === 'CallExpression' && node.callee.type === 'Identifier') {
        const def = this.variableOf(node.callee)?.defs[0];
        if (def?.type === 'FunctionName') out.push(def.node as Node);
        if (def?.type === 'Variable' && def.node.init && (def.node.init.type === 'ArrowFunctionExpression' || def.node.init.type === 'FunctionExpression')) out.push(def.node.init);
      }
      for (const key of visitorKeys[node.type] ?? []) {
        const value = (node as unknown as Record<string, unknown>)[key];
        for (const child of Array.isArray(value) ? value : [value]) if (child && typeof child === 'object' && 'type' in child) visit(child as Node);
      }
    };
    visit(expr);
    return out;
  }

  // ---- dynamic imports ---------------------------------------------------------------------------

  private dynamicImport(node: TSESTree.ImportExpression): DynamicImportSite | undefined {
    const specifier = literalString(node.source);
    if (specifier === undefined) return undefined;
    const { policy, filename } = this.input;
    let target: DynamicImportSite['target'];
    if (moduleSpec(specifier) || policy.isClientModule(filename, specifier)) target = 'package';
    else if (policy.isSingletonSpecifier(filename, specifier)) target = 'singleton';
    else return undefined;
    return {
      type: 'dynamic-import',
      specifier,
      target,
      range: [...node.range] as Range,
      commonjs: this.commonjs,
      runtimeGuarded: this.runtimeGuarded(node),
    };
  }

  /** Next.js `instrumentation.ts`: `if (process.env.NEXT_RUNTIME === 'nodejs') await import('./db')`. */
  private runtimeGuarded(node: Node): boolean {
    for (let current = node.parent; current; current = current.parent) {
      let test: Node | undefined;
      if (current.type === 'IfStatement' || current.type === 'ConditionalExpression') test = current.test;
      else if (current.type === 'LogicalExpression') test = current.left;
      if (test && /NEXT_RUNTIME|EdgeRuntime/.test(this.text(test))) return true;
    }
    return false;
  }

  private text(node: Node): string {
    return this.input.text.slice(node.range[0], node.range[1]);
  }
}

// ---- small AST helpers -----------------------------------------------------------------------------

/** A reference that runs code: not a type, and not `typeof fn` inside a type (`ReturnType<typeof fn>`). */
function isRuntimeUse(ref: Reference): boolean {
  if (!ref.isValueReference) return false;
  for (let node: Node | undefined = (ref.identifier as Node).parent; node; node = node.parent) {
    if (node.type === 'TSTypeQuery') return false;
    if (!node.type.startsWith('TS') && node.type !== 'MemberExpression') break;
  }
  return true;
}

function setParents(node: Node): void {
  forEachChild(node, (child) => {
    if (!child.parent) (child as { parent?: Node }).parent = node;
    setParents(child);
  });
}

function forEachChild(node: Node, visit: (child: Node) => void): void {
  for (const key of visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item && typeof item === 'object' && 'type' in item) visit(item as Node);
    } else if (child && typeof child === 'object' && 'type' in child) {
      visit(child as Node);
    }
  }
}

function unwrap(node: Node): Node {
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

function isFunction(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

function isStatement(node: Node): boolean {
  return node.type.endsWith('Statement') || node.type.endsWith('Declaration');
}

/** The innermost function or instance-field initialiser around `node`. */
function enclosingContext(node: Node): Context | undefined {
  let child: Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
    if (current.type === 'PropertyDefinition' && !current.static && current.value === child) return current;
    child = current;
  }
  return undefined;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

function propertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed) return literalString(member.property);
  if (member.property.type === 'PrivateIdentifier') return undefined;
  return undefined;
}

function propertyKeyName(prop: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  if (prop.key.type === 'Identifier' && !prop.computed) return prop.key.name;
  return literalString(prop.key);
}

function literalString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function rootIdentifier(node: Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  while (current.type === 'MemberExpression') current = unwrap(current.object);
  return current.type === 'Identifier' ? current : undefined;
}

function memberChainNames(node: TSESTree.MemberExpression): string[] {
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

/** `require('pg')` with the global `require` (not a shadowed local), returning the specifier. */
function requireSpecifier(call: TSESTree.CallExpression, isGlobal: (id: TSESTree.Identifier) => boolean): string | undefined {
  if (call.callee.type !== 'Identifier' || call.callee.name !== 'require' || !isGlobal(call.callee)) return undefined;
  return literalString(call.arguments[0]);
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
