// What a file's package runs on, read from its nearest package.json (and a few deployment files):
// does the dev server re-evaluate modules (hot reload: a module-scope client is created again), and
// which runtime profile applies (`server`, `serverless`, `edge`) when `runtimes` does not say.
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeProfile } from '../core/policy.js';
import { clearBundleCache } from './bundles.js';
import { clearRoleCache } from './roles.js';
import { clearServesCache, packageServes } from './serves.js';
import { packageRoot } from './singletons.js';
import { parseJsonText, readRegularText } from '../io/read.js';

export interface Framework {
  /**
   * The framework the package is built on, by dependency (`Next.js`, `Nuxt`, `SvelteKit`, `Remix`,
   * `NestJS`, `Fastify`, `Express`, …, or `Vite` alone); undefined for a plain Node.js package.
   */
  framework: string | undefined;
  /** Does its dev server or dev script re-evaluate modules on change (a module-scope client is created again)? */
  hotReload: boolean;
  /** What reloads, for messages: `Next.js (next dev)`, `tsx watch`; undefined when nothing does. */
  reloader: string | undefined;
  /** A full-stack framework owns the process and its entry point (Next.js, Nuxt, SvelteKit, Remix, Astro, …). */
  ownsProcess: boolean;
  runtime: RuntimeProfile;
  /** Why that runtime, for messages and `poolguard init`. */
  runtimeWhy: string;
  /** A command-line tool: package.json declares `bin` and no `start` / `dev` / `serve` script. Each run is one process. */
  cli: boolean;
}

/** The framework a package is built on, by dependency, first match wins (full-stack ones first). */
const FRAMEWORKS: ReadonlyArray<[dependency: string, name: string, ownsProcess: boolean]> = [
  ['next', 'Next.js', true],
  ['nuxt', 'Nuxt', true],
  ['@sveltejs/kit', 'SvelteKit', true],
  ['@remix-run/dev', 'Remix', true],
  ['@remix-run/node', 'Remix', true],
  ['@react-router/dev', 'React Router', true],
  ['astro', 'Astro', true],
  ['@solidjs/start', 'SolidStart', true],
  ['@tanstack/react-start', 'TanStack Start', true],
  ['@tanstack/solid-start', 'TanStack Start', true],
  ['@nestjs/core', 'NestJS', false],
  ['fastify', 'Fastify', false],
  ['@hapi/hapi', 'hapi', false],
  ['hono', 'Hono', false],
  ['koa', 'Koa', false],
  ['express', 'Express', false],
  ['vite', 'Vite', false],
];

/** Frameworks whose dev server re-evaluates server modules on change, in the same process, by dependency. */
const HOT_RELOAD_DEPENDENCIES: ReadonlyArray<[dependency: string, label: string]> = [
  ['next', 'Next.js (next dev)'],
  ['nuxt', 'Nuxt (nuxi dev)'],
  ['@sveltejs/kit', 'SvelteKit (vite dev)'],
  ['@remix-run/dev', 'Remix (remix vite:dev)'],
  ['@react-router/dev', 'React Router (vite dev)'],
  ['astro', 'Astro (astro dev)'],
  ['@solidjs/start', 'SolidStart (vinxi dev)'],
  ['@tanstack/react-start', 'TanStack Start (vite dev)'],
  ['@tanstack/solid-start', 'TanStack Start (vite dev)'],
  ['vite', 'a Vite dev server'],
];

/**
 * Dev scripts that re-evaluate server modules in the same process (globalThis survives, the old pool
 * stays open). Watchers that restart the process (nodemon, `tsx watch`, `node --watch`, ts-node-dev,
 * `nest start --watch`, `bun --watch`) close every socket with it: nothing leaks, so they are not here.
 */
const HOT_RELOAD_SCRIPTS: ReadonlyArray<[pattern: RegExp, label: string]> = [
  [/\bbun\s+(?:--\S+\s+)*--hot\b/, 'bun --hot'],
  [/\bvite-node\s+(?:--\S+\s+)*(?:--watch|-w)\b/, 'vite-node --watch'],
];

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  /** `"prisma": { "seed": "tsx prisma/seed.ts" }` */
  prisma?: { seed?: string };
  workspaces?: unknown;
}

/** A dev server started by the package itself (not delegated to its workspaces). */
const DIRECT_DEV = /\b(?:next|nuxt|nuxi|remix|react-router|astro|vinxi|svelte-kit|vite)\s+dev\b|(?:^|[\s;&|])vite(?:\s+--?[\w-]+(?:=\S+)?)*\s*$/m;

