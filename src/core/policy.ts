// Settings → Policy: which files are singleton modules, which user factories open pools, which
// files are exempt. Shared by the rules (settings.poolguard + rule options), the codemod (jscodeshift
// options) and the CLI (poolguard.config.json). Pure: globs are matched, the disk is never read.
import path from 'node:path';
import picomatch from 'picomatch';
import type { ClientKind, ClientSpec } from './clients.js';
import { moduleSpec } from './clients.js';
import { SOURCE_FILE, stripSourceExtension } from './extensions.js';
import { candidateFiles, specifierBases } from './resolve.js';

/** A user-declared function that opens a pool or connection per call. */
export interface FactorySetting {
  /** The exported name, e.g. `createDbConnection`. */
  name: string;
  /**
   * The module that exports it, as imported: `@/lib/db/utils`, `./db/utils`, `@acme/db`; or, for
   * factories the project model found, the file itself: `apps/web/src/lib/db/utils.ts` (relative to
   * the root) matched by resolving each import through relative paths and tsconfig `paths`.
   */
  module: string;
  kind?: ClientKind;
  /** Set by the project model: `module` is a file path, not a specifier. */
  file?: boolean;
  /** Set by the project model: bare specifiers that load that file too (a workspace package's name, `@acme/db`). */
  packageNames?: string[];
}

/** The keys of `settings.poolguard`, `poolguard.config.json` and the `"poolguard"` package.json key. */
export interface PoolguardSettings {
  /** Globs (relative to the project root) of the modules allowed to create the shared client. */
  singletonModules?: string[];
  /** Functions of your own that open a pool or connection on every call. */
  factories?: FactorySetting[];
  /** Globs of files the CLI never checks (added to the built-in exemptions). */
  ignores?: string[];
  /** ESLint settings only: the folder `singletonModules` globs are relative to (default: ESLint's cwd). */
  root?: string;
  /**
   * Computed by the CLI's project model, not a config key: bare specifiers (workspace packages such
   * as `@repo/db`) whose entry point exports the shared client.
   */
  sharedModules?: string[];
  /**
   * Computed by the CLI's project model, not a config key: workspace packages whose entry point
   * re-exports a client package (`export * from '@prisma/client'` in `@acme/database`), by name.
   */
  clientReexports?: Record<string, string>;
  /**
   * Computed by the CLI's project model, not a config key: a package's own singleton module (relative
   * to the root) → the workspace dependency's singleton it duplicates (same client, built from that
   * package's settings: a second pool to the same database in the same process).
   */
  duplicateSingletons?: Record<string, string>;
  /** The database's `max_connections` that the budget is compared with (default 100). */
  maxConnections?: number;
  /** The share of `maxConnections` one service may use (default 0.3: leave room for the others, migrations, consoles). */
  headroom?: number;
  /** Processes running each package (PM2 instances, cluster workers); default: read from the project, else 1. */
  processes?: number;
  /** Runtime profile per glob (first match wins): `server`, `serverless` or `edge`; default from the framework. */
  runtimes?: Record<string, RuntimeProfile>;
  /** Seconds after which the host drops idle connections (default 300); pools must recycle before. */
  idleCutoffSeconds?: number;
}

export type RuntimeProfile = 'server' | 'serverless' | 'edge';
export const RUNTIME_PROFILES: readonly RuntimeProfile[] = ['server', 'serverless', 'edge'];

export const BUDGET_DEFAULTS = { maxConnections: 100, headroom: 0.3, idleCutoffSeconds: 300 } as const;

/**
 * Keys accepted by the settings; the CLI rejects anything else with the key's name. `rules` is the
 * CLI config's only (ESLint has its own): src/cli/config.ts takes it out of the settings.
 */
export const SETTINGS_KEYS = ['singletonModules', 'factories', 'ignores', 'maxConnections', 'headroom', 'processes', 'runtimes', 'idleCutoffSeconds', 'rules'] as const;

/**
 * The convention used when `singletonModules` is unset: where real projects keep their shared client.
 * Documented in docs/configuration.md ("Singleton modules"); extend it with `singletonModules` rather than renaming files.
 */
