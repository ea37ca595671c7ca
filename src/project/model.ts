// The project model: what one file cannot know, built once per CLI run from the discovered files.
// - the packages of a monorepo (workspaces in package.json or pnpm-workspace.yaml, else every folder
//   with a package.json) and the bare names they are imported by (`@repo/db`);
// - the singleton module of each package: configured, conventional, or inferred (the module that
//   creates the client at module scope, exports it and is imported by the most other modules);
// - factories: exported functions that open a new client on every call (seed 004's
//   `createDbConnection()`), whose call sites are therefore pool sites too;
// - modules that re-export the shared client (`export { prisma } from './client'`, a workspace
//   package's entry point).
// It ends as settings (`singletonModules`, `factories`, `sharedModules`) that the rules read, so the
// editor, `poolguard check` and `poolguard fix` keep deciding in one place: the detection core.
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import YAML from 'yaml';
import type { CreateSite, FileFacts } from '../core/facts.js';
import { DEFAULT_EXEMPT_FILES, toPosix, type FactorySetting, type PoolguardSettings } from '../core/policy.js';
import { importSpecifiers } from '../core/prefilter.js';
import { parseSource } from '../estree/analyse.js';
import { extractFacts } from '../estree/extract.js';
import { sharedClientsFromFacts } from '../estree/shared-clients.js';
import picomatch from 'picomatch';
import { projectPolicy } from './policy.js';
import { packageRoot } from './singletons.js';
import { aliasesFor } from './specifier.js';
import { parseJsonText, readBounded, readRegularText } from '../io/read.js';

export interface WorkspacePackage {
  dir: string;
  name: string | undefined;
  /** The file a bare import of `name` loads, when it is among the checked files. */
  entry: string | undefined;
}

export type SingletonSource = 'configured' | 'convention' | 'inferred' | 'sole-creator' | 'factory-caller';

export interface SingletonModule {
  file: string;
  packageDir: string;
  source: SingletonSource;
  /** Modules (other than itself) that import it. */
  importers: number;
}

export interface FactoryInfo {
  name: string;
  file: string;
  kind: CreateSite['kind'];
  client: string;
  /** Modules that import it by name. */
  callers: string[];
}

export interface ProjectModel {
  root: string;
  packages: WorkspacePackage[];
  singletons: SingletonModule[];
  /** Packages where two or more modules each create, export and share a client. */
  competing: Array<{ packageDir: string; files: string[] }>;
  factories: FactoryInfo[];
  /** Modules that re-export a singleton's client. */
  reexports: string[];
  /** The facts of every file that creates a client, by file (reused by `poolguard budget`). */
  facts: Map<string, FileFacts>;
  /** What the rules should run with. */
  settings: PoolguardSettings;
  /** The texts the model read, so the linter does not read them again (undefined: not read). */
  textOf(file: string): string | undefined;
}

export interface ModelInput {
  files: readonly string[];
  root: string;
  settings: PoolguardSettings;
  read?: (file: string) => string | undefined;
}