const cache = new Map<string, Framework>();

function readJson(file: string): Manifest | undefined {
  try {
    return parseJsonText(readRegularText(file)) as Manifest;
  } catch {
    return undefined;
  }
}

export function frameworkOf(filename: string): Framework {
  const dir = packageRoot(filename.split(path.sep).join('/'));
  let framework = cache.get(dir);
  if (!framework) cache.set(dir, (framework = frameworkOfPackage(dir)));
  return framework;
}

function isWorkspaceRoot(dir: string, manifest: Manifest): boolean {
  return dir !== '/' && (manifest.workspaces !== undefined || fs.existsSync(path.join(dir, 'pnpm-workspace.yaml')));
}

/** For tests and long-running editors: forget what was read. */
export function clearFrameworkCache(): void {
  cache.clear();
  clearRoleCache();
  clearBundleCache();
  clearServesCache();
  entryCache.clear();
  serverCache.clear();
}

export function frameworkOfPackage(dir: string): Framework {
  const manifest = (dir === '/' ? undefined : readJson(path.join(dir, 'package.json'))) ?? {};
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const scripts = Object.values(manifest.scripts ?? {}).join('\n');
  // A workspace root holds its apps' hoisted dependencies (`next` for apps/web): they say nothing about
  // the files at the root (a `libraries/` folder the NestJS backend imports) unless it runs a dev server itself.
  const hoisted = isWorkspaceRoot(dir, manifest) && !DIRECT_DEV.test(scripts);
  const byDependency = hoisted ? undefined : HOT_RELOAD_DEPENDENCIES.find(([name]) => name in deps)?.[1];
  const byScript = HOT_RELOAD_SCRIPTS.find(([pattern]) => pattern.test(scripts))?.[1];
  const { profile, why } = runtimeOf(dir, manifest);
  const framework = FRAMEWORKS.find(([name]) => name in deps);
  const reloader = byDependency ?? byScript;
  const serves = Boolean(manifest.scripts?.start || manifest.scripts?.dev || manifest.scripts?.serve);
  const cli = manifest.bin !== undefined && !serves;
  return { framework: framework?.[1], hotReload: reloader !== undefined, reloader, ownsProcess: framework?.[2] ?? false, runtime: profile, runtimeWhy: why, cli };
}

/**
 * `edge` for a Cloudflare Worker (wrangler config), `serverless` for Next.js, SvelteKit, Nuxt, Remix
 * or Astro deployed to Vercel / Netlify or without a self-hosted start script, and for function-style
 * projects (serverless.yml, Netlify functions, AWS Lambda types); otherwise a long-lived `server`.
 */
function runtimeOf(dir: string, manifest: Manifest): { profile: RuntimeProfile; why: string } {
  const exists = (name: string) => dir !== '/' && fs.existsSync(path.join(dir, name));
  if (exists('wrangler.toml') || exists('wrangler.json') || exists('wrangler.jsonc')) return { profile: 'edge', why: 'a wrangler config (Cloudflare Workers)' };
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const has = (name: string) => name in deps;
  const functions = ['serverless', '@netlify/functions', 'aws-lambda', '@types/aws-lambda', '@azure/functions', 'azure-functions-core-tools', '@google-cloud/functions-framework', 'firebase-functions', '@vercel/node'];
  if (exists('serverless.yml') || exists('serverless.ts') || exists('host.json') || functions.some(has)) {
    return { profile: 'serverless', why: 'a serverless / functions deployment' };
  }
  const framework = ['next', '@sveltejs/kit', 'nuxt', '@remix-run/node', '@remix-run/react', 'astro'].find(has);
  if (framework) {
    const host = exists('vercel.json') || has('@vercel/node') || has('@sveltejs/adapter-vercel') ? 'Vercel' : exists('netlify.toml') || has('@sveltejs/adapter-netlify') ? 'Netlify' : undefined;
    const selfHosted = has('@sveltejs/adapter-node') || /next start|node build|node server/.test(JSON.stringify(manifest.scripts ?? {}));
    if (host || !selfHosted) return { profile: 'serverless', why: `${framework}${host ? ` on ${host}` : ' (no self-hosted start script)'}` };
    return { profile: 'server', why: `${framework}, self-hosted` };
  }
  return { profile: 'server', why: 'a long-lived Node.js process' };
}

