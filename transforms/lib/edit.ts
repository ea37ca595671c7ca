// jscodeshift helpers shared by the transforms: find the node at a finding's range, add or merge an
// import in the file's own style, drop imports that became unused, remove statements. Changes are
// recorded as TextEdits (see text.ts) so untouched code keeps its exact bytes.
import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type { Range } from '../../src/core/facts.js';
import { indentAt, insideAny, type TextEdits } from './text.js';
import { isCommonJsFile, isTypeScriptWithoutJsx } from '../../src/core/extensions.js';

/** Babel nodes carry source offsets. */
export type Located = { type: string; start: number; end: number } & Record<string, unknown>;

export function loc(node: unknown): Located {
  return node as Located;
}

/** 'ts' for TypeScript without JSX, 'tsx' for everything else (it parses plain JS and JSX too). */
export function parserFor(file: string): 'ts' | 'tsx' {
  return isTypeScriptWithoutJsx(file) ? 'ts' : 'tsx';
}

export interface Style {
  quote: "'" | '"';
  semicolon: boolean;
  eol: string;
  commonjs: boolean;
}

export function styleOf(file: string, source: string): Style {
  const singles = (source.match(/(?:from|require\(|import\()\s*'/g) ?? []).length;
  const doubles = (source.match(/(?:from|require\(|import\()\s*"/g) ?? []).length;
  const hasImports = /^\s*(?:import|export)\s/m.test(source);
  // Statements that end on their own line: imports and one-line declarations.
  const statements = (source.match(/^[ \t]*(?:import\b|export\s+(?:const|let|\{|\*)|const\b|let\b|var\b).*$/gm) ?? []).map((l) => l.trimEnd()).filter((l) => !/[{(\[,=>+\-*/]$/.test(l));
  return {
    quote: doubles > singles ? '"' : "'",
    semicolon: statements.length === 0 || statements.filter((l) => l.endsWith(';')).length * 2 >= statements.length,
    eol: source.includes('\r\n') ? '\r\n' : '\n',
    commonjs: isCommonJsFile(file) || (!hasImports && /\brequire\s*\(/.test(source) && /\.jsx?$/.test(file)),
  };
}

/** The path of the node that spans exactly `range`, trying node types in order. */
export function pathAt(j: JSCodeshift, root: Collection, range: Range, types: string[]): ASTPath | undefined {
  for (const type of types) {
    const namedType = (j as unknown as Record<string, Parameters<Collection['find']>[0]>)[type];
    if (!namedType) continue;
    let found: ASTPath | undefined;
    root.find(namedType).forEach((p) => {
      const node = loc(p.node);
      if (!found && node.start === range[0] && node.end === range[1]) found = p as ASTPath;
    });
    if (found) return found;
  }
  return undefined;
}

/** Every specifier the file imports or requires, to follow its style. */
export function importSpecifiers(j: JSCodeshift, root: Collection): string[] {
  const out: string[] = [];
  root.find(j.ImportDeclaration).forEach((p) => out.push(String(p.node.source.value)));
  root.find(j.CallExpression, { callee: { type: 'Identifier', name: 'require' } }).forEach((p) => {
    const arg = loc(p.node.arguments[0]);
    if (arg && typeof arg.value === 'string') out.push(arg.value);
  });
  return out;
}

function programBody(root: Collection): Located[] {
  return (root.get().node as { program: { body: Located[] } }).program.body;
}

/** Names bound at module scope (imports, declarations), to detect clashes before hoisting a name. */
export function moduleBindings(j: JSCodeshift, root: Collection): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const statement of programBody(root)) {
    const decl = (statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement) as Located | null;
    if (statement.type === 'ImportDeclaration') {
      for (const spec of (statement.specifiers as Array<{ local?: { name: string } }>) ?? []) if (spec.local) out.set(spec.local.name, statement);
    } else if (decl?.type === 'VariableDeclaration') {
      for (const d of decl.declarations as Array<{ id: unknown }>) {
        j(d.id as never)
          .find(j.Identifier)
          .forEach((p) => void out.set(p.node.name, decl));
        const id = loc(d.id);
        if (id.type === 'Identifier') out.set(String(id.name), decl);
      }
    } else if (decl && /^(?:Function|Class|TSEnum)Declaration$/.test(decl.type) && (decl.id as { name?: string } | null)?.name) {
      out.set((decl.id as { name: string }).name, decl);
    }
  }
  return out;
}

export interface ImportRequest {
  specifier: string;
  /** `default`, `*` (namespace), a named export, or `''` for a side-effect import. */
  imported: string;
  local: string;
}

function specifierText({ imported, local }: ImportRequest): string {
  return imported === local ? imported : `${imported} as ${local}`;
}

/**
 * Add imports in the file's style: named ones for the same specifier are grouped, and merged into an
 * existing value import of that specifier. Bindings that are already imported are skipped.
 * Before: `import { a } from './db.js';` → After: `import { a, prisma } from './db.js';`
 */
export function addImports(j: JSCodeshift, root: Collection, edits: TextEdits, requests: readonly ImportRequest[], style: Style): void {
  const seen = new Set<string>();
  const unique = requests.filter((r) => !seen.has(JSON.stringify(r)) && seen.add(JSON.stringify(r)));
  const named = new Map<string, ImportRequest[]>();
  for (const request of unique) {
    if (request.imported === '' || request.imported === '*' || request.imported === 'default') addImport(j, root, edits, [request], style);
    else named.set(request.specifier, [...(named.get(request.specifier) ?? []), request]);
  }
  for (const group of named.values()) addImport(j, root, edits, group, style);
}

function addImport(j: JSCodeshift, root: Collection, edits: TextEdits, group: ImportRequest[], style: Style): void {
  const q = style.quote;
  const semi = style.semicolon ? ';' : '';
  const body = programBody(root);
  const { specifier, imported, local } = group[0]!;
  // A declaration this rewrite removes whole (`import { getDb }` once `getDb()` is gone) takes no more names.
  const existing = body.filter((s) => s.type === 'ImportDeclaration' && loc(s.source).value === specifier && s.importKind !== 'type' && !insideAny(s.start, s.end, edits.removedRanges));
  const isThere = (request: ImportRequest) =>
    existing.some((decl) =>
      ((decl.specifiers as Located[]) ?? []).some((s) => {
        const name = String(loc(s.local).name);
        if (request.imported === '') return true;
        if (request.imported === '*') return s.type === 'ImportNamespaceSpecifier' && name === request.local;
        if (request.imported === 'default') return s.type === 'ImportDefaultSpecifier' && name === request.local;
        return s.type === 'ImportSpecifier' && String(loc(s.imported).name ?? loc(s.imported).value) === request.imported && name === request.local;
      }),
    );
  const wanted = style.commonjs ? group : group.filter((r) => !isThere(r));
  if (wanted.length === 0) return;
  if (style.commonjs) {
    const pattern = imported === '' ? '' : imported === '*' || imported === 'default' ? local : `{ ${wanted.map((r) => (r.imported === r.local ? r.imported : `${r.imported}: ${r.local}`)).join(', ')} }`;
    const text = pattern ? `const ${pattern} = require(${q}${specifier}${q})${semi}` : `require(${q}${specifier}${q})${semi}`;
    const requires = body.filter((s) => s.type === 'VariableDeclaration' && /^\s*(?:const|let|var)[^=]*=\s*require\(/.test(edits.source.slice(s.start, s.end)));
    const surviving = requires.filter((s) => !insideAny(s.start, s.end, edits.removedRanges));
    if (surviving.length === 0 && requires.length > 0) {
      edits.insert(lineStart(edits.source, requires[0]!.start), `${text}${style.eol}`);
      return;
    }
    insertStatement(edits, body, surviving.at(-1), text, style);
    return;
  }
  const list = wanted.map(specifierText).join(', ');
  if (imported !== '*' && imported !== '') {
    for (const decl of existing) {
      const specs = (decl.specifiers as Located[]) ?? [];
      if (specs.some((s) => s.type === 'ImportNamespaceSpecifier')) continue;
      const named = specs.filter((s) => s.type === 'ImportSpecifier');
      const defaults = specs.filter((s) => s.type === 'ImportDefaultSpecifier');
      if (imported === 'default') {
        if (defaults.length > 0) continue;
        // `import { a } from 'x'` → `import local, { a } from 'x'`
        edits.insert(loc(decl).start + 'import '.length, `${local}, `);
        return;
      }
      if (named.length > 0) edits.insert(named.at(-1)!.end, `, ${list}`);
      else if (defaults.length > 0) edits.insert(defaults[0]!.end, `, { ${list} }`);
      else continue;
      return;
    }
  }
  const clause = imported === '' ? '' : imported === '*' ? `* as ${local} from ` : imported === 'default' ? `${local} from ` : `{ ${list} } from `;
  const text = `import ${clause}${q}${specifier}${q}${semi}`;
  const imports = body.filter((s) => s.type === 'ImportDeclaration');
  const surviving = imports.filter((s) => !insideAny(s.start, s.end, edits.removedRanges));
  if (surviving.length === 0 && imports.length > 0) {
    // Every import goes: the new one takes the first one's line.
    edits.insert(lineStart(edits.source, imports[0]!.start), `${text}${style.eol}`);
    return;
  }
  insertStatement(edits, body, surviving.at(-1), text, style);
}

/** After `after` (its own line), or at the top of the module, below any header comments and directives. */
function insertStatement(edits: TextEdits, body: Located[], after: Located | undefined, text: string, style: Style): void {
  if (after) {
    edits.insert(after.end, `${style.eol}${text}`);
    return;
  }
  const directives = body.filter((s) => s.type === 'ExpressionStatement' && typeof s.directive === 'string');
  const first = body.find((s) => !directives.includes(s));
  if (directives.length > 0) {
    edits.insert(directives.at(-1)!.end, `${style.eol}${text}`);
  } else if (first) {
    // Leading comments of the first statement stay above: insert at the statement itself.
    const at = lineStart(edits.source, first.start);
    edits.insert(at, `${text}${style.eol}${style.eol}`);
  } else {
    edits.insert(edits.source.length, `${text}${style.eol}`);
  }
}

function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Remove import specifiers (and then empty declarations or requires) of `modules` whose local name
 * has no use left outside the ranges already removed. `import type` is kept: it costs nothing.
 * Before: `import { PrismaClient } from '@prisma/client'` with no other use → After: (line removed)
 */
export function removeUnusedImports(j: JSCodeshift, root: Collection, edits: TextEdits, modules: ReadonlySet<string>): void {
  const body = programBody(root);
  const used = (name: string, declaration: Located) => isUsed(j, root, name, declaration, edits.removedRanges);
  const importsOf = new Set<string>();
  for (const decl of body) {
    if (decl.type === 'ImportDeclaration' && modules.has(String(loc(decl.source).value))) {
      for (const s of (decl.specifiers as Located[]) ?? []) importsOf.add(String(loc(s.local).name));
    }
  }
  // Re-bindings and requires first: `const { PrismaClient } = pkg`, `const { Pool } = require('pg')`.
  for (const decl of body) {
    if (decl.type !== 'VariableDeclaration' || (decl.declarations as Located[]).length !== 1) continue;
    const declarator = (decl.declarations as Located[])[0]!;
    const init = loc(declarator.init ?? {});
    const callee = init.callee ? loc(init.callee) : undefined;
    const arg = (init.arguments as Located[] | undefined)?.[0];
    const fromRequire = init.type === 'CallExpression' && callee?.name === 'require' && arg !== undefined && modules.has(String(arg.value));
    const fromImport = init.type === 'Identifier' && importsOf.has(String(init.name));
    if (!fromRequire && !fromImport) continue;
    const id = loc(declarator.id);
    const names = id.type === 'Identifier' ? [String(id.name)] : ((id.properties as Located[]) ?? []).map((p) => String(loc(p.value ?? {}).name));
    if (names.length > 0 && names.every((name) => name !== 'undefined' && !used(name, decl))) edits.removeStatement(decl.start, decl.end, { keepBlankLine: true });
  }
  for (const decl of body) {
    if (decl.type !== 'ImportDeclaration' || decl.importKind === 'type' || !modules.has(String(loc(decl.source).value))) continue;
    const specs = (decl.specifiers as Located[]) ?? [];
    const unused = specs.filter((s) => s.importKind !== 'type' && !used(String(loc(s.local).name), decl));
    if (unused.length === 0) continue;
    if (unused.length === specs.length) {
      edits.removeStatement(decl.start, decl.end, { keepBlankLine: true });
      continue;
    }
    for (const spec of unused) removeListItem(edits, specs, spec);
  }
}

/** Remove one item of a comma-separated list with its comma. */
function removeListItem(edits: TextEdits, items: Located[], item: Located): void {
  const index = items.indexOf(item);
  if (index > 0) edits.replace(items[index - 1]!.end, item.end, '');
  else if (items[index + 1]) edits.replace(item.start, items[index + 1]!.start, '');
  else edits.replace(item.start, item.end, '');
}

function isUsed(j: JSCodeshift, root: Collection, name: string, declaration: Located, removed: ReadonlyArray<readonly [number, number]>): boolean {
  const uses = root.find(j.Identifier, { name }).filter((p) => {
    const node = loc(p.node);
    if (node.start >= declaration.start && node.end <= declaration.end) return false;
    if (insideAny(node.start, node.end, removed)) return false;
    const parent = p.parent?.node as { type: string; property?: unknown; key?: unknown; computed?: boolean; shorthand?: boolean } | undefined;
    // `obj.name` and `{ name: 1 }` keys are not uses of the binding.
    if ((parent?.type === 'MemberExpression' || parent?.type === 'OptionalMemberExpression') && parent.property === p.node && !parent.computed) return false;
    if ((parent?.type === 'ObjectProperty' || parent?.type === 'Property') && parent.key === p.node && !parent.computed && !parent.shorthand) return false;
    return true;
  });
  return uses.size() > 0 || root.find(j.JSXIdentifier, { name }).filter((p) => !insideAny(loc(p.node).start, loc(p.node).end, removed)).size() > 0;
}

/**
 * Remove a statement; then drop a `finally {}` it leaves empty, and unwrap a `try` left with
 * neither `catch` nor `finally`.
 * Before: `try {\n  a();\n} finally {\n  await sql.end();\n}` → After: `a();`
 */
export function removeStatementPath(edits: TextEdits, statement: ASTPath, alsoRemoved: ReadonlySet<unknown> = new Set()): void {
  const block = statement.parent;
  const tryPath = block?.parent;
  const tryNode = tryPath?.node.type === 'TryStatement' ? loc(tryPath.node) : undefined;
  const finalizer = tryNode?.finalizer as Located | null | undefined;
  if (tryNode && finalizer && finalizer === block?.node) {
    const remaining = (finalizer.body as Located[]).filter((s) => s !== statement.node && !alsoRemoved.has(s));
    const described = closeComment(edits.source, loc(statement.node).start);
    const own = edits.source.slice(described?.[0] ?? loc(statement.node).start, loc(statement.node).end);
    const hasComments = /\/\/|\/\*/.test(edits.source.slice(finalizer.start, finalizer.end).replace(own, ''));
    if (remaining.length === 0 && !hasComments) {
      if (alsoRemoved.size > 0 && [...alsoRemoved].some((s) => (finalizer.body as unknown[]).includes(s) && s !== statement.node)) {
        // A sibling close in the same finally was already handled with the whole block.
        return;
      }
      const tryBlock = loc(tryNode.block);
      const handler = tryNode.handler ? loc(tryNode.handler) : undefined;
      if (handler) {
        edits.replace(handler.end, finalizer.end, '');
      } else {
        // Unwrap: the try block's statements take the try statement's place, one indent less.
        const inner = edits.source.slice(tryBlock.start + 1, tryBlock.end - 1);
        const outerIndent = indentAt(edits.source, tryNode.start);
        const statements = tryBlock.body as Located[];
        const innerIndent = statements[0] ? indentAt(edits.source, statements[0].start) : outerIndent;
        const dedented = inner
          .split(/\r?\n/)
          .map((line) => (line.startsWith(innerIndent) ? outerIndent + line.slice(innerIndent.length) : line))
          .join(edits.source.includes('\r\n') ? '\r\n' : '\n')
          .trim();
        edits.replace(tryNode.start, tryNode.end, dedented);
      }
      return;
    }
  }
  const start = loc(statement.node).start;
  edits.removeStatement(start, loc(statement.node).end);
  // `// Disconnect from the database` right above the close describes it: it goes with it.
  const comment = closeComment(edits.source, start);
  if (comment) edits.replace(comment[0], comment[1], '');
}

/** Words a comment uses to describe closing a client. */
const CLOSE_WORDS = /\b(?:dis)?connect(?:ion|s|ed)?\b|\bclos(?:e|es|ed|ing)\b|\bend(?:s|ed|ing)?\b|\bquit\b|\brelease\b|\bshut\s*down\b|\btear\s*down\b|\bclean\s*up\b/i;

/**
 * The whole-line comments directly above the statement at `start` (no blank line between), when they
 * speak of closing: the range from the first one's line start to the statement's line start.
 */
export function closeComment(source: string, start: number): [number, number] | undefined {
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  if (source.slice(lineStart, start).trim() !== '') return undefined;
  let first = lineStart;
  for (;;) {
    if (first === 0) break;
    const previous = source.lastIndexOf('\n', first - 2) + 1;
    const line = source.slice(previous, first - 1).replace(/\r$/, '').trim();
    if (!/^\/\/(?!\s*(?:eslint|@ts-|prettier|istanbul|c8))/.test(line) && !/^\/\*(?:(?!\*\/).)*\*\/$/.test(line)) break;
    first = previous;
  }
  if (first === lineStart || !CLOSE_WORDS.test(source.slice(first, lineStart))) return undefined;
  return [first, lineStart];
}

/** A name not bound at module scope: `prisma`, else `prismaShared`, `prismaShared2`, … */
export function uniqueName(j: JSCodeshift, root: Collection, wanted: string): string {
  const taken = moduleBindings(j, root);
  if (!taken.has(wanted)) return wanted;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${wanted}Shared` : `${wanted}Shared${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}
