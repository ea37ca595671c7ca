// Finds the concrete singleton modules on disk for the configured globs, so a message can say
// "import the shared instance from apps/api/src/lib/prisma.ts". Lazy and cached per root + globs.
import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { toPosix } from '../core/policy.js';
import type { Policy } from '../core/policy.js';

const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/.svelte-kit/**', '**/coverage/**', '**/generated/**'];
const cache = new Map<string, string[]>();
const textCache = new Map<string, string>();

export function singletonFiles(policy: Policy): string[] {
  let files = cache.get(policy.key);
  if (!files) {
    try {
      files = fg.sync(policy.singletonGlobs as string[], { cwd: policy.root, ignore: IGNORED, absolute: true, dot: false, suppressErrors: true });
    } catch {
      files = [];
    }
    files.sort();
    cache.set(policy.key, files);
  }
  return files;
}

/** Seed the cache with files the caller already discovered (the CLI), skipping a second glob. */
export function primeSingletonFiles(policy: Policy, files: string[]): void {
  cache.set(policy.key, [...files].sort());
}

function readText(file: string): string {
  let text = textCache.get(file);
  if (text === undefined) {
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = '';
    }
    textCache.set(file, text);
  }
  return text;
}

/**
 * The singleton module nearest to `filename` (longest shared directory) among those that import the
 * same client package. Returned relative to the policy root, for messages.
 */
export function nearestSingleton(policy: Policy, filename: string, module: string, family: string): string | undefined {
  const files = singletonFiles(policy);
  if (files.length === 0) return undefined;
  const from = toPosix(path.resolve(filename));
  let best: { file: string; score: number } | undefined;
  for (const file of files) {
    const posix = toPosix(file);
    if (posix === from) continue;
    let shared = 0;
    const a = from.split('/');
    const b = posix.split('/');
    while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
    // Only a module that creates the same client is the one to import from.
    const text = readText(file);
    if (!text.includes(module) && !(family === 'prisma' && text.includes('PrismaClient'))) continue;
    const score = shared;
    if (!best || score > best.score) best = { file: posix, score };
  }
  if (!best) return undefined;
  const relative = path.posix.relative(policy.root, best.file);
  return relative.startsWith('..') ? best.file : relative;
}
