// Phase 1 of the project model: the packages of the project (declared workspaces, else every folder
// with a package.json) and the checked file a bare import of each package's name loads.
import path from 'node:path';
import { fg } from '../glob.js';
import { createRequire } from 'node:module';
import { toPosix } from '../../core/policy.js';
import { packageRoot } from '../singletons.js';
import { defaultRead, stemOf } from './source.js';
import type { WorkspacePackage } from './types.js';

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
      // yaml (~50 ms to load) only for a pnpm workspace.
      const doc = (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(pnpm) as { packages?: unknown } | null;
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
