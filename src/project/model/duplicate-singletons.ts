// Phase 5 of the project model: a package's own singleton that duplicates a workspace dependency's.
// An app whose `server/db.ts` builds `postgres(dbUrl)` with `dbUrl` imported from `@acme/server`, while
// `@acme/server` shares a postgres.js pool of its own, holds two pools to one database in one process:
// the app's module is the second one, though it looks like a singleton on its own. Only when the
// connection settings come from that package (the same database for certain), never by name alone.
import path from 'node:path';
import type { CreateSite, FileFacts } from '../../core/facts.js';
import type { SingletonModule, WorkspacePackage } from './types.js';

const shared = (site: CreateSite): boolean => site.once !== undefined && site.once !== 'provider' && !site.dedicated;

export function duplicateSingletons(singletons: readonly SingletonModule[], packages: readonly WorkspacePackage[], facts: ReadonlyMap<string, FileFacts>, root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const named = packages.filter((p): p is WorkspacePackage & { name: string } => p.name !== undefined);
  const dependencyOf = (singleton: SingletonModule, specifier: string) =>
    named.find((p) => p.dir !== singleton.packageDir && (specifier === p.name || specifier.startsWith(`${p.name}/`)));
  for (const singleton of singletons) {
    const creates = (facts.get(singleton.file)?.sites ?? []).filter((s): s is CreateSite => s.type === 'create' && shared(s));
    for (const site of creates) {
      // The client is built from that package's settings (`postgres(dbUrl)`, `dbUrl` imported from it)…
      const dependency = (site.configImports ?? []).map((specifier) => dependencyOf(singleton, specifier)).find((p) => p !== undefined);
      if (!dependency) continue;
      // …and that package shares the same kind of client already.
      const twin = singletons.find((s) => s.packageDir === dependency.dir && (facts.get(s.file)?.sites ?? []).some((t) => t.type === 'create' && shared(t) && t.family === site.family));
      if (!twin) continue;
      out[path.posix.relative(root, singleton.file)] = path.posix.relative(root, twin.file);
      break;
    }
  }
  return out;
}
