// Workspace packages that re-export a client package: `export * from '@prisma/client'` (or
// `export { PrismaClient } from '@prisma/client'`) in `@acme/database`'s entry point. An app that
// imports `PrismaClient` from `@acme/database` creates a Prisma client like one importing it directly.
import { moduleSpec } from '../../core/clients.js';
import { REEXPORT, type ProjectSource } from './source.js';
import type { WorkspacePackage } from './types.js';

export function clientReexports(packages: readonly WorkspacePackage[], source: ProjectSource): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of packages) {
    if (!pkg.name || !pkg.entry || moduleSpec(pkg.name)) continue;
    const text = source.textOf(pkg.entry);
    if (!text.includes('export')) continue;
    for (const match of text.matchAll(REEXPORT)) {
      const specifier = match[3]!;
      // `export * as Prisma from '@prisma/client'` puts the client under a namespace, not at the top.
      if (!match[1]!.startsWith('* as') && moduleSpec(specifier)) {
        out[pkg.name] = specifier;
        break;
      }
    }
  }
  return out;
}
