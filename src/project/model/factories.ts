// Phase 2 of the project model: parse each file that imports a client module once, keep its facts,
// and note what it does with clients: creates one once, shares one, or is a factory that opens one.
import path from 'node:path';
import picomatch from 'picomatch';
import { isFactorySite } from '../../core/checks/factory.js';
import type { CreateSite, FileFacts } from '../../core/facts.js';
import { DEFAULT_EXEMPT_FILES, type Policy } from '../../core/policy.js';
import { parseSource } from '../../estree/parse.js';
import { extractFacts } from '../../estree/extract/index.js';
import { sharedClientsFromFacts } from '../../estree/shared-clients.js';
import { returnedByItsFunction } from '../../estree/returned.js';
import type { ProjectSource } from './source.js';
import type { FactoryInfo } from './types.js';
import { mayCreateClient } from '../../core/prefilter.js';

export interface ClientFiles {
  /** The facts of every file that imports a client module (under the settings the model started with). */
  facts: Map<string, FileFacts>;
  /** Files that create a client once (module scope, cached, called once; not a DI provider). */
  creators: ReadonlySet<string>;
  /** Files that create a client and export it for others to share. */
  exportedCreators: ReadonlySet<string>;
  /** Factories in file order, callers not yet known. */
  factories: FactoryInfo[];
}

/** Tests, scripts and the other files the rules exempt never hold a factory nor the singleton. */
export function exemptMatcher(root: string): (file: string) => boolean {
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES], { dot: true });
  return (file) => exempt(path.posix.relative(root, file));
}

export function scanClientFiles(files: readonly string[], source: ProjectSource, policy: Policy, isExempt: (file: string) => boolean): ClientFiles {
  const facts = new Map<string, FileFacts>();
  const creators = new Set<string>();
  const exportedCreators = new Set<string>();
  const factories = new Map<string, FactoryInfo>();
  for (const file of files) {
    if (!source.specifiersOf(file).some((specifier) => policy.isClientModule(file, specifier))) continue;
    const text = source.textOf(file);
    // Only a file that binds and uses a creator can create a client: `import { Prisma }` for types
    // is most of a Prisma monorepo, and parsing it would be most of the model's time.
    if (!mayCreateClient(text, file, policy)) continue;
    let parsed;
    try {
      parsed = parseSource(file, text);
    } catch {
      continue; // `check` reports the parse error itself
    }
    const fileFacts = extractFacts({ ast: parsed.ast, scopeManager: parsed.scopeManager, text, filename: file, policy });
    facts.set(file, fileFacts);
    const creates = fileFacts.sites.filter((s): s is CreateSite => s.type === 'create');
    if (creates.some((s) => s.once !== undefined && s.once !== 'provider')) creators.add(file);
    if (sharedClientsFromFacts(parsed.ast, fileFacts.sites, text).length > 0) exportedCreators.add(file);
    const exemptFile = isExempt(file);
    for (const site of creates) {
      if (!isFactorySite({ site, exemptFile, returned: returnedByItsFunction(parsed.ast, site.range) })) continue;
      const name = site.fn!.name!;
      const key = `${file}\0${name}`;
      if (!factories.has(key)) factories.set(key, { name, file, kind: site.kind, client: site.client, callers: [] });
    }
  }
  return { facts, creators, exportedCreators, factories: [...factories.values()] };
}