const REEXPORT = /\bexport\s+(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g;
const SOURCE_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function defaultRead(file: string): string | undefined {
  try {
    // The linter skips bundles, binaries and special files with a warning; the model ignores them.
    const read = readBounded(file, 1024 * 1024);
    if (!read.ok) return undefined;
    const buffer = read.buffer;
    if (buffer.subarray(0, 8000).includes(0)) return undefined;
    return buffer.toString('utf8');
  } catch {
    return undefined;
  }
}

const stemOf = (file: string): string => toPosix(file).replace(SOURCE_EXT, '').replace(/\/index$/, '');

export function buildProjectModel(input: ModelInput): ProjectModel {
  const root = toPosix(path.resolve(input.root));
  const read = input.read ?? defaultRead;
  const configured = (input.settings.singletonModules?.length ?? 0) > 0;
  const basePolicy = projectPolicy(input.settings, root);
  const files = input.files.map((f) => toPosix(path.isAbsolute(f) ? f : path.resolve(f)));
  // One pass of the specifier regex per file, shared by the client test and the import graph.
  const specifierCache = new Map<string, string[]>();
  const specifiersOf = (file: string): string[] => {
    let list = specifierCache.get(file);
    if (!list) specifierCache.set(file, (list = importSpecifiers(textOf(file))));
    return list;
  };
  const texts = new Map<string, string>();
  const unreadable = new Set<string>();
  const textOf = (file: string): string => {
    let text = texts.get(file);
    if (text === undefined && !unreadable.has(file)) {
      const read_ = read(file);
      if (read_ === undefined) unreadable.add(file);
      else texts.set(file, (text = read_));
    }
    return text ?? '';
  };
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES], { dot: true });
  const isExempt = (file: string): boolean => exempt(path.posix.relative(root, file));

  const packages = workspacePackages(root, files, read);
  const byName = new Map(packages.filter((p) => p.name).map((p) => [p.name!, p]));
  const stems = new Map(files.map((f) => [stemOf(f), f]));

  /** The checked file a specifier loads: relative, tsconfig alias or workspace package. */
  const resolve = (from: string, specifier: string): string | undefined => {
    if (specifier.startsWith('.')) return stems.get(stemOf(path.posix.resolve(path.posix.dirname(from), specifier)));
    for (const alias of aliasesFor(from)?.paths ?? []) {
      if (!alias.prefix || !specifier.startsWith(alias.prefix)) continue;
      for (const target of alias.targets) {
        const hit = stems.get(stemOf(path.posix.join(target, specifier.slice(alias.prefix.length))));
        if (hit) return hit;
      }
    }
    const pkg = byName.get(specifier);
    return pkg?.entry;
  };

  // 1. Files that import a client package (or a declared factory): parse once, extract facts.
  const facts = new Map<string, FileFacts>();
  const exportedCreators = new Set<string>();
  const creators = new Set<string>();
  const factories = new Map<string, FactoryInfo>();
  for (const file of files) {
    if (!specifiersOf(file).some((specifier) => basePolicy.isClientModule(file, specifier))) continue;
    const text = textOf(file);
    let parsed;
    try {
      parsed = parseSource(file, text);
    } catch {
      continue; // `check` reports the parse error itself
    }
    const fileFacts = extractFacts({ ast: parsed.ast, scopeManager: parsed.scopeManager, text, filename: file, policy: basePolicy });
    facts.set(file, fileFacts);
    const creates = fileFacts.sites.filter((s): s is CreateSite => s.type === 'create');
    if (creates.some((s) => s.once !== undefined && s.once !== 'provider')) creators.add(file);
    if (sharedClientsFromFacts(parsed.ast, fileFacts.sites, text).length > 0) exportedCreators.add(file);
    for (const site of creates) {
      // A per-call client in an exported function: every call opens one. A Worker's per-request
      // client is by design; a class's per-instance client is the rule's business, not a factory.
      if (site.once !== undefined || !site.fn?.exported || !site.fn.name || site.fn.perInstance || site.requestScopedConfig) continue;
      // A factory hands the client to its caller; a handler (`export async function GET`) uses its own.
      if (isExempt(file) || !returnedByItsFunction(parsed.ast, site.range)) continue;
      const key = `${file}\0${site.fn.name}`;
      if (!factories.has(key)) factories.set(key, { name: site.fn.name, file, kind: site.kind, client: site.client, callers: [] });
    }
  }

  // 2. The import graph, only towards the modules that matter (creators and factories).
  const targets = new Set([...creators, ...[...factories.values()].map((f) => f.file)]);
  const importers = new Map<string, Set<string>>();
  const reexporters = new Map<string, string>(); // re-exporting file → creator it re-exports
  // A file can import a target only through a specifier ending in the target's name (`./db`, `../lib/db.js`,
  // `@/lib/db`, `./db/index`, or a workspace package name): test that before resolving anything.
  const targetNames = new Set<string>();
  for (const target of targets) {
    const stem = stemOf(target);
    targetNames.add(path.posix.basename(stem));
    targetNames.add(path.posix.basename(target).replace(SOURCE_EXT, ''));
  }
  for (const pkg of packages) if (pkg.name && pkg.entry && targets.has(pkg.entry)) targetNames.add(pkg.name.split('/').pop()!);
  const mayTarget = (specifier: string): boolean => {
    const last = specifier.replace(/\/$/, '').split('/').pop()!.replace(/\.(?:[cm]?[jt]s|[jt]sx)$/, '');
    return targetNames.has(last) || last === '.' || last === '..';
  };
  for (const file of files) {
    for (const specifier of specifiersOf(file)) {
      if (!mayTarget(specifier)) continue;
      const target = resolve(file, specifier);
      if (!target || target === file || !targets.has(target)) continue;
      let set = importers.get(target);
      if (!set) importers.set(target, (set = new Set()));
      set.add(file);
    }
    const text = textOf(file);
    if (!text.includes('export')) continue;
    for (const match of text.matchAll(REEXPORT)) {
      const target = resolve(file, match[2]!);
      if (target && target !== file && creators.has(target)) reexporters.set(file, target);
    }
  }
  for (const factory of factories.values()) {
    const named = new RegExp(`\\b${factory.name}\\b`);
    factory.callers = [...(importers.get(factory.file) ?? [])].filter((f) => named.test(textOf(f))).sort();
  }

  // 3. The singleton of each package.
  const singletons: SingletonModule[] = [];
  const competing: ProjectModel['competing'] = [];
  const count = (file: string) => importers.get(file)?.size ?? 0;
  const creatorsByPackage = new Map<string, string[]>();
  for (const file of creators) {
    if (isExempt(file)) continue;
    const dir = packageRoot(file);
    creatorsByPackage.set(dir, [...(creatorsByPackage.get(dir) ?? []), file]);
  }
  for (const [packageDir, list] of [...creatorsByPackage].sort(([a], [b]) => a.localeCompare(b))) {
    const known = list.filter((f) => basePolicy.isSingletonFile(f));
    if (known.length > 0 || configured) {
      for (const file of known.sort()) singletons.push({ file, packageDir, source: configured ? 'configured' : 'convention', importers: count(file) });
      continue;
    }
    const shared = list.filter((f) => exportedCreators.has(f) && count(f) > 0).sort((a, b) => count(b) - count(a) || a.localeCompare(b));
    if (shared.length > 0) {
      singletons.push({ file: shared[0]!, packageDir, source: 'inferred', importers: count(shared[0]!) });
      if (shared.length > 1) competing.push({ packageDir, files: shared });
    } else if (list.length === 1 && !files.some((f) => packageRoot(f) === packageDir && basePolicy.isSingletonFile(f))) {
      // One module in the package creates a client once (an app in one file): it is the shared client.
      singletons.push({ file: list[0]!, packageDir, source: 'sole-creator', importers: 0 });
    }
  }

  // 4. A factory called from one module only: that module holds the client (it is the singleton).
  for (const factory of factories.values()) {
    if (factory.callers.length !== 1) continue;
    const caller = factory.callers[0]!;
    if (isExempt(caller) || singletons.some((s) => s.file === caller)) continue;
    singletons.push({ file: caller, packageDir: packageRoot(caller), source: 'factory-caller', importers: count(caller) });
  }

  // 5. Re-exports of a singleton, and workspace packages whose entry point is (or re-exports) one.
  const singletonFiles = new Set(singletons.map((s) => s.file));
  const reexports = [...reexporters].filter(([, target]) => singletonFiles.has(target) || basePolicy.isSingletonFile(target)).map(([file]) => file).sort();
  const sharedEntries = new Set([...singletonFiles, ...reexports]);
  const sharedModules = packages.filter((p) => p.name && p.entry && sharedEntries.has(p.entry)).map((p) => p.name!).sort();

  const relative = (file: string) => fg.escapePath(path.posix.relative(root, file));
  const extraSingletons = [...singletons.filter((s) => s.source !== 'configured' && s.source !== 'convention').map((s) => s.file), ...reexports];
  const settings: PoolguardSettings = { ...input.settings };
  if (extraSingletons.length > 0) {
    const base = configured ? input.settings.singletonModules! : [...basePolicy.singletonGlobs];
    settings.singletonModules = [...new Set([...base, ...extraSingletons.map(relative)])];
  }
  const inferredFactories: FactorySetting[] = [...factories.values()]
    .filter((f) => !(input.settings.factories ?? []).some((d) => d.name === f.name))
    .map((f) => ({ name: f.name, module: path.posix.relative(root, f.file), kind: f.kind === 'connection' ? 'connection' : 'pool', file: true }));
  if (inferredFactories.length > 0) settings.factories = [...(input.settings.factories ?? []), ...inferredFactories];
  if (sharedModules.length > 0) settings.sharedModules = [...new Set([...(input.settings.sharedModules ?? []), ...sharedModules])];

  return {
    root,
    packages,
    singletons: singletons.sort((a, b) => a.file.localeCompare(b.file)),
    competing,
    factories: [...factories.values()].sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name)),
    reexports,
    facts,
    settings,
    textOf: (file) => texts.get(file),
  };
}