export const DEFAULT_SINGLETON_MODULES: readonly string[] = [
  '**/lib/{prisma,db,database,drizzle,redis,mongodb,mongo,knex,sql,postgres,pg,pool,mysql,kysely}.{ts,mts,cts,js,mjs,cjs}',
  '**/lib/{prisma,db,database}/{index,client}.{ts,mts,cts,js,mjs,cjs}',
  '**/lib/server/{db,database,prisma}.{ts,js}',
  '**/lib/server/{db,database}/index.{ts,js}',
  '**/{db,database}/{index,client,connection}.{ts,mts,cts,js,mjs,cjs}',
  '**/server/{db,database,prisma}.{ts,mts,cts,js,mjs,cjs}',
  '**/utils/{db,database,prisma}.{ts,mts,cts,js,mjs,cjs}',
  '**/config/{db,database}.{ts,mts,cts,js,mjs,cjs}',
  '**/{prisma,database,db}.service.{ts,js}',
  '**/src/{db,database,prisma}.{ts,mts,cts,js,mjs,cjs}',
  '**/lib/{prismaClient,prisma-client,dbClient,db-client}.{ts,mts,cts,js,mjs,cjs}',
  '**/{prisma,db,database}.server.{ts,js}',
  '**/prisma/{client,prisma-client,prismaClient,index}.{ts,mts,cts,js,mjs,cjs}',
  '**/plugins/{prisma,db,database,postgres,pg,redis,mongodb}.{ts,mts,cts,js,mjs,cjs}',
  '**/context.{ts,mts,cts,js,mjs,cjs}', // GraphQL servers keep the shared client in their context module
];

/**
 * Tests and what only tests load: the runner owns their clients (`afterAll`). Type-level tests
 * (`type-tests/`, tsd's `*.test-d.ts`) are compiled, never run.
 */
export const TEST_FILES: readonly string[] = [
  '**/*.{test,spec,test-d}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}',
  '**/{__tests__,__mocks__,test,tests,e2e,__fixtures__,type-tests}/**',
  '**/{vitest,jest,playwright}.{config,setup}.*',
  '**/*test-environment.{ts,js,mjs,cjs}',
];

/** Scripts, seeds and migrations: one short process that opens and closes its own client. */
export const SCRIPT_FILES: readonly string[] = [
  '**/{scripts,script,seeds,seed,seeders}/**',
  '**/{seed,seeds,script}.{ts,mts,cts,js,mjs,cjs}',
  '**/prisma/seed*.*',
  '**/{migrations,migration,migrate}/**',
  '**/{migrate,migrate-*}.{ts,mts,cts,js,mjs,cjs}',
];

/** Scaffolding templates and generated clients: not your code. */
const GENERATED_FILES: readonly string[] = ['**/{template,templates}/**', '**/generated/**', '**/*.generated.*'];

/**
 * Files that own their client by design: tests mock and re-import, seeds and scripts open and close
 * their own, migrations run once, generated clients are not yours. The CLI does not scan them, and
 * the project model takes no singleton nor factory from them. Files that own their client by what
 * they are rather than where they sit (a CLI package, a test helper) are src/project/roles.ts's.
 */
export const DEFAULT_EXEMPT_FILES: readonly string[] = [...TEST_FILES, ...SCRIPT_FILES, ...GENERATED_FILES];

/**
 * What `configs.recommended` and `configs.all` ignore: tests and generated code. Scripts, seeds and
 * migrations are linted, for require-script-close: every other rule leaves a script alone (its role).
 */
export const CONFIG_IGNORES: readonly string[] = [...TEST_FILES, ...GENERATED_FILES];


/** Path aliases whose target folder is conventional when no tsconfig is read (`@/lib/db`). */
const CONVENTIONAL_ALIASES: ReadonlyArray<[prefix: string, targets: string[]]> = [
  ['@/', ['src/', '']],
  ['~/', ['src/', 'app/', '']],
  ['#/', ['src/', '']],
  ['$lib/', ['src/lib/']],
];

export interface Policy {
  root: string;
  singletonGlobs: readonly string[];
  factories: readonly FactorySetting[];
  /** A stable key for caches (extraction results depend on the policy). */
  key: string;
  isSingletonFile(filename: string): boolean;
  /** Does this specifier, imported from `fromFile`, name a singleton module? */
  isSingletonSpecifier(fromFile: string, specifier: string): boolean;
  /** The user factory bound to `name` exported from `specifier`, when one is declared. */
  factoryFor(fromFile: string, specifier: string, name: string): ClientSpec | undefined;
  /** Could `specifier` hold a client at all (catalogue package or declared factory module)? */
  isClientModule(fromFile: string, specifier: string): boolean;
  /** The catalogue module a specifier stands for: itself, or the client package a workspace package re-exports. */
  clientModule(specifier: string): string;
  /** The runtime profile the `runtimes` setting gives this file (first matching glob), if any. */
  runtimeFor(filename: string): RuntimeProfile | undefined;
  /** For a singleton module that duplicates a workspace dependency's shared client: that module (relative to the root). */
  duplicateOf(filename: string): string | undefined;
  /** The `idleCutoffSeconds` setting. */
  idleCutoffSeconds: number | undefined;
}

