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
import { factoryReason, optionLoss, sharedFor } from '../../src/codemod/shared-client.js';
import { addImports, importSpecifiers, removeUnusedImports, styleOf, type ImportRequest, type Style } from './edit.js';
import { TextEdits } from './text.js';

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
  const { facts, findings } = analyseFile(file.path, file.source, context.policy);
  const mine = findings.filter((f) => f.ruleId === ruleId);
  if (mine.length === 0) return result;
  const style = styleOf(file.path, file.source);
  const root = j(file.source);
  const specifiers = importSpecifiers(j, root);
  const edits = new TextEdits(file.source);
  const imports: ImportRequest[] = [];
  const touchedModules = new Set<string>();

  for (const finding of mine) {
    const site = facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0] && s.range[1] === finding.range[1])!;
    const leave = (reason: string) => result.unsafe.push({ ruleId, range: finding.range, reason });
    const early = site.factory ? factoryReason(site) : precheck(site);
    if (early) {
      leave(early);
      continue;
    }
    const target = sharedFor(file.path, site, context, file.source);
    if ('reason' in target) {
      leave(target.reason);
      continue;
    }
    const loss = context.acceptOptionLoss ? undefined : optionLoss(file.source, site, target.shared, target.singleton, context.policy.root);
    if (loss) {
      leave(loss);
      continue;
    }
    const reason = rewriteSite({ file, j, root, style, specifiers, edits, imports, site, singleton: target.singleton, shared: target.shared });
    if (reason) {
      leave(reason);
      continue;
    }
    touchedModules.add(site.module);
    result.rewritten.push({ ruleId, range: finding.range });
  }
  if (edits.size === 0) return result;
  removeUnusedImports(j, root, edits, touchedModules);
  addImports(j, root, edits, imports, style);
  result.output = edits.apply();
  return result;
}
