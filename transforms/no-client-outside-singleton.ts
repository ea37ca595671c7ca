// no-client-outside-singleton: `const prisma = new PrismaClient()` at module scope becomes an import of
// the shared instance, keeping the local name. Offenders whose options differ from the singleton's are
// left as they are and reported, unless acceptOptionLoss.
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import type { CreateSite } from '../src/core/facts.js';
import { analyseSource } from '../src/estree/analyse.js';
import { contextFromOptions } from '../src/codemod/context.js';
import type { FixContext } from '../src/codemod/fix-source.js';
import { lostArguments, rawArguments, readSingleton, sharedClientsIn, type SharedClient } from '../src/codemod/singleton.js';
import type { RewriteResult, TransformOptions } from '../src/codemod/types.js';
import { specifierFor } from '../src/project/specifier.js';
import { addImports, display, importSpecifiers, loc, parserFor, pathAt, removeUnusedImports, styleOf, type ImportRequest } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';

const RULE = 'no-client-outside-singleton' as const;

/** Why a call of a user-declared factory is left for the user. */
export function factoryReason(site: CreateSite): string {
  return `\`${site.client}\` is a factory declared in your \`factories\` setting, so each call opens a new ${site.kind}: make it return the shared instance (poolguard fix does so when a singleton for its client exists), then remove it from \`factories\``;
}

/** The shared client a site should use instead, or why there is none. */
export function sharedFor(file: string, site: CreateSite, context: FixContext, source?: string): { singleton: string; shared: SharedClient } | { reason: string } {
  const pick = (clients: SharedClient[]) => clients.find((c) => c.family === site.family && c.module === site.module) ?? clients.find((c) => c.family === site.family);
  // A factory inside the singleton module returns the module's own shared instance.
  if (source !== undefined && context.policy.isSingletonFile(file)) {
    const own = pick(sharedClientsIn(file, source, context.policy));
    if (own) return { singleton: file, shared: own };
  }
  const singleton = context.singletonFor(site.family, site.module);
  if (!singleton) return { reason: `no singleton module creates a \`${site.client}\` to import (set singletonModules, or pass --singleton)` };
  const shared = pick(readSingleton(singleton, context.policy));
  if (!shared) return { reason: `\`${display(singleton, context.policy.root)}\` exports no shared \`${site.client}\`` };
  return { singleton, shared };
}

/** Offender options that the singleton does not have: rewriting would silently drop them. */
export function optionLoss(source: string, site: CreateSite, shared: SharedClient, singleton: string, root: string): string | undefined {
  const lost = lostArguments(rawArguments(source, site), shared.rawOptions);
  if (lost.length === 0) return undefined;
  return `passes options the shared instance lacks: \`${lost.join(', ')}\` (\`${display(singleton, root)}\` creates it with \`${shared.options || 'no options'}\`); use --accept-option-loss to rewrite anyway`;
}

export const rewrite = withLf(rewriteLf);

function rewriteLf(file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { facts, findings } = analyseSource(file.path, file.source, context.policy);
  const mine = findings.filter((f) => f.ruleId === RULE);
  if (mine.length === 0) return result;
  const style = styleOf(file.path, file.source);
  const root = j(file.source);
  const specifiers = importSpecifiers(j, root);
  const touchedModules = new Set<string>();
  const edits = new TextEdits(file.source);
  const imports: ImportRequest[] = [];

  for (const finding of mine) {
    const site = facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0] && s.range[1] === finding.range[1])!;
    const unsafe = (reason: string) => result.unsafe.push({ ruleId: RULE, range: finding.range, reason });
    if (site.factory) {
      unsafe(factoryReason(site));
      continue;
    }
    if (site.once !== 'module-scope' || !site.binding) {
      unsafe('not a top-level `const x = …` declaration; move it to the singleton module by hand');
      continue;
    }
    const target = sharedFor(file.path, site, context);
    if ('reason' in target) {
      unsafe(target.reason);
      continue;
    }
    const loss = context.acceptOptionLoss ? undefined : optionLoss(file.source, site, target.shared, target.singleton, context.policy.root);
    if (loss) {
      unsafe(loss);
      continue;
    }
    const declaration = pathAt(j, root, site.binding.range, ['VariableDeclaration']);
    if (!declaration) {
      unsafe('could not locate the declaration to rewrite');
      continue;
    }
    const binding = site.binding;
    const specifier = specifierFor(file.path, target.singleton, specifiers);
    const statement = declaration.parent?.node.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
    imports.push({ specifier, imported: target.shared.exportName, local: binding.name });
    if (statement !== declaration) {
      // `export const prisma = new PrismaClient()` keeps exporting the (now shared) binding.
      edits.replace(loc(statement.node).start, loc(statement.node).end, `export { ${binding.name} }${style.semicolon ? ';' : ''}`);
    } else {
      edits.removeStatement(loc(statement.node).start, loc(statement.node).end);
    }
    touchedModules.add(site.module);
    result.rewritten.push({ ruleId: RULE, range: finding.range });
  }
  if (edits.size === 0) return result;
  removeUnusedImports(j, root, edits, touchedModules);
  addImports(j, root, edits, imports, style);
  result.output = edits.apply();
  return result;
}

export default function transform(file: FileInfo, api: API, options: TransformOptions): string | undefined {
  const j = api.jscodeshift.withParser(parserFor(file.path));
  const result = rewrite(file, j, contextFromOptions(file.path, options));
  // `report` is absent in jscodeshift's testUtils.
  for (const site of result.unsafe) api.report?.(`${file.path}: left as is (${RULE}): ${site.reason}`);
  return result.output;
}