export function toPosix(file: string): string {
  // Called for every path of every file: free on POSIX.
  return path.sep === '/' ? file : file.split(path.sep).join('/');
}

/** tsconfig `paths` of the project `fromFile` belongs to: `@db/*` → [`/abs/packages/db/src/*`]. */
export type AliasLookup = (fromFile: string) => ReadonlyArray<{ prefix: string; targets: readonly string[] }> | undefined;

export function createPolicy(settings: PoolguardSettings = {}, root: string = process.cwd(), aliases?: AliasLookup): Policy {
  const singletonGlobs = settings.singletonModules?.length ? settings.singletonModules : DEFAULT_SINGLETON_MODULES;
  const factories = settings.factories ?? [];
  const matchSingleton = picomatch(singletonGlobs as string[], { dot: true });
  const posixRoot = toPosix(path.resolve(root));

  const relativeToRoot = (filename: string): string => {
    const abs = toPosix(path.resolve(posixRoot, filename));
    if (abs.startsWith(`${posixRoot}/`)) return abs.slice(posixRoot.length + 1);
    return abs.replace(/^\/+/, '').replace(/^[A-Za-z]:\//, '');
  };

  const isSingletonFile = (filename: string): boolean => matchSingleton(relativeToRoot(filename));

  /** Absolute (or root-relative, for aliases) candidate paths a specifier may resolve to. */
  const candidates = (fromFile: string, specifier: string): string[] => {
    const from = toPosix(path.resolve(posixRoot, fromFile));
    let bases = specifierBases(from, specifier, aliases?.(from));
    // No tsconfig `paths` for it: the conventional prefixes (`@/`, `~/`, `$lib/` …).
    if (bases.length === 0 && !specifier.startsWith('.')) {
      const conventional = CONVENTIONAL_ALIASES.find(([prefix]) => specifier.startsWith(prefix));
      if (conventional) bases = conventional[1].map((target) => `${posixRoot}/${target}${specifier.slice(conventional[0].length)}`);
    }
    return bases.flatMap(candidateFiles);
  };

  const factoryTail = (module: string): string =>
    module
      .replace(/^(?:@\/|~\/|#\/|\$lib\/)/, '')
      .replace(/^(?:\.\.?\/)+/, '')
      .replace(SOURCE_FILE, '')
      .replace(/\/index$/, '');

  const sharedModules = new Set(settings.sharedModules ?? []);
  const reexported = settings.clientReexports ?? {};
  const duplicates = settings.duplicateSingletons ?? {};
  const clientModule = (specifier: string): string => (Object.hasOwn(reexported, specifier) ? reexported[specifier]! : specifier);
  const stemOf = (file: string): string => stripSourceExtension(file).replace(/\/index$/, '');
  // Asked for every specifier of every file (the prefilter, once per factory): what a specifier may
  // name depends only on the importing file's folder and its tsconfig `paths`, so remember the module
  // stems per folder and specifier, under the `paths` they were read with (an editor that rereads a
  // tsconfig gets new ones). Every candidate of a base shares one or two stems.
  const stemsCache = new WeakMap<object, Map<string, Map<string, string[]>>>();
  const NO_ALIASES = {};
  /** A memo per folder and specifier, under the `paths` the folder's tsconfig gives. */
  const perFolder = <T>(cache: WeakMap<object, Map<string, Map<string, T>>>, fromFile: string, specifier: string, compute: (from: string) => T): T => {
    // Discovery's paths are absolute and normalised already: path.resolve only for the others.
    const from = fromFile.startsWith('/') && !fromFile.includes('/.') ? fromFile : toPosix(path.resolve(posixRoot, fromFile));
    const scope = aliases?.(from) ?? NO_ALIASES;
    let perScope = cache.get(scope);
    if (!perScope) cache.set(scope, (perScope = new Map()));
    const dir = from.slice(0, from.lastIndexOf('/'));
    let perDir = perScope.get(dir);
    if (!perDir) perScope.set(dir, (perDir = new Map()));
    let value = perDir.get(specifier);
    if (value === undefined) perDir.set(specifier, (value = compute(from)));
    return value;
  };
  const candidateStems = (fromFile: string, specifier: string): string[] =>
    perFolder(stemsCache, fromFile, specifier, (from) => [...new Set(candidates(from, specifier).map(stemOf))]);
  // isClientModule's answer for a factory module, and isSingletonSpecifier's, per folder and specifier, the same way.
  const factoryModules = new WeakMap<object, Map<string, Map<string, boolean>>>();
  const singletonSpecifiers = new WeakMap<object, Map<string, Map<string, boolean>>>();

  // What each factory's module names, worked out once: a found one's file stem, a declared one's tail
  // (undefined when a bare package name can only match itself).
  const factoryTargets = new Map<FactorySetting, { stem?: string; tail?: string }>(
    factories.map((factory): [FactorySetting, { stem?: string; tail?: string }] => {
      const module = factory.module;
      if (factory.file) return [factory, { stem: stemOf(toPosix(path.resolve(posixRoot, module))) }];
      const tail = factoryTail(module);
      return [factory, { tail: tail && (module.startsWith('.') || /^(?:@\/|~\/|#\/|\$lib\/)/.test(module)) ? tail : undefined }];
    }),
  );
  /** `stems`: the specifier's candidate module stems from the importing file, computed on first need. */
  const factoryModuleMatches = (stems: () => string[], specifier: string, factory: FactorySetting): boolean => {
    const target = factoryTargets.get(factory)!;
    if (factory.file) return factory.packageNames?.includes(specifier) === true || stems().includes(target.stem!);
    if (specifier === factory.module) return true;
    const tail = target.tail;
    return tail !== undefined && stems().some((stem) => stem === tail || stem.endsWith(`/${tail}`));
  };
  const stemsFrom = (fromFile: string, specifier: string): (() => string[]) => {
    let stems: string[] | undefined;
    return () => (stems ??= candidateStems(fromFile, specifier));
  };

  const runtimeMatchers = Object.entries(settings.runtimes ?? {}).map(([glob, profile]) => [picomatch(glob, { dot: true }), profile] as const);

  return {
    root: posixRoot,
    singletonGlobs,
    factories,
    key: JSON.stringify([posixRoot, singletonGlobs, factories, [...sharedModules], reexported, duplicates, settings.runtimes ?? {}, settings.idleCutoffSeconds ?? null, aliases !== undefined]),
    isSingletonFile,
    isSingletonSpecifier(fromFile, specifier) {
      if (sharedModules.has(specifier)) return true;
      return perFolder(singletonSpecifiers, fromFile, specifier, (from) => candidates(from, specifier).some((candidate) => isSingletonFile(candidate)));
    },
    factoryFor(fromFile, specifier, name) {
      const stems = stemsFrom(fromFile, specifier);
      const factory = factories.find((f) => f.name === name && factoryModuleMatches(stems, specifier, f));
      if (!factory) return undefined;
      // `factory-file:` marks one the project model found (by file), `factory:` one the user declared.
      return { client: `${factory.name}()`, kind: factory.kind ?? 'pool', family: `${factory.file ? 'factory-file' : 'factory'}:${factory.module}` };
    },
    idleCutoffSeconds: settings.idleCutoffSeconds,
    runtimeFor(filename) {
      const relative = relativeToRoot(filename);
      return runtimeMatchers.find(([matches]) => matches(relative))?.[1];
    },
    duplicateOf(filename) {
      const relative = relativeToRoot(filename);
      return Object.hasOwn(duplicates, relative) ? duplicates[relative] : undefined;
    },
    isClientModule(fromFile, specifier) {
      if (moduleSpec(clientModule(specifier)) !== undefined) return true;
      return (
        factories.length > 0 &&
        perFolder(factoryModules, fromFile, specifier, (from) => {
          const stems = stemsFrom(from, specifier);
          return factories.some((f) => factoryModuleMatches(stems, specifier, f));
        })
      );
    },
    clientModule,
  };
}

/** Folders that are never source: dependencies, build output, framework caches, generated clients. */
export const NEVER_READ = [
  '**/node_modules/**',
  '**/.git/**',
  '**/{dist,build,out,coverage,.next,.nuxt,.output,.svelte-kit,.vercel,.netlify,.turbo,.wrangler,.cache}/**',
  '**/.prisma/**',
  '**/generated/prisma/**',
  '**/prisma/generated/**',
  '**/*.d.{ts,mts,cts}',
  '**/*.min.js',
];
