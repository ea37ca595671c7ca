// What a file's package runs on, read from its nearest package.json (and a few deployment files):
// does the dev server re-evaluate modules (hot reload: a module-scope client is created again), and
// which runtime profile applies (`server`, `serverless`, `edge`) when `runtimes` does not say.
import fs from 'node:fs';
import path from 'node:path';
import type { RuntimeProfile } from '../core/policy.js';
import { packageRoot } from './singletons.js';

export interface Framework {
  /** The framework or dev tool that reloads modules, e.g. `Next.js (next dev)`; undefined when none. */
  hotReload: string | undefined;
  runtime: RuntimeProfile;
  /** Why that runtime, for messages and `poolguard init`. */
  runtimeWhy: string;
}

/** Frameworks whose dev server re-evaluates server modules on change, by dependency. */
const HOT_RELOAD_DEPENDENCIES: ReadonlyArray<[dependency: string, label: string]> = [
  ['next', 'Next.js (next dev)'],
  ['nuxt', 'Nuxt (nuxi dev)'],
  ['@sveltejs/kit', 'SvelteKit (vite dev)'],
  ['@remix-run/dev', 'Remix (remix vite:dev)'],
  ['@react-router/dev', 'React Router (vite dev)'],
  ['astro', 'Astro (astro dev)'],
  ['@solidjs/start', 'SolidStart (vinxi dev)'],
  ['vite', 'a Vite dev server'],
];

/** Dev scripts that reload the server when files change. */
const HOT_RELOAD_SCRIPTS: ReadonlyArray<[pattern: RegExp, label: string]> = [
  [/\btsx\s+(?:--\S+\s+)*watch\b/, 'tsx watch'],
  [/\bnodemon\b/, 'nodemon'],
  [/\bnode\s+(?:--\S+\s+)*--watch\b/, 'node --watch'],
  [/\bts-node-dev\b/, 'ts-node-dev'],
  [/\bbun\s+(?:--\S+\s+)*--(?:hot|watch)\b/, 'bun --hot'],
  [/\bnest\s+start\s+(?:.*\s)?--watch\b/, 'nest start --watch'],
];

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

const cache = new Map<string, Framework>();

function readJson(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
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

/** For tests and long-running editors: forget what was read. */
export function clearFrameworkCache(): void {
  cache.clear();
}

export function frameworkOfPackage(dir: string): Framework {
  const manifest = (dir === '/' ? undefined : readJson(path.join(dir, 'package.json'))) ?? {};
  const deps = { ...manifest.dependencies, ...manifest.devDependencies };
  const scripts = Object.values(manifest.scripts ?? {}).join('\n');
  const byDependency = HOT_RELOAD_DEPENDENCIES.find(([name]) => name in deps)?.[1];
  const byScript = HOT_RELOAD_SCRIPTS.find(([pattern]) => pattern.test(scripts))?.[1];
  const { profile, why } = runtimeOf(dir, manifest);
  return { hotReload: byDependency ?? byScript, runtime: profile, runtimeWhy: why };
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
  if (exists('serverless.yml') || exists('serverless.ts') || has('serverless') || has('@netlify/functions') || has('aws-lambda') || has('@types/aws-lambda')) {
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