/** A model that adds nothing to the settings. */
export function emptyModel(root: string, settings: PoolguardSettings): ProjectModel {
  return { root: toPosix(path.resolve(root)), packages: [], singletons: [], competing: [], factories: [], reexports: [], facts: new Map(), settings, textOf: () => undefined };
}


/**
 * The packages: the workspaces the root declares (package.json `workspaces`, pnpm-workspace.yaml),
 * plus every other folder with a package.json that holds a checked file.
 */
export function workspacePackages(root: string, files: readonly string[], read: (file: string) => string | undefined = defaultRead): WorkspacePackage[] {
  const dirs = new Set<string>();
  const patterns: string[] = [];
  try {
    const pkg = JSON.parse(read(path.posix.join(root, 'package.json')) ?? '{}') as { workspaces?: string[] | { packages?: string[] } };
    const ws = Array.isArray(pkg.workspaces) ? pkg.workspaces : pkg.workspaces?.packages ?? [];
    patterns.push(...ws.filter((p): p is string => typeof p === 'string'));
  } catch {
    // an invalid package.json declares no workspaces
  }
  const pnpm = read(path.posix.join(root, 'pnpm-workspace.yaml'));
  if (pnpm) {
    try {
      const doc = YAML.parse(pnpm) as { packages?: unknown } | null;
      if (Array.isArray(doc?.packages)) patterns.push(...doc.packages.filter((p): p is string => typeof p === 'string'));
    } catch {
      // unreadable workspace file: fall back to the folders of the checked files
    }
  }
  if (read(path.posix.join(root, 'package.json')) !== undefined) dirs.add(root);
  const positive = patterns.filter((p) => !p.startsWith('!')).map((p) => `${p.replace(/\/$/, '')}/package.json`);
  if (positive.length > 0) {
    const negative = patterns.filter((p) => p.startsWith('!')).map((p) => `${p.slice(1).replace(/\/$/, '')}/package.json`);
    for (const file of fg.sync(positive, { cwd: root, ignore: ['**/node_modules/**', ...negative], absolute: true, suppressErrors: true })) dirs.add(toPosix(path.dirname(file)));
  }
  for (const file of files) {
    const dir = packageRoot(file);
    if (dir !== '/' && (dir === root || dir.startsWith(`${root}/`))) dirs.add(dir);
  }
  const stems = new Map(files.map((f) => [stemOf(f), f]));
  return [...dirs].sort().map((dir) => {
    let manifest: { name?: unknown; main?: unknown; module?: unknown; types?: unknown; exports?: unknown } = {};
    try {
      manifest = JSON.parse(read(path.posix.join(dir, 'package.json')) ?? '{}') as typeof manifest;
    } catch {
      // a package without a readable manifest has no name to be imported by
    }
    const name = typeof manifest.name === 'string' ? manifest.name : undefined;
    return { dir, name, entry: entryOf(dir, manifest, stems) };
  });
}

