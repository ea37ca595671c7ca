// The loop both client transforms share: find this rule's create sites, leave factories and
// offenders whose options would be lost (reporting why), then let the transform rewrite the rest and
// tidy the imports once at the end.
import type { Collection, FileInfo, JSCodeshift } from 'jscodeshift';
import type { CreateSite } from '../../src/core/facts.js';
import type { RuleId } from '../../src/core/findings.js';
import { analyseFile } from '../../src/project/analyse.js';
import type { FixContext } from '../../src/codemod/types.js';
import type { SharedClient } from '../../src/estree/shared-clients.js';
import type { RewriteResult } from '../../src/codemod/types.js';
import { factoryArgumentsDiffer, factoryCallEquivalent, factoryReason, factoryWrappedDifferently, optionLoss, sharedFor } from '../../src/codemod/shared-client.js';
import { bindingAt, wrappingChain } from '../../src/estree/shared-clients.js';
import { addImports, importSpecifiers, removeUnusedImports, styleOf, type ImportRequest, type Style } from './edit.js';
import { TextEdits } from './text.js';
import { findingsToRewrite } from './transform.js';

export interface ClientRewrite {
  file: FileInfo;
  j: JSCodeshift;
  root: Collection;
  style: Style;
  /** Specifiers the file already imports, to follow its style. */
  specifiers: string[];
  edits: TextEdits;
  /** Imports to add once every site is done (grouped per module). */
  imports: ImportRequest[];
  site: CreateSite;
  singleton: string;
  shared: SharedClient;
}

/** Returns a reason to leave the site, or undefined once it has recorded its edits. */
export type SiteRewriter = (rewrite: ClientRewrite) => string | undefined;

export function rewriteClientSites(
  ruleId: RuleId,
  file: FileInfo,
  j: JSCodeshift,
  context: FixContext,
  rewriteSite: SiteRewriter,
  precheck: (site: CreateSite) => string | undefined = () => undefined,
): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { facts, findings, ast } = analyseFile(file.path, file.source, context.policy);
  const mine = findingsToRewrite(findings, ruleId, context);
  if (mine.length === 0) return result;
  const style = styleOf(file.path, file.source);
  const root = j(file.source);
  const specifiers = importSpecifiers(j, root);
  const edits = new TextEdits(file.source);
  const imports: ImportRequest[] = [];
  const touchedModules = new Set<string>();

  for (const finding of mine) {
    let site = facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0] && s.range[1] === finding.range[1])!;
    const leave = (reason: string) => result.unsafe.push({ ruleId, range: finding.range, reason });
    if (finding.messageId === 'secondSharedClient') {
      // Its importers would have to move to the other package's export (whose name and shape may differ).
      leave(`\`${context.policy.duplicateOf(file.path)}\` already shares this client: export it from there under the name this module's importers use, or point them at it, then delete this one`);
      continue;
    }
    let target = sharedFor(file.path, site, context, file.source);
    if (site.factory && 'reason' in target) {
      // `getDb()` whose own module already exports what it builds: import that export instead.
      const equivalent = factoryCallEquivalent(file.source, site, context);
      if (!('shared' in equivalent)) {
        leave(factoryReason(site, context, equivalent.reason));
        continue;
      }
      target = equivalent;
      site = { ...site, factory: false };
    }
    if ('reason' in target) {
      leave(target.reason);
      continue;
    }
    // `postgres(url, { max })` with `max` a parameter means something else in the shared module.
    if (site.localNames && site.localNames.length > 0) {
      leave(`its arguments use ${site.localNames.map((n) => `\`${n}\``).join(', ')}, bound in \`${site.fn?.name ?? 'its function'}\`: the shared client cannot take them, so it is left as is`);
      continue;
    }
    // A factory call becomes the shared instance only when the arguments and the wrapping match the
    // module that shares it (`drizzle(createDbConnection())` there and here).
    const loss = context.acceptOptionLoss && !site.factory ? undefined : optionLoss(file.source, site, target.shared, target.singleton, context.policy.root);
    if (loss) {
      leave(site.factory ? `${factoryArgumentsDiffer(site, target)}` : loss);
      continue;
    }
    if (site.factory) {
      const match = wrappingChain(ast, file.source, site.range).find((link) => link.wrapper === target.shared.wrapper);
      if (!match) {
        leave(factoryWrappedDifferently(site, target, context));
        continue;
      }
      site = { ...site, range: match.range, binding: bindingAt(ast, match.range), factory: false };
    }
    const early = precheck(site);
    if (early) {
      leave(early);
      continue;
    }
    const reason = rewriteSite({ file, j, root, style, specifiers, edits, imports, site, singleton: target.singleton, shared: target.shared });
    if (reason) {
      leave(reason);
      continue;
    }
    touchedModules.add(site.module);
    // What wrapped the factory call (`drizzle` in `drizzle(createDbConnection())`) may be unused now.
    if (site.range[0] !== finding.range[0] || site.range[1] !== finding.range[1]) {
      for (const module of modulesNamedIn(j, root, file.source.slice(site.range[0], site.range[1]))) touchedModules.add(module);
    }
    result.rewritten.push({ ruleId, range: finding.range });
  }
  if (edits.size === 0) return result;
  removeUnusedImports(j, root, edits, touchedModules);
  addImports(j, root, edits, imports, style);
  result.output = edits.apply();
  return result;
}

/** The modules of the imports whose local names occur in `text`. */
function modulesNamedIn(j: JSCodeshift, root: Collection, text: string): string[] {
  const out: string[] = [];
  root.find(j.ImportDeclaration).forEach((p) => {
    const names = (p.node.specifiers ?? []).map((s) => String(s.local?.name ?? ''));
    if (names.some((name) => name && new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(text))) out.push(String(p.node.source.value));
  });
  return out;
}
