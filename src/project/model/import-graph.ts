// Phase 3 of the project model: who imports the modules that matter (creators and factories), which
// modules re-export a creator, and which modules call each factory.
import path from 'node:path';
import { aliasesFor } from '../specifier.js';
import { REEXPORT, stemOf, type ProjectSource } from './source.js';
import { stripSourceExtension } from '../../core/extensions.js';
import { specifierBases } from '../../core/resolve.js';
import type { FactoryInfo, WorkspacePackage } from './types.js';

export interface ImportGraph {
  /** The modules (other than itself) that import each creator or factory module. */
  importers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Re-exporting file → the creator it re-exports (`export { prisma } from './client'`). */
  reexporters: ReadonlyMap<string, string>;
}


/** The checked file a specifier loads: relative, tsconfig alias or workspace package. */
function resolver(files: readonly string[], packages: readonly WorkspacePackage[]): (from: string, specifier: string) => string | undefined {
  const byName = new Map(packages.filter((p) => p.name).map((p) => [p.name!, p]));
  const stems = new Map(files.map((f) => [stemOf(f), f]));
  return (from, specifier) => {
    for (const base of specifierBases(from, specifier, aliasesFor(from)?.paths)) {
      const hit = stems.get(stemOf(base));
      if (hit) return hit;
    }
    const pkg = byName.get(specifier);
    return pkg?.entry;
  };
}

export function importGraph(files: readonly string[], source: ProjectSource, packages: readonly WorkspacePackage[], creators: ReadonlySet<string>, factories: readonly FactoryInfo[]): ImportGraph {
  const resolve = resolver(files, packages);
  const targets = new Set([...creators, ...factories.map((f) => f.file)]);
  const importers = new Map<string, Set<string>>();
  const reexporters = new Map<string, string>();
  // A file can import a target only through a specifier ending in the target's name (`./db`, `../lib/db.js`,
  // `@/lib/db`, `./db/index`, or a workspace package name): test that before resolving anything.
  const targetNames = new Set<string>();
  for (const target of targets) {
    const stem = stemOf(target);
    targetNames.add(path.posix.basename(stem));
    targetNames.add(stripSourceExtension(path.posix.basename(target)));
  }
  for (const pkg of packages) if (pkg.name && pkg.entry && targets.has(pkg.entry)) targetNames.add(pkg.name.split('/').pop()!);
  const mayTarget = (specifier: string): boolean => {
    const last = stripSourceExtension(specifier.replace(/\/$/, '').split('/').pop()!);
    return targetNames.has(last) || last === '.' || last === '..';
  };
  for (const file of files) {
    let importsCreator = false;
    for (const specifier of source.specifiersOf(file)) {
      if (!mayTarget(specifier)) continue;
      const target = resolve(file, specifier);
      if (!target || target === file || !targets.has(target)) continue;
      let set = importers.get(target);
      if (!set) importers.set(target, (set = new Set()));
      set.add(file);
      if (creators.has(target)) importsCreator = true;
    }
    // A re-export's `from '…'` is one of the file's specifiers: only a file that names a creator
    // module can re-export one, so only its text is read again.
    if (!importsCreator) continue;
    const text = source.textOf(file);
    if (!text.includes('export')) continue;
    for (const match of text.matchAll(REEXPORT)) {
      const target = resolve(file, match[3]!);
      if (target && target !== file && creators.has(target)) reexporters.set(file, target);
    }
  }
  return { importers, reexporters };
}

/** Each factory with the modules that import it and mention it by name, sorted. */
export function withCallers(factories: readonly FactoryInfo[], graph: ImportGraph, source: ProjectSource): FactoryInfo[] {
  return factories.map((factory) => {
    const named = new RegExp(`\\b${factory.name}\\b`);
    return { ...factory, callers: [...(graph.importers.get(factory.file) ?? [])].filter((f) => named.test(source.textOf(f))).sort() };
  });
}