/** The checked file `import 'pkg'` loads: `exports["."]`, `module`, `main`, `types`, then src/index. */
function entryOf(dir: string, manifest: Record<string, unknown>, stems: Map<string, string>): string | undefined {
  const candidates: string[] = [];
  const dot = (manifest.exports as Record<string, unknown> | string | undefined);
  const collect = (value: unknown): void => {
    if (typeof value === 'string') candidates.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) collect(v);
  };
  if (typeof dot === 'string') candidates.push(dot);
  else if (dot && typeof dot === 'object') collect('.' in dot ? dot['.'] : dot);
  for (const key of ['module', 'main', 'types']) if (typeof manifest[key] === 'string') candidates.push(manifest[key] as string);
  candidates.push('src/index.ts', 'index.ts', 'src/index.js', 'index.js');
  for (const candidate of candidates) {
    const abs = path.posix.join(dir, candidate).replace(/\.d\.[cm]?ts$/, '.ts');
    // Built output points back at its source: dist/index.js ← src/index.ts.
    for (const option of [abs, abs.replace(/\/(?:dist|build|lib|out)\//, '/src/')]) {
      const hit = stems.get(stemOf(option));
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * The folder the model covers when no config file says: the workspace root above `start` (a
 * package.json with `workspaces`, or pnpm-workspace.yaml), else the nearest package, else `start`.
 * Never above a git work tree's root.
 */
export function modelRoot(start: string): string {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return dir;
  }
  let nearestPackage: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (fs.existsSync(path.join(current, 'pnpm-workspace.yaml'))) return current;
    if (fs.existsSync(manifest)) {
      nearestPackage ??= current;
      try {
        if ((parseJsonText(readRegularText(manifest)) as { workspaces?: unknown }).workspaces) return current;
      } catch {
        // not a workspace root
      }
    }
    if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
  }
  return nearestPackage ?? dir;
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
const isFunction = (node: TSESTree.Node): node is FunctionNode =>
  node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
const contains = (node: TSESTree.Node, range: readonly [number, number]) => node.range[0] <= range[0] && range[1] <= node.range[1];

function children(node: TSESTree.Node): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  for (const key of visitorKeys[node.type] ?? []) {
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && 'type' in child) out.push(child as TSESTree.Node);
    }
  }
  return out;
}

