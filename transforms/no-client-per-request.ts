// no-client-per-request: a client created per call uses the shared instance instead. In a handler,
// `const sql = postgres(url)` goes (the shared `sql` is imported) and so does that handler's
// `sql.end()`; a `getDb()`-style factory returns the shared instance, so call sites need no change.
import path from 'node:path';
import type { API, ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import type { CreateSite } from '../src/core/facts.js';
import { CLOSE_METHODS } from '../src/core/clients.js';
import { analyseSource } from '../src/estree/analyse.js';
import { contextFromOptions } from '../src/codemod/context.js';
import type { FixContext } from '../src/codemod/fix-source.js';
import type { RewriteResult, TransformOptions } from '../src/codemod/types.js';
import { specifierFor } from '../src/project/specifier.js';
import { addImports, importSpecifiers, loc, parserFor, pathAt, removeStatementPath, removeUnusedImports, styleOf, uniqueName, type ImportRequest } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';
import { closeStatement } from './no-close-in-handler.js';
import { factoryReason, optionLoss, sharedFor } from './no-client-outside-singleton.js';

const RULE = 'no-client-per-request' as const;

function enclosingFunction(p: ASTPath): ASTPath | undefined {
  for (let current = p.parent; current; current = current.parent) {
    if (/Function|ArrowFunction|ClassProperty|PropertyDefinition|ClassMethod|ObjectMethod/.test(current.node.type)) return current;
  }
  return undefined;
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
    const target = sharedFor(file.path, site, context, file.source);
    if ('reason' in target) {
      unsafe(target.reason);
      continue;
    }
    const loss = context.acceptOptionLoss ? undefined : optionLoss(file.source, site, target.shared, target.singleton, context.policy.root);
    if (loss) {
      unsafe(loss);
      continue;
    }
    const expression = pathAt(j, root, site.range, ['NewExpression', 'CallExpression']);
    if (!expression) {
      unsafe('could not locate the expression to rewrite');
      continue;
    }
    const self = path.resolve(target.singleton) === path.resolve(file.path);
    if (self && target.shared.exportName === 'default') {
      unsafe('the shared instance is a default export of this module; return it by hand');
      continue;
    }
    let local = target.shared.exportName;
    if (!self) {
      const specifier = specifierFor(file.path, target.singleton, specifiers);
      const existing = root.find(j.ImportDeclaration, { source: { value: specifier } }).find(j.ImportSpecifier, { imported: { name: target.shared.exportName } });
      local = existing.size() > 0 ? String(existing.get().node.local?.name ?? target.shared.exportName) : uniqueName(j, root, site.binding?.name ?? target.shared.exportName);
      if (existing.size() === 0 && !imports.some((r) => r.local === local)) imports.push({ specifier, imported: target.shared.exportName, local });
    }
    const fn = enclosingFunction(expression);
    let holder = expression.parent;
    if (holder?.node.type === 'AwaitExpression') holder = holder.parent;
    const declared = holder?.node.type === 'VariableDeclarator' ? loc(loc(holder.node).id) : undefined;
    const statement = holder?.parent;
    const single = statement?.node.type === 'VariableDeclaration' && (loc(statement.node).declarations as unknown[]).length === 1;
    if (declared?.type === 'Identifier' && declared.name === local && single) {
      // `const sql = postgres(url)` → the imported `sql` takes its place.
      edits.removeStatement(loc(statement.node).start, loc(statement.node).end);
    } else {
      edits.replace(site.range[0], site.range[1], local);
    }
    // The handler's own close of that client goes too: it is the shared one now.
    if (fn && declared?.type === 'Identifier') {
      const name = String(declared.name);
      const closes = j(fn)
        .find(j.CallExpression, { callee: { type: 'MemberExpression', object: { type: 'Identifier', name } } })
        .filter((p) => {
          const property = loc(loc(p.node.callee).property);
          return property.type === 'Identifier' && CLOSE_METHODS.has(String(property.name));
        })
        .paths()
        .map((p) => closeStatement(p))
        .filter((p): p is ASTPath => p !== undefined);
      const all = new Set(closes.map((p) => p.node));
      for (const closing of closes) removeStatementPath(edits, closing, all);
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
