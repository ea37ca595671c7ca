// The facts the finished model hands on (`poolguard budget` counts their create sites): those of
// phase 2, plus the calls of the factories the model found, which only its final settings can see.
import type { FileFacts } from '../../core/facts.js';
import type { FactorySetting, PoolguardSettings } from '../../core/policy.js';
import { parseSource } from '../../estree/parse.js';
import { extractFacts } from '../../estree/extract/index.js';
import { projectPolicy } from '../policy.js';
import type { ClientFiles } from './factories.js';
import type { ProjectSource } from './source.js';

export interface FinalFactsInput {
  files: readonly string[];
  source: ProjectSource;
  clients: ClientFiles;
  root: string;
  /** The settings the model ends with. */
  settings: PoolguardSettings;
  /** The factories the model added to them. */
  inferred: readonly FactorySetting[];
}

/**
 * The facts of every file that imports a client module under the final settings. Only the factories
 * change which files those are and what they create (singletons change close and import facts, not
 * create sites), so a file that never names a factory the model found keeps its phase-2 facts.
 */
export function finalFacts({ files, source, clients, root, settings, inferred }: FinalFactsInput): Map<string, FileFacts> {
  if (inferred.length === 0) return clients.facts;
  const policy = projectPolicy(settings, root);
  const facts = new Map<string, FileFacts>();
  for (const file of files) {
    if (!source.specifiersOf(file).some((specifier) => policy.isClientModule(file, specifier))) continue;
    const text = source.textOf(file);
    // A call of a factory names it: `import { createDb }`, `db.createDb()`, `db['createDb']`.
    if (!inferred.some((factory) => text.includes(factory.name))) {
      const known = clients.facts.get(file);
      if (known) facts.set(file, known);
      continue;
    }
    let parsed;
    try {
      parsed = parseSource(file, text);
    } catch {
      continue; // `check` reports the parse error itself
    }
    facts.set(file, extractFacts({ ast: parsed.ast, scopeManager: parsed.scopeManager, text, filename: file, policy }));
  }
  return facts;
}
