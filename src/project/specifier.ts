// How one file should import another, in that file's own style: a tsconfig `paths` alias when the
// file already imports through it, otherwise a relative path with `.js` when its relative imports use
// extensions (or it has none and NodeNext, or no tsconfig and a "type": "module" package, wants them),
// extensionless otherwise.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { toPosix } from '../core/policy.js';
import { importSpecifiers } from '../core/prefilter.js';
import { stripSourceExtension } from '../core/extensions.js';
import { candidateFiles, specifierBases } from '../core/resolve.js';
import { parseJsoncText, parseJsonText, readRegularText } from '../io/read.js';
import { packageRoot } from './singletons.js';

interface Aliases {
  /** `@/*` → [`/abs/src/*`] */
  paths: Array<{ prefix: string; targets: string[] }>;
  /** module is NodeNext/Node16: relative imports need extensions. */
  nodeNext: boolean;
}

const tsconfigCache = new Map<string, Aliases | undefined>();

const nearestCache = new Map<string, string | undefined>();

/** For long-running editors: a tsconfig was edited or added. */
export function clearAliasCache(): void {
  tsconfigCache.clear();
  nearestCache.clear();
}

// Asked once per import specifier by the policy: memoised folder by folder.
function nearestTsconfig(dir: string): string | undefined {
  if (nearestCache.has(dir)) return nearestCache.get(dir);
  let found: string | undefined;
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    if (fs.existsSync(path.join(dir, name))) {
      found = path.join(dir, name);
      break;
    }
  }
  const parent = path.dirname(dir);
  // Not above the repository.
  if (!found && parent !== dir && !fs.existsSync(path.join(dir, '.git'))) found = nearestTsconfig(parent);
  nearestCache.set(dir, found);
  return found;
}

// get-tsconfig reads a tsconfig's `extends` chain (packages, arrays, `${configDir}`) as TypeScript does,
// without loading TypeScript (~0.6 s, most of a `check`); test/project/tsconfig-aliases.test.ts holds
// it to TypeScript's reading of every tsconfig among the fixtures.
let tsconfigs: typeof import('get-tsconfig') | undefined;
const fsCache = new Map<string, unknown>();
// Stands for what a `*` matches, to read where each pattern points through get-tsconfig's own resolution.
const PROBE = '\0poolguard-probe\0';

export function aliasesFor(file: string): Aliases | undefined {
  const config = nearestTsconfig(path.dirname(file));
  if (!config) return undefined;
  if (tsconfigCache.has(config)) return tsconfigCache.get(config);
  let aliases: Aliases | undefined;
  try {
    tsconfigs ??= createRequire(import.meta.url)('get-tsconfig') as typeof import('get-tsconfig');
    const resolved = tsconfigs.parseTsconfig(config, fsCache as Map<string, never>);
    const options = resolved.compilerOptions ?? {};
    // `paths` resolve against baseUrl, or the folder of the tsconfig that declares them.
    const matcher = tsconfigs.createPathsMatcher({ path: config, config: resolved });
    const paths = Object.keys(options.paths ?? {}).map((pattern) => {
      const wildcard = pattern.endsWith('*');
      const targets = matcher?.(wildcard ? pattern.slice(0, -1) + PROBE : pattern) ?? [];
      return {
        prefix: wildcard ? pattern.slice(0, -1) : pattern,
        targets: targets.map((t) => toPosix(path.resolve(t.replace(PROBE, '*').replace(/\*$/, '')))),
      };
    });
    aliases = { paths, nodeNext: isNodeNext(options) };
  } catch {
    aliases = ownOptionsOnly(config);
  }
  tsconfigCache.set(config, aliases);
  return aliases;
}

function isNodeNext(options: { module?: unknown; moduleResolution?: unknown }): boolean {
  const node = (value: unknown) => typeof value === 'string' && /^node(?:16|next)$/i.test(value);
  return node(options.module) || node(options.moduleResolution);
}

/**
 * A tsconfig whose `extends` is missing (`.svelte-kit/tsconfig.json` before `svelte-kit sync`, a
 * workspace preset before `npm install`): TypeScript reads the config's own options then, so do we.
 * Undefined when the file itself is not JSON with comments.
 */
