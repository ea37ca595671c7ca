// no-client-per-request: a client created per call uses the shared instance instead. In a handler,
// `const sql = postgres(url)` goes (the shared `sql` is imported) and so does that handler's
// `sql.end()`; a `getDb()`-style factory returns the shared instance, so call sites need no change.
import path from 'node:path';
import type { ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import { CLOSE_METHODS } from '../src/core/clients.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { specifierFor } from '../src/project/specifier.js';
import { rewriteClientSites, type ClientRewrite } from './lib/client-sites.js';
import { loc, pathAt, removeStatementPath, uniqueName } from './lib/edit.js';
import { withLf } from './lib/text.js';
import { jscodeshiftTransform } from './lib/transform.js';
import { closeStatement } from './no-close-in-handler.js';

const RULE = 'no-client-per-request' as const;

function enclosingFunction(p: ASTPath): ASTPath | undefined {
  for (let current = p.parent; current; current = current.parent) {
    if (/Function|ArrowFunction|ClassProperty|PropertyDefinition|ClassMethod|ObjectMethod/.test(current.node.type)) return current;
  }
  return undefined;
}

export const rewrite = withLf((file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult => rewriteClientSites(RULE, file, j, context, rewriteSite));

/** The per-call client becomes the shared one; its declaration and its close in that function go. */
function rewriteSite({ file, j, root, edits, imports, specifiers, site, singleton, shared }: ClientRewrite): string | undefined {
  const expression = pathAt(j, root, site.range, ['NewExpression', 'CallExpression']);
  if (!expression) return 'could not locate the expression to rewrite';
  const self = path.resolve(singleton) === path.resolve(file.path);
  if (self && shared.exportName === 'default') return 'the shared instance is a default export of this module; return it by hand';
  let local = shared.exportName;
  if (!self) {
    const specifier = specifierFor(file.path, singleton, specifiers);
    const existing = root.find(j.ImportDeclaration, { source: { value: specifier } }).find(j.ImportSpecifier, { imported: { name: shared.exportName } });
    local = existing.size() > 0 ? String(existing.get().node.local?.name ?? shared.exportName) : uniqueName(j, root, site.binding?.name ?? shared.exportName);
    if (existing.size() === 0 && !imports.some((r) => r.local === local)) imports.push({ specifier, imported: shared.exportName, local });
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
  return undefined;
}

export default jscodeshiftTransform(RULE, rewrite);
