// Finds the concrete singleton modules on disk for the configured globs, so a message can say
// "import the shared instance from apps/api/src/lib/prisma.ts". Lazy and cached per root + globs.
import fs from 'node:fs';
import path from 'node:path';
import { fg } from './glob.js';
import { toPosix } from '../core/policy.js';
import type { Policy } from '../core/policy.js';
import type { Site } from '../core/facts.js';
import type { Finding } from '../core/findings.js';
import { overlayFiles, readFileThroughOverlay } from './overlay.js';
import { sharedClientsIn, type SharedClient } from '../estree/shared-clients.js';

const IGNORED = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/.svelte-kit/**', '**/coverage/**', '**/generated/**'];
const cache = new Map<string, string[]>();

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
  // Not cached: a run may create or rewrite singleton modules (and dry runs keep them in memory).
  return readFileThroughOverlay(file) ?? '';
}

const packageRoots = new Map<string, string>();

/** For long-running editors: a package.json was added or removed. */
export function clearPackageRoots(): void {
  packageRoots.clear();
}

/** The nearest folder with a package.json (a workspace package), or the filesystem root. */
export function packageRoot(file: string): string {
  return packageRootOf(path.posix.dirname(file));
}

// Memoised folder by folder, so a tree of files asks each folder once.
function packageRootOf(dir: string): string {
  const cached = packageRoots.get(dir);
  if (cached !== undefined) return cached;
  const parent = path.posix.dirname(dir);
  const found = fs.existsSync(path.posix.join(dir, 'package.json')) ? dir : parent === dir ? '/' : packageRootOf(parent);
  packageRoots.set(dir, found);
  return found;
}

/**
 * Singleton modules that import the same client package, nearest to `filename` first (by the length
 * of the shared directory path). Absolute paths.
 */
export function singletonCandidates(policy: Policy, filename: string, module: string, family: string, client?: string): string[] {
  const from = toPosix(path.resolve(filename));
  const quoted = [`'${module}'`, `"${module}"`];
  // Never across packages: a route in apps/web does not import apps/api's client.
  const pkg = packageRoot(from);
  const scored: Array<{ file: string; score: number }> = [];
  for (const file of [...new Set([...singletonFiles(policy), ...overlayFiles().filter((f) => policy.isSingletonFile(f))])]) {
    const posix = toPosix(file);
    if (posix === from || packageRoot(posix) !== pkg) continue;
    const text = readText(file);
    // A factory's singleton is the module that calls it once (`drizzle(createDbConnection())`).
    const factoryName = /^factory(?:-file)?:/.test(family) ? client?.replace(/\(\)$/, '') : undefined;
    const usesFactory = factoryName !== undefined && new RegExp(`(?<![\\w$])${factoryName.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&')}\\s*\\(`).test(text);
    if (!usesFactory && !quoted.some((q) => text.includes(q)) && !(family === 'prisma' && /\bPrismaClient\b/.test(text))) continue;
    const a = from.split('/');
    const b = posix.split('/');
    let shared = 0;
    while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
    scored.push({ file: posix, score: shared });
  }
  return scored.sort((x, y) => y.score - x.score || x.file.localeCompare(y.file)).map((s) => s.file);
}

const sharing = new Map<string, { text: string; clients: SharedClient[] }>();
/** The clients a module shares (each exported client created once), read through the overlay, cached by content. */
export function sharedClientsOf(file: string, policy: Policy): SharedClient[] {
  const text = readText(file);
  const key = `${policy.key}\0${file}`;
  const cached = sharing.get(key);
  if (cached?.text === text) return cached.clients;
  const clients = sharedClientsIn(file, text, policy);
  sharing.set(key, { text, clients });
  return clients;
}

/** The nearest singleton module that shares a client of this family (absolute): what `fix` imports from. */
export function sharingSingleton(policy: Policy, filename: string, module: string, family: string, client?: string): string | undefined {
  return singletonCandidates(policy, filename, module, family, client).find((candidate) => sharedClientsOf(candidate, policy).some((c) => c.family === family));
}

/** The same, relative to the policy root, for messages: never a module that exports no such client. */
export function nearestSingleton(policy: Policy, filename: string, module: string, family: string, client?: string): string | undefined {
  const best = sharingSingleton(policy, filename, module, family, client);
  if (!best) return undefined;
  const relative = path.posix.relative(policy.root, best);
  return relative.startsWith('..') ? best : relative;
}

/**
 * The findings as reported: `no-client-outside-singleton` names the singleton to import instead (the
 * one `fix` imports from). The rules and `poolguard check` both report through this.
 */
export function withSingletonNames(findings: readonly Finding[], sites: readonly Site[], policy: Policy, filename: string): Finding[] {
  return findings.map((finding) => {
    if (finding.ruleId !== 'no-client-outside-singleton') return finding;
    // Naming the singleton may glob the disk: only for a finding.
    const site = sites.find((s) => s.range[0] === finding.range[0] && s.type === 'create');
    const known = site?.type === 'create' ? nearestSingleton(policy, filename, site.module, site.family, site.client) : undefined;
    return known ? { ...finding, data: { ...finding.data, singleton: `\`${known}\`` } } : finding;
  });
}
