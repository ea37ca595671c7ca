// Phase 5 of the project model: a package's own singleton that duplicates a workspace dependency's.
// An app whose `server/db.ts` builds `postgres(dbUrl)` with `dbUrl` imported from `@acme/server`, while
// `@acme/server` shares a postgres.js pool of its own, holds two pools to one database in one process:
// the app's module is the second one, though it looks like a singleton on its own. Only when the
// connection settings come from that package (the same database for certain), never by name alone.
import path from 'node:path';
import type { CreateSite, FileFacts } from '../../core/facts.js';
import { rawArguments } from '../../estree/shared-clients.js';
import type { ProjectSource } from './source.js';
import type { SingletonModule, WorkspacePackage } from './types.js';

/** `import a, { b as c, type D } from 'x'`, `import * as ns from 'x'`: group 1 the clause, 3 the specifier. */
const IMPORT = /\bimport\s+(?!type\s)([\w$]+\s*,?\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?|\{[^}]*\}|\*\s*as\s+[\w$]+)\s*from\s*(['"])([^'"\n]+)\2/g;

/** Local names an import clause binds. */
function localNames(clause: string): string[] {
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(clause);
  if (braces) {
    for (const item of braces[1]!.split(',')) {
      const parts = item.trim().split(/\s+as\s+/);
      const local = parts[parts.length - 1]!.trim();
      if (local && !/^type\s/.test(item.trim())) names.push(local);
    }
  }
  const namespace = /\*\s*as\s+([\w$]+)/.exec(clause);
  if (namespace) names.push(namespace[1]!);
  const defaultName = /^([\w$]+)/.exec(clause.trim());
  if (defaultName && !clause.trim().startsWith('{') && !clause.trim().startsWith('*')) names.push(defaultName[1]!);
  return names;
}

const shared = (site: CreateSite): boolean => site.once !== undefined && site.once !== 'provider' && !site.dedicated;

export function duplicateSingletons(singletons: readonly SingletonModule[], packages: readonly WorkspacePackage[], facts: ReadonlyMap<string, FileFacts>, source: ProjectSource, root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const named = packages.filter((p): p is WorkspacePackage & { name: string } => p.name !== undefined);
  for (const singleton of singletons) {
    const creates = (facts.get(singleton.file)?.sites ?? []).filter((s): s is CreateSite => s.type === 'create' && shared(s));
    if (creates.length === 0) continue;
    const text = source.textOf(singleton.file);
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[3]!;
      const dependency = named.find((p) => p.dir !== singleton.packageDir && (specifier === p.name || specifier.startsWith(`${p.name}/`)));
      if (!dependency) continue;
      const imported = localNames(match[1]!);
      // The client is built from that package's settings (`postgres(dbUrl)`, `dbUrl` from it).
      const built = creates.filter((site) => imported.some((name) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(rawArguments(text, site))));
      if (built.length === 0) continue;
      // …and that package shares the same kind of client already.
      const twin = singletons.find(
        (s) => s.packageDir === dependency.dir && (facts.get(s.file)?.sites ?? []).some((t) => t.type === 'create' && shared(t) && built.some((b) => b.family === t.family)),
      );
      if (!twin) continue;
      out[path.posix.relative(root, singleton.file)] = path.posix.relative(root, twin.file);
      break;
    }
  }
  return out;
}
