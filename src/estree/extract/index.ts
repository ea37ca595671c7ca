// The one fact extractor: an ESTree Program plus its scope manager → Site[]. Used by the ESLint rules
// (context.sourceCode) and by the codemod and CLI (typescript-estree's parseForESLint), so every
// consumer sees the same sites. Bindings are resolved through the scope manager, never by name.
import type { TSESTree } from '@typescript-eslint/utils';
import type { CloseSite, CreateSite, FileFacts, Site } from '../../core/facts.js';
import { mayHaveFindings } from '../../core/prefilter.js';
import { closedVariables, closeSite, isClosed } from './closes.js';
import { createContext, type ExtractInput } from './context.js';
import { createSite } from './create.js';
import { dynamicImport } from './dynamic-import.js';
import { droppedAfterUse, handedOn } from './handed-on.js';
import { configFromParams } from './params.js';
import { cachedOnGlobalByCaller } from './global-factory.js';
import { findCandidates } from './walk.js';

export type { ExtractInput } from './context.js';

export function extractFacts(input: ExtractInput): FileFacts {
  const facts: FileFacts = { filename: input.filename, sites: [] };
  if (!mayHaveFindings(input.text, input.filename, input.policy, input.hints)) return facts;
  const cx = createContext(input);
  const candidates = findCandidates(input.ast);
  const creates: CreateSite[] = [];
  const others: Site[] = [];
  for (const node of candidates) {
    if (node.type === 'ImportExpression') {
      const site = dynamicImport(cx, node);
      if (site) others.push(site);
      continue;
    }
    const created = createSite(cx, node);
    if (created) creates.push(created);
  }
  // `new PrismaClient({ adapter: new PrismaPg(…) })` is one client: keep the outermost site.
  const outermost = creates.filter(
    (site) => !creates.some((other) => other !== site && other.range[0] <= site.range[0] && site.range[1] <= other.range[1]),
  );
  // Close sites can only be resolved once every create site is known (module clients).
  const closes = candidates
    .filter((node) => node.type === 'CallExpression' && !creates.some((c) => c.range[0] === node.range[0] && c.range[1] === node.range[1]))
    .map((node) => closeSite(cx, node as TSESTree.CallExpression, creates))
    .filter((site): site is CloseSite => site !== undefined);
  const closed = closedVariables(cx, candidates);
  const nodes = new Map(candidates.map((node) => [`${node.range[0]}:${node.range[1]}`, node]));
  for (const site of outermost) {
    const node = nodes.get(`${site.range[0]}:${site.range[1]}`);
    site.closed = node !== undefined && node.type !== 'ImportExpression' && isClosed(cx, node, closed);
    // Called once, but only behind a globalThis read, and it stores its client there: a global cache.
    if (site.once === 'called-once' && node && cachedOnGlobalByCaller(cx, node)) site.once = 'global-cache';
    if (!site.fn || !node || node.type === 'ImportExpression') continue;
    if (configFromParams(cx, node)) site.configFromParams = true;
    // `return knex(config).raw(…)` returns the query, not the client: dropped, not handed on.
    if (!site.closed && droppedAfterUse(cx, node)) site.dropped = true;
    else if (!site.closed && handedOn(cx, node)) site.handedOn = true;
  }
  // `const migrationSql = postgres(url, { max: 1 })` ended by the module's own `applyMigrations()`.
  for (const site of outermost) {
    if (site.once !== 'module-scope' || !site.binding) continue;
    const ends = closes.filter((c) => c.shared === 'module-client' && c.target === site.binding!.name);
    if (ends.length > 0 && ends.every((c) => c.fn !== undefined && !c.fn.shutdown && c.fn.perRequest === false)) site.endedAfterUse = true;
  }
  const sites: Site[] = [...outermost, ...others, ...closes];
  sites.sort((a, b) => a.range[0] - b.range[0]);
  return { filename: input.filename, sites };
}
