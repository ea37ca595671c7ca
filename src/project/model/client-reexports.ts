// Workspace packages that re-export a client package: `export * from '@prisma/client'` (or
// `export { PrismaClient } from '@prisma/client'`) in `@acme/database`'s entry point. An app that
// imports `PrismaClient` from `@acme/database` creates a Prisma client like one importing it directly.
import { moduleSpec } from '../../core/clients.js';
import type { ProjectSource } from './source.js';
import type { WorkspacePackage } from './types.js';

const REEXPORT = /\bexport\s+(?:\*|\{[^}]*\})\s*from\s*(['"])([^'"\n]+)\1/g;

export function clientReexports(packages: readonly WorkspacePackage[], source: ProjectSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of packages) {
    if (!pkg.name || !pkg.entry || moduleSpec(pkg.name)) continue;
    const text = source.textOf(pkg.entry);
    if (!text.includes('export')) continue;
    for (const match of text.matchAll(REEXPORT)) {
      const specifier = match[2]!;
      if (moduleSpec(specifier)) {
        out[pkg.name] = specifier;
        break;
      }
    }
  }
  return out;
}