function ownOptionsOnly(config: string): Aliases | undefined {
  try {
    const own = parseJsoncText(readRegularText(config)) as { compilerOptions?: { baseUrl?: unknown; paths?: Record<string, unknown>; module?: unknown; moduleResolution?: unknown } };
    const options = own.compilerOptions ?? {};
    const base = path.resolve(path.dirname(config), typeof options.baseUrl === 'string' ? options.baseUrl : '.');
    const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
      prefix: pattern.replace(/\*$/, ''),
      targets: (Array.isArray(targets) ? targets : []).filter((t): t is string => typeof t === 'string').map((t) => toPosix(path.resolve(base, t.replace(/\*$/, '')))),
    }));
    return { paths, nodeNext: isNodeNext(options) };
  } catch {
    return undefined;
  }
}

const RUNTIME_EXT: Record<string, string> = { '.ts': '.js', '.tsx': '.js', '.mts': '.mjs', '.cts': '.cjs', '.js': '.js', '.jsx': '.js', '.mjs': '.mjs', '.cjs': '.cjs' };

/** The specifier `fromFile` should use to import `target`, given the specifiers it already uses. */
export function specifierFor(fromFile: string, target: string, existingSpecifiers: readonly string[]): string {
  const from = toPosix(path.resolve(fromFile));
  const to = toPosix(path.resolve(target));
  const aliases = aliasesFor(from);
  // Through an alias the file already uses (`@/lib/db`): extensionless, like the bundlers expect.
  for (const alias of aliases?.paths ?? []) {
    if (!alias.prefix || !existingSpecifiers.some((s) => s.startsWith(alias.prefix))) continue;
    for (const base of alias.targets) {
      const prefix = base.endsWith('/') ? base : `${base}/`;
      if (to.startsWith(prefix)) return alias.prefix + stripIndex(stripExt(to.slice(prefix.length)));
    }
  }
  const relatives = existingSpecifiers.filter((s) => s.startsWith('./') || s.startsWith('../'));
  const withExt = relatives.length > 0 ? relatives.some((s) => /\.[cm]?js$/.test(s)) : aliases?.nodeNext === true || /\.m[jt]s$/.test(from) || (aliases === undefined && esmPackage(from));
  let relative = path.posix.relative(path.posix.dirname(from), to);
  if (!relative.startsWith('.')) relative = `./${relative}`;
  if (withExt) return stripExt(relative) + (RUNTIME_EXT[path.posix.extname(to)] ?? '.js');
  return stripIndex(stripExt(relative));
}

/** No tsconfig says how modules resolve: a "type": "module" package runs under Node's ESM rules, which want the extension. */
function esmPackage(file: string): boolean {
  try {
    return (parseJsonText(readRegularText(path.posix.join(packageRoot(file), 'package.json'))) as { type?: unknown }).type === 'module';
  } catch {
    return false;
  }
}

function stripExt(p: string): string {
  return stripSourceExtension(p);
}

function stripIndex(p: string): string {
  return p === './index' ? '.' : p.replace(/\/index$/, '');
}


/** The file a relative or tsconfig-alias specifier points to, if it exists on disk. */
export function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  const from = toPosix(path.resolve(fromFile));
  for (const base of specifierBases(from, specifier, aliasesFor(from)?.paths)) {
    for (const candidate of candidateFiles(base)) {
      try {
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // not this one
      }
    }
  }
  return undefined;
}

/** The import chain from `start` back to `target` (relative and alias imports only), if one exists. */
export function importPath(start: string, target: string, limit = 200): string[] | undefined {
  const wanted = path.resolve(target);
  const queue: Array<{ file: string; trail: string[] }> = [{ file: path.resolve(start), trail: [path.resolve(start)] }];
  const seen = new Set<string>();
  while (queue.length > 0 && seen.size < limit) {
    const { file, trail } = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      text = readRegularText(file);
    } catch {
      continue;
    }
    for (const specifier of importSpecifiers(text)) {
      const next = resolveSpecifier(file, specifier);
      if (!next) continue;
      if (path.resolve(next) === wanted) return [...trail, wanted];
      queue.push({ file: next, trail: [...trail, next] });
    }
  }
  return undefined;
}

/** The path of `file` relative to `root`, for messages. */
export function display(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
}
