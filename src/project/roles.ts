// What a file is, beyond the package it belongs to: a `script` (one short process that opens and
// closes its own client) or a `test` (the runner owns its clients), by where it sits, what runs or
// loads it, and what it imports; and whether its package is a library (its factories' callers decide
// how often they run). Package facts are read from the disk once per package.json.
import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { SCRIPT_FILES, TEST_FILES } from '../core/policy.js';
import { packageRoot } from './singletons.js';
import { parseJsonText, readRegularText } from '../io/read.js';

export type FileRole = 'script' | 'test';

interface Manifest {
  scripts?: Record<string, string>;
  /** `"prisma": { "seed": "tsx prisma/seed.ts" }` */
  prisma?: { seed?: string };
  bin?: string | Record<string, string>;
  main?: string;
  module?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface PackageRoles {
  /** Package-relative files package.json runs as one-offs. */
  oneOff: Set<string>;
  /** Package-relative files a test runner's config names (setup files, aliases to test doubles). */
  testLoaded: Set<string>;
  /** A package of scripts: every file is a script. */
  scripts: boolean;
  /** The files a CLI's `bin` runs (and what they import), when none of them starts a server. */
  cli: Set<string>;
  /** Apps import it; it runs nothing itself. */
  library: boolean;
}

const isTestPath = picomatch([...TEST_FILES], { dot: true });
const isScriptPath = picomatch([...SCRIPT_FILES], { dot: true });
/** package.json scripts that run a one-off file: `"db:seed": "tsx src/db/seed.ts"`, `"backfill": "node tools/backfill.mjs"`. */
const ONE_OFF_SCRIPT = /seed|reset|backfill|migrat|import|export|populate|cleanup|truncate/i;
/** The file a script runs; flags may take a value (`ts-node -r tsconfig-paths/register src/x.ts`). */
const RUNS_FILE = /(?:^|[\s;&|])(?:node|tsx|ts-node|bun|babel-node|esno|jiti|vite-node)(?:\s+(?:-r|--require|--import|--loader)\s+[\w./@:=-]+|\s+--?[\w-]+(?:=\S+)?)*\s+(?:\.\/)?([\w./@-]+\.[cm]?[jt]s)\b/;
/** A non-type import of a test runner or test-container library: test support code. */
const TEST_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"](?:vitest|@jest\/globals|@playwright\/test|testcontainers|@testcontainers\/[\w-]+|node:test|bun:test|mocha|ava|uvu)['"]/;
const TEST_CONFIG = /^(?:vitest|jest|playwright)(?:\.[\w-]+)*\.config\.[cm]?[jt]s$|^vitest\.workspace\.[cm]?[jt]s$/;
const QUOTED_FILE = /['"`]((?:\.{1,2}\/)?[\w@-][\w@./-]*\.[cm]?[jt]sx?)['"`]/g;
/** Code that starts a server. */
export const SERVES = /\.listen\s*\(|\bcreateServer\s*\(|\bstartStandaloneServer\s*\(|\bserve\s*\(\s*\{|\.bindAsync\s*\(|\bServerCredentials\b/;
/** Code that keeps the process running: a server, a consumer loop, a timer, a signal handler. */
const RUNS_ON = new RegExp(`${SERVES.source}|\\bfor\\s+await\\b|\\bsetInterval\\s*\\(|\\bprocess\\s*\\.\\s*(?:on|once)\\s*\\(\\s*['"]SIG(?:TERM|INT)|\\bnew\\s+Worker\\s*\\(`);
/** Dependencies of a package that runs a server or a consumer, beside the frameworks frameworkOf knows. */
const SERVER_DEPENDENCIES = ['ws', 'socket.io', '@apollo/server', 'apollo-server', 'apollo-server-express', 'graphql-yoga', 'mercurius', '@grpc/grpc-js', 'grpc', 'bullmq', 'bull', 'bee-queue', 'kafkajs', 'amqplib', 'node-cron', 'cron', 'electron', 'h3', 'elysia'];
/** Script names that run the app itself (or a long-lived part of it), not a one-off job. */
const RUNS_APP = /^(?:pre|post)?(?:start|dev|develop|serve|server|watch|prod|production|preview|worker|workers|consumer|run|app|web|api)(?:[:_-].*)?$/i;
/** Commands that build or check, never run the app: a package of scripts may have them as `dev`. */
const BUILDS = /^\s*(?:tsc|tsup|rimraf|eslint|prettier|echo)\b/;
const RELATIVE_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

const cache = new Map<string, PackageRoles>();

/** For tests and long-running editors: forget what was read. */
export function clearRoleCache(): void {
  cache.clear();
}

function readJson(file: string): Manifest | undefined {
  try {
    return parseJsonText(readRegularText(file)) as Manifest;
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return readRegularText(file);
  } catch {
    return undefined;
  }
}

/**
 * What a file is: a `test` (TEST_FILES, named by a test runner's config, or importing a test runner
 * or test containers), a `script` (SCRIPT_FILES, run by package.json as a one-off, or in a CLI package
 * or a package of scripts, which no server framework is a dependency of: `framework`, frameworkOf's),
 * or neither. Paths are matched relative to the package root, or to `root` when the file has no
 * package.json. `source`: the file's text when the caller has it (an editor's buffer), else it is read.
 */
export function fileRole(filename: string, root: string, source?: string, framework?: string): FileRole | undefined {
  const file = filename.split(path.sep).join('/');
  const dir = packageRoot(file);
  const base = dir === '/' ? root.split(path.sep).join('/') : dir;
  const relative = path.posix.relative(base, file);
  if (relative.startsWith('..')) return undefined;
  const roles = packageRoles(dir);
  if (isTestPath(relative) || roles.testLoaded.has(relative) || TEST_IMPORT.test(source ?? readText(file) ?? '')) return 'test';
  if (isScriptPath(relative) || roles.oneOff.has(relative) || (roles.scripts && framework === undefined) || roles.cli.has(file)) return 'script';
  return undefined;
}

/**
 * A library: its package.json names an entry point (`main`, `module`, `exports`), no script runs the
 * package (`start`, `dev`, `serve`), its `main` starts no server, and no full-stack framework owns the
 * process (`ownsProcess`, frameworkOf's). A dependency on Express alone does not make an app.
 */
export function isLibraryPackage(filename: string, ownsProcess: boolean): boolean {
  const dir = packageRoot(filename.split(path.sep).join('/'));
  return dir !== '/' && !ownsProcess && packageRoles(dir).library;
}

function packageRoles(dir: string): PackageRoles {
  let roles = cache.get(dir);
  if (roles) return roles;
  const manifest = (dir === '/' ? undefined : readJson(path.join(dir, 'package.json'))) ?? {};
  const scripts = manifest.scripts ?? {};
  const entry = manifest.main !== undefined || manifest.module !== undefined || manifest.exports !== undefined;
  roles = {
    oneOff: oneOffFiles(dir, manifest),
    testLoaded: dir === '/' ? new Set() : testLoadedFiles(dir),
    scripts: dir !== '/' && isScriptPackage(dir, manifest),
    cli: dir === '/' ? new Set() : cliFiles(dir, manifest),
    library: entry && !scripts.start && !scripts.dev && !scripts.serve && !SERVES.test(readText(sourceOf(dir, manifest.main ?? 'index.js') ?? '') ?? ''),
  };
  cache.set(dir, roles);
  return roles;
}

/**
 * Files that package.json runs as one-off scripts: `prisma.seed`, scripts named like seed / reset /
 * backfill, and any other script's file that does not keep the process running (`"remove-2fa": "node
 * extra/remove-2fa.js"`); `start`, `dev` and the like run the app, whatever their file does.
 */
function oneOffFiles(dir: string, manifest: Manifest): Set<string> {
  const files = new Set<string>();
  const add = (command: unknown, checkRuns: boolean) => {
    const file = typeof command === 'string' ? RUNS_FILE.exec(command)?.[1] : undefined;
    if (!file) return;
    const normal = path.posix.normalize(file);
    if (checkRuns && RUNS_ON.test(readText(path.join(dir, normal)) ?? 'listen(')) return;
    files.add(normal);
  };
  add(manifest.prisma?.seed, false);
  for (const [name, command] of Object.entries(manifest.scripts ?? {})) {
    if (ONE_OFF_SCRIPT.test(name)) add(command, false);
    else if (!RUNS_APP.test(name)) add(command, true);
  }
  return files;
}

/** Files named in a test runner's config: `setupFiles`, `globalSetup`, an alias to a test double. */
function testLoadedFiles(dir: string): Set<string> {
  const files = new Set<string>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(dir).filter((name) => TEST_CONFIG.test(name));
  } catch {
    return files;
  }
  for (const name of entries) {
    for (const match of (readText(path.join(dir, name)) ?? '').matchAll(QUOTED_FILE)) files.add(path.posix.normalize(match[1]!));
  }
  return files;
}

/**
 * A command-line tool: the files package.json's `bin` runs and the package files they import, unless
 * one of them starts a server. A library that also ships a CLI keeps its other files.
 */
function cliFiles(dir: string, manifest: Manifest): Set<string> {
  if (!manifest.bin) return new Set();
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin);
  const files = reachable(dir, bins);
  return files.some((file) => SERVES.test(readText(file) ?? '')) ? new Set() : new Set(files.map((file) => file.split(path.sep).join('/')));
}

/**
 * A package of scripts: no entry point for others to import, no server framework, its `start` / `dev`
 * / `serve` scripts (if any) run a file or only build, and no file its scripts run keeps the process
 * running (a server, a consumer loop, a timer, a signal handler).
 */
function isScriptPackage(dir: string, manifest: Manifest): boolean {
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  if (SERVER_DEPENDENCIES.some((name) => name in deps)) return false;
  const runs: string[] = [];
  for (const [name, command] of Object.entries(manifest.scripts ?? {})) {
    const file = RUNS_FILE.exec(command)?.[1];
    if (file) runs.push(file);
    else if (['start', 'dev', 'serve'].includes(name) && !BUILDS.test(command)) return false;
  }
  const sources = runs.map((file) => sourceOf(dir, file));
  // A file it runs that is not there (not built, not in the checkout): what it does is unknown.
  if (sources.length === 0 || sources.includes(undefined)) return false;
  if (importedEntry(dir, manifest, sources as string[])) return false;
  // What its scripts run, and the conventional entry files (an app nothing in package.json starts).
  const entries = ['src/server', 'src/index', 'src/main', 'src/app', 'server', 'index', 'main', 'app'].map((stem) => sourceOf(dir, stem)).filter((f): f is string => f !== undefined);
  if (entries.some((file) => SERVES.test(readText(file) ?? ''))) return false;
  return !reachable(dir, runs).some((file) => RUNS_ON.test(readText(file) ?? ''));
}

/** An entry point others import (`exports` map, or a `main` / `module` that is not a file its scripts run). */
function importedEntry(dir: string, manifest: Manifest, runs: readonly string[]): boolean {
  if (manifest.exports !== undefined && typeof manifest.exports !== 'string') return true;
  const named = [manifest.main, manifest.module, manifest.exports].filter((n): n is string => typeof n === 'string');
  return named.some((name) => {
    const file = sourceOf(dir, name);
    return file !== undefined && !runs.includes(file);
  });
}

/** The source file behind a path package.json names (dist/ mapped back to src/, extension optional). */
function sourceOf(dir: string, name: string): string | undefined {
  const stem = path.posix.normalize(name).replace(/\.[cm]?[jt]sx?$/, '');
  const stems = [stem, stem.replace(/^(?:dist|build|out|lib)\//, 'src/')];
  for (const candidate of stems.flatMap((s) => ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ext) => s + ext))) {
    const file = path.join(dir, candidate);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return undefined;
}

/** The files `entries` run, and the package files they import (relative imports), up to a few hundred. */
function reachable(dir: string, entries: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = entries.map((entry) => sourceOf(dir, entry)).filter((f): f is string => f !== undefined);
  while (queue.length > 0 && seen.size < 300) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of (readText(file) ?? '').matchAll(RELATIVE_IMPORT)) {
      const target = sourceOf(path.dirname(file), match[1]!);
      if (target && target.startsWith(dir) && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen];
}