const entryCache = new Map<string, boolean>();
const SIGNAL_HANDLER = /\bprocess\s*\.\s*(?:on|once|addListener)\s*\(\s*(?:['"](?:SIGTERM|SIGINT)['"]|\w+)/;
const SIGNAL_NAMES = /['"](?:SIGTERM|SIGINT)['"]/;
const CLOSE_CALL = /\.\s*(?:\$disconnect|end|close|destroy|quit|disconnect)\s*\(/;

/**
 * Does the package's entry point close a client on SIGTERM / SIGINT? A text check of the files a
 * `start` / `dev` script or `main` runs (dist/ mapped back to src/), else the conventional entry
 * files: a `process.on('SIGTERM' | 'SIGINT', …)` handler and a close call (`$disconnect()`, `end()`,
 * `close()`, `destroy()`, `quit()`) in the same file.
 */
export function entryPointShutdown(filename: string): boolean {
  const dir = packageRoot(filename.split(path.sep).join('/'));
  if (dir === '/') return false;
  let answer = entryCache.get(dir);
  if (answer === undefined) entryCache.set(dir, (answer = entryFiles(dir).some(closesOnSignal)));
  return answer;
}

const serverCache = new Map<string, boolean>();

/** Frameworks whose app is a request handler that serves only once something calls `listen()`: exported as is, a function platform runs it. */
const LISTENING_FRAMEWORKS = ['express', 'koa'];

/**
 * Is the package an app that runs (a `start` / `dev` / `serve` script, a PM2 ecosystem file, or an
 * entry file that calls `.listen(`), rather than a library that apps import (`packages/db`)? A
 * library's client is the importing app's to close. An Express or Koa app runs as a server only when
 * its own code starts one: one that never calls `listen()` is a handler exported to a function
 * platform (serverless Express on Lambda or Vercel), whatever its scripts say.
 */
export function runsAsServer(filename: string): boolean {
  const dir = packageRoot(filename.split(path.sep).join('/'));
  if (dir === '/') return false;
  let answer = serverCache.get(dir);
  if (answer === undefined) {
    const manifest = readJson(path.join(dir, 'package.json'));
    const scripts = manifest?.scripts ?? {};
    const ecosystem = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json'].some((name) => fs.existsSync(path.join(dir, name)));
    const listens = entryFiles(dir).some((file) => /\.listen\s*\(/.test(readText(file)));
    const deps = { ...manifest?.dependencies, ...manifest?.devDependencies };
    const handlerOnly = LISTENING_FRAMEWORKS.some((name) => name in deps);
    const runs = listens || Boolean(scripts.start || scripts.dev || scripts.serve) || ecosystem;
    answer = runs && (listens || !handlerOnly || packageServes(dir));
    serverCache.set(dir, answer);
  }
  return answer;
}

function readText(file: string): string {
  try {
    return readRegularText(file);
  } catch {
    return '';
  }
}

function closesOnSignal(file: string): boolean {
  let text: string;
  try {
    text = readRegularText(file);
  } catch {
    return false;
  }
  return SIGNAL_HANDLER.test(text) && SIGNAL_NAMES.test(text) && CLOSE_CALL.test(text);
}

function entryFiles(dir: string): string[] {
  const manifest = readJson(path.join(dir, 'package.json')) as (Manifest & { main?: string }) | undefined;
  const named: string[] = [];
  for (const script of [manifest?.scripts?.start, manifest?.scripts?.dev, manifest?.scripts?.serve]) {
    const match = script && /(?:node|tsx|ts-node|nodemon|bun)(?:\s+(?:watch|--\S+))*\s+([\w./-]+\.[cm]?[jt]s)\b/.exec(script);
    if (match) named.push(match[1]!);
  }
  if (typeof manifest?.main === 'string') named.push(manifest.main);
  const conventional = ['src/server', 'src/index', 'src/main', 'src/app', 'server', 'index', 'main', 'app'].flatMap((stem) => ['.ts', '.js', '.mts', '.mjs', '.cjs'].map((ext) => stem + ext));
  const out: string[] = [];
  for (const name of [...named.flatMap((n) => [n, n.replace(/^(?:\.\/)?(?:dist|build|out)\//, 'src/').replace(/\.[cm]?js$/, '.ts')]), ...conventional]) {
    const file = path.join(dir, name);
    if (!out.includes(file) && fs.existsSync(file)) out.push(file);
  }
  return out;
}