/**
 * Is the client created at `range` what its innermost function returns: `return new Pool()`,
 * `() => postgres(url)`, `return drizzle(postgres(url))`, or `const db = …; return db`?
 */
export function returnedByItsFunction(ast: TSESTree.Program, range: readonly [number, number]): boolean {
  let fn: FunctionNode | undefined;
  const descend = (node: TSESTree.Node): void => {
    for (const child of children(node)) {
      if (!contains(child, range)) continue;
      if (isFunction(child)) fn = child;
      descend(child);
      return;
    }
  };
  descend(ast);
  if (!fn) return false;
  if (fn.body.type !== 'BlockStatement') return contains(fn.body, range);
  const returned: TSESTree.Node[] = [];
  const names = new Set<string>();
  // The client itself, or wrapped (`drizzle(client)`, `{ db: client }`); not a query's result
  // (`await sql\`…\``, `client.query()`), which merely uses it.
  const mentions = (node: TSESTree.Node): boolean => {
    if (node.type === 'Identifier') return names.has(node.name);
    if (node.type === 'AwaitExpression') return mentions(node.argument);
    if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return mentions(node.expression);
    if (node.type === 'CallExpression' || node.type === 'NewExpression') return node.callee.type !== 'MemberExpression' && node.arguments.some(mentions);
    if (node.type === 'ObjectExpression') return node.properties.some((p) => p.type === 'Property' && mentions(p.value));
    return false;
  };
  // In source order: `const client = postgres(url); const db = drizzle(client); return db`.
  const scan = (node: TSESTree.Node): void => {
    for (const child of children(node)) {
      if (isFunction(child)) continue; // another function's returns
      if (child.type === 'ReturnStatement' && child.argument) returned.push(child.argument);
      if (child.type === 'VariableDeclarator' && child.id.type === 'Identifier' && child.init && (contains(child.init, range) || mentions(child.init))) names.add(child.id.name);
      scan(child);
    }
  };
  scan(fn.body);
  return returned.some((arg) => contains(arg, range) || mentions(arg));
}
