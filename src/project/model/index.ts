// The project model: what one file cannot know, built once per CLI run from the discovered files by
// running its phases in order (each in its own file here) and ending as settings the rules read.
import path from 'node:path';
import type { FileFacts } from '../../core/facts.js';
import { toPosix, type PoolguardSettings } from '../../core/policy.js';
import { projectPolicy } from '../policy.js';
import { exemptMatcher, scanClientFiles } from './factories.js';
import { finalFacts } from './facts.js';
import { importGraph, withCallers } from './import-graph.js';
import { workspacePackages } from './packages.js';
import { clientReexports } from './client-reexports.js';
import { sharedReexports } from './reexports.js';
import { inferredFactories, modelSettings } from './settings.js';
import { findSingletons } from './singletons.js';
import { duplicateSingletons } from './duplicate-singletons.js';
import { defaultRead, defaultReadBytes, projectSource } from './source.js';
import type { ModelInput, ProjectModel } from './types.js';

export type { FactoryInfo, ModelInput, ProjectModel, SingletonModule, SingletonSource, WorkspacePackage } from './types.js';
export { workspacePackages } from './packages.js';
export { modelRoot } from './root.js';
export { returnedByItsFunction } from '../../estree/returned.js';

/**
 * What the model finds:
 * - the packages of a monorepo (workspaces in package.json or pnpm-workspace.yaml, else every folder
 *   with a package.json) and the bare names they are imported by (`@repo/db`);
 * - the singleton module of each package: configured, conventional, or inferred (the module that
 *   creates the client at module scope, exports it and is imported by the most other modules);
 * - factories: exported functions that open a new client on every call (seed 004's
 *   `createDbConnection()`), whose call sites are therefore pool sites too;
 * - modules that re-export the shared client (`export { prisma } from './client'`, a workspace
 *   package's entry point).
 * It ends as settings (`singletonModules`, `factories`, `sharedModules`) that the rules read, so the
 * editor, `poolguard check` and `poolguard fix` keep deciding in one place: the detection core.
 */
export function buildProjectModel(input: ModelInput): ProjectModel {
  const root = toPosix(path.resolve(input.root));
  const source = projectSource(input.read ?? defaultReadBytes);
  const configured = (input.settings.singletonModules?.length ?? 0) > 0;
  const files = input.files.map((f) => toPosix(path.isAbsolute(f) ? f : path.resolve(f)));
  const isExempt = exemptMatcher(root);

  const packages = workspacePackages(root, files, input.read ?? defaultRead);
  // Known before any file is scanned: `import { PrismaClient } from '@acme/database'` is a client import.
  const reexported = clientReexports(packages, source);
  const withReexports = Object.keys(reexported).length > 0 ? { ...input.settings, clientReexports: { ...reexported, ...input.settings.clientReexports } } : input.settings;
  const policy = projectPolicy(withReexports, root);
  const clients = scanClientFiles(files, source, policy, isExempt);
  const graph = importGraph(files, source, packages, clients.creators, clients.factories);
  const factories = withCallers(clients.factories, graph, source);
  const { singletons, competing } = findSingletons({ files, clients, factories, graph, policy, configured, isExempt });
  const shared = sharedReexports(graph, singletons, packages, policy);
  const inferred = inferredFactories(factories, withReexports, root, packages, source.textOf);
  const duplicates = duplicateSingletons(singletons, packages, clients.facts, root);
  const settings = modelSettings({ root, settings: withReexports, policy, configured, singletons, shared, inferred, duplicates });

  let facts: Map<string, FileFacts> | undefined;
  return {
    root,
    packages,
    singletons: singletons.sort((a, b) => a.file.localeCompare(b.file)),
    competing,
    factories: [...factories].sort((a, b) => a.file.localeCompare(b.file) || a.name.localeCompare(b.name)),
    reexports: shared.reexports,
    // Only `poolguard budget` reads them: `check` and `fix` do not pay for the factories' callers.
    get facts() {
      return (facts ??= finalFacts({ files, source, clients, root, settings, inferred }));
    },
    settings,
    textOf: source.readText,
    hintsOf: source.readHints,
  };
}

/** A model that adds nothing to the settings. */
export function emptyModel(root: string, settings: PoolguardSettings): ProjectModel {
  return { root: toPosix(path.resolve(root)), packages: [], singletons: [], competing: [], factories: [], reexports: [], facts: new Map(), settings, textOf: () => undefined, hintsOf: () => undefined };
}
