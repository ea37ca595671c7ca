// Phase 5 of the project model: the modules that re-export a singleton's client, and the workspace
// packages whose entry point is (or re-exports) one, so `import { db } from '@repo/db'` is shared.
import type { Policy } from '../../core/policy.js';
import type { ImportGraph } from './import-graph.js';
import type { SingletonModule, WorkspacePackage } from './types.js';

export interface SharedReexports {
  /** Modules that re-export a singleton, sorted. */
  reexports: string[];
  /** Names of the packages whose entry point is a singleton or re-exports one, sorted. */
  sharedModules: string[];
}

export function sharedReexports(graph: ImportGraph, singletons: readonly SingletonModule[], packages: readonly WorkspacePackage[], policy: Policy): SharedReexports {
  const singletonFiles = new Set(singletons.map((s) => s.file));
  const reexports = [...graph.reexporters].filter(([, target]) => singletonFiles.has(target) || policy.isSingletonFile(target)).map(([file]) => file).sort();
  const sharedEntries = new Set([...singletonFiles, ...reexports]);
  const sharedModules = packages.filter((p) => p.name && p.entry && sharedEntries.has(p.entry)).map((p) => p.name!).sort();
  return { reexports, sharedModules };
}
