// Plain-data facts about one file: what the extractor saw, with source ranges. No decisions here.
import type { ClientKind } from './clients.js';

export type Range = [start: number, end: number];

/** Why code in a function runs once rather than per call (or undefined: it runs per call). */
export type OnceReason =
  | 'module-scope' // not inside any function
  | 'module-cache' // `cached ??= …`, `if (!x) x = …`, `x ?? (x = …)` on a module-level binding
  | 'global-cache' // the same on a `globalThis` / `global` property
  | 'called-once' // a local function called once at module scope and not exported, or an IIFE
  | 'provider' // a DI provider factory, an injectable singleton's constructor (NestJS), a loader that registers it in a container
  | 'instance-cache'; // a lazy member (`this.x ??= …`, `if (!this.x) this.x = …`), or a constructor only its own class can call (`private constructor` + `static getInstance()`)

/** The innermost function whose calls decide how often a site runs. */
export interface FunctionFacts {
  name: string | undefined;
  /** A shutdown hook: `process.on('SIGTERM', …)`, `onModuleDestroy`, `afterAll`, `onClose`. */
  shutdown: boolean;
  /** A class constructor or field initialiser: runs per instance. */
  perInstance: boolean;
  exported: boolean;
  /**
   * A request handler: an exported HTTP-method function (`GET`, `POST`, …), a route callback
   * (`router.get('/x', …)`), a Worker's `fetch`. Absent in hand-made facts.
   */
  handler?: boolean;
  /**
   * Runs per request as far as its file shows: a handler, inside one, or a local function, class or
   * method called from one (src/estree/extract/per-request.ts). False when its callers are elsewhere
   * or run once. Absent in hand-made facts, which then count as per request.
   */
  perRequest?: boolean;
  /** Registered only outside production (`if (isDev) { app.get('/_e2e/…', …) }`): never runs as deployed. */
  devOnly?: boolean;
}

export type OptionValue = string | number | boolean | null;

/** What a client is created with, as far as it is statically known (see src/estree/options.ts). */
export interface ClientConfig {
  /** Literal option values, flattened with dots: `max`, `pool.max`, `datasources.db.url`. */
  options: Record<string, OptionValue>;
  /** Options present with a value that is not a literal (`max: Number(process.env.MAX)`). */
  dynamic: string[];
  /** Literal strings among the arguments and option values (connection URLs). */
  strings: string[];
  /**
   * The connection string, when it is a literal: a string argument with a URL scheme
   * (`postgres('postgres://…')`), else a literal `datasourceUrl`, `connectionString`, `url`, `uri`,
   * `connection` or `datasources.<name>.url` option.
   */
  url?: string;
  /** A spread or computed key: the options may hold anything. */
  spread: boolean;
  /**
   * What each argument is: an object literal (or a `const` bound to one), a literal string, an
   * expression that reads like a connection string (`process.env.DATABASE_URL`, `connectionString`,
   * a template), or something else (`new Pool(config)`: the options are not statically known).
   * Absent in hand-made facts, which then count as fully static.
   */
  args?: ArgKind[];
}

export type ArgKind = 'object' | 'string' | 'url' | 'unknown';

export interface CreateSite {
  type: 'create';
  /** Display name: `PrismaClient`, `postgres()`, `pg.Pool`. */
  client: string;
  family: string;
  kind: ClientKind;
  /** The import specifier the callee is bound to. */
  module: string;
  /** Whether the catalogue entry is a user-declared factory. */
  factory: boolean;
  /** The `new X(…)` / `x(…)` expression. */
  range: Range;
  /** undefined when the site runs per call of `fn`. */
  once: OnceReason | undefined;
  fn: FunctionFacts | undefined;
  /** The connection settings come from a per-request binding (`env.DATABASE_URL` in a Worker). */
  requestScopedConfig: boolean;
  /** Only runs in production: `if (process.env.NODE_ENV === 'production') prisma = new PrismaClient()`. */
  productionOnly?: boolean;
  /** The arguments, as far as they are literals (absent for a factory call). */
  config?: ClientConfig;
  /** `const prisma = new PrismaClient()`: the declared name and the declaration's range. */
  binding: { name: string; range: Range; exported: boolean } | undefined;
  /**
   * Names the arguments use that are bound inside a function (parameters, locals) and `this`: the
   * call means something else at module scope, so the codemod never moves or shares it.
   */
  localNames?: string[];
  /**
   * This file closes it somewhere: a close method (`end`, `$disconnect`, …) called on the variable that
   * holds it, on one that wraps it (`const db = drizzle(sql)`) or that it wraps, or an `await using`
   * declaration. Absent when the extractor did not look (a hand-made fact).
   */
  closed?: boolean;
  /**
   * A connection that must not be shared: a pub/sub subscriber or a blocking reader (`subscribe`,
   * `duplicate()`, `xread`), one handed to a queue or socket adapter (BullMQ, `@socket.io/redis-adapter`),
   * a logical replication connection (`replication` option).
   */
  dedicated?: boolean;
  /**
   * Every argument comes from the enclosing functions' parameters (and literals): the client opens
   * whatever its caller names (`new pg.Pool({ connectionString: url })` in `createPool(url)`).
   */
  configFromParams?: boolean;
  /** Not closed here, and its function returns it or keeps it in a closure: the holder closes it. */
  handedOn?: boolean;
  /** Not closed, and only ever used in place (`knex(config).raw(…)`, `pool.query(…)`): each run leaks it. */
  dropped?: boolean;
  /** Every setting comes from names bound in its function (none from `process.env`): what the caller or request names. */
  configFromLocals?: boolean;
  /** Held at module scope and closed by this file in code that runs once, not per request nor on shutdown. */
  endedAfterUse?: boolean;
  /** The modules whose imported bindings the arguments use (`postgres(dbUrl)`, `dbUrl` from `@acme/server/db`). */
  configImports?: string[];
}

export interface CloseSite {
  type: 'close';
  /** `end`, `$disconnect`, … */
  method: string;
  /** The shared client's local name (`sql`, `prisma`). */
  target: string;
  /**
   * How the client is shared: imported from a singleton module, or created at module scope here;
   * `other`: any other object closed inside a shutdown hook (`server.app.prisma.$disconnect()`).
   */
  shared: 'singleton-import' | 'module-client' | 'other';
  range: Range;
  once: OnceReason | undefined;
  fn: FunctionFacts | undefined;
  /** The call is the whole statement (`await sql.end();`): its result is not used. */
  statement: boolean;
}

export interface DynamicImportSite {
  type: 'dynamic-import';
  specifier: string;
  /** A driver package (or a declared factory module), or the app's own singleton module. */
  target: 'package' | 'singleton';
  range: Range;
  /** undefined when the import runs per call of `fn` (absent in hand-made facts: per call). */
  once?: OnceReason | undefined;
  fn?: FunctionFacts | undefined;
  /** `.cjs` / `.cts`: `import()` is the only way to load ESM there. */
  commonjs: boolean;
  /** Guarded by a runtime check a static import cannot express (`NEXT_RUNTIME === 'nodejs'`). */
  runtimeGuarded: boolean;
}

export type Site = CreateSite | CloseSite | DynamicImportSite;

export interface FileFacts {
  filename: string;
  sites: Site[];
}
