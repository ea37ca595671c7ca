// Phase 4 of the project model: the singleton module of each package (configured, conventional,
// inferred from the import graph, the sole creator), and the one module that calls a factory.
import type { Policy } from '../../core/policy.js';
import { packageRoot } from '../singletons.js';
import type { ClientFiles } from './factories.js';
import type { ImportGraph } from './import-graph.js';
import type { FactoryInfo, ProjectModel, SingletonModule } from './types.js';

export interface Singletons {
  /** In the order they were found (sorted by file only in the finished model). */
  singletons: SingletonModule[];
  competing: ProjectModel['competing'];
}

export interface SingletonInput {
  files: readonly string[];
  clients: ClientFiles;
  /** The factories, with their callers. */
  factories: readonly FactoryInfo[];
  graph: ImportGraph;
  /** The policy of the settings the model started with. */
  policy: Policy;
  /** The settings name singleton modules: the model infers none. */
  configured: boolean;
  isExempt: (file: string) => boolean;
}

export function findSingletons({ files, clients, factories, graph, policy, configured, isExempt }: SingletonInput): Singletons {
  const singletons: SingletonModule[] = [];
  const competing: ProjectModel['competing'] = [];
  const count = (file: string) => graph.importers.get(file)?.size ?? 0;
  const creatorsByPackage = new Map<string, string[]>();
  for (const file of clients.creators) {
    if (isExempt(file)) continue;
    const dir = packageRoot(file);
    creatorsByPackage.set(dir, [...(creatorsByPackage.get(dir) ?? []), file]);
  }
  for (const [packageDir, list] of [...creatorsByPackage].sort(([a], [b]) => a.localeCompare(b))) {
    const known = list.filter((f) => policy.isSingletonFile(f));
    if (known.length > 0 || configured) {
      for (const file of known.sort()) singletons.push({ file, packageDir, source: configured ? 'configured' : 'convention', importers: count(file) });
      continue;
    }
    const shared = list.filter((f) => clients.exportedCreators.has(f) && count(f) > 0).sort((a, b) => count(b) - count(a) || a.localeCompare(b));
    if (shared.length > 0) {
      singletons.push({ file: shared[0]!, packageDir, source: 'inferred', importers: count(shared[0]!) });
      if (shared.length > 1) competing.push({ packageDir, files: shared });
    } else if (list.length === 1 && !files.some((f) => packageRoot(f) === packageDir && policy.isSingletonFile(f))) {
      // One module in the package creates a client once (an app in one file): it is the shared client.
      singletons.push({ file: list[0]!, packageDir, source: 'sole-creator', importers: 0 });
    }
  }

  // A factory called from one module only: that module holds the client (it is the singleton).
  for (const factory of factories) {
    if (factory.callers.length !== 1) continue;
    const caller = factory.callers[0]!;
    if (isExempt(caller) || singletons.some((s) => s.file === caller)) continue;
    singletons.push({ file: caller, packageDir: packageRoot(caller), source: 'factory-caller', importers: count(caller) });
  }
  return { singletons, competing };
}
