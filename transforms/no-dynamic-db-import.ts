// no-dynamic-db-import: `const { prisma } = await import('../lib/prisma.js')`, `(await import(…)).db`
// and `import(…).then(m => m.db)` become a static import at the top; a dynamic import that duplicates
// an existing static import just goes. Not hoisted when that would create an import cycle.
import type { ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import { analyseFile } from '../src/project/analyse.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { display, importPath, resolveSpecifier } from '../src/project/specifier.js';
import { addImports, loc, moduleBindings, pathAt, styleOf, uniqueName, type ImportRequest } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';
import { findingsToRewrite, jscodeshiftTransform } from './lib/transform.js';

const RULE = 'no-dynamic-db-import' as const;

type Plan = { imports: ImportRequest[]; apply: (edits: TextEdits) => void };

/** How to replace one `import(…)`, or why it cannot be. */
function plan(j: JSCodeshift, root: ReturnType<JSCodeshift>, call: ASTPath, specifier: string): Plan | string {
  const awaited = call.parent?.node.type === 'AwaitExpression' ? call.parent : undefined;
  const holder = awaited?.parent;
  const bindings = moduleBindings(j, root);
  const free = (name: string, imported: string) => {
    const owner = bindings.get(name) as { type?: string; source?: { value?: string }; specifiers?: Array<{ local?: { name: string }; imported?: { name: string }; type: string }> } | undefined;
    if (!owner) return true;
    // Already imported statically from the same module under the same name: the dynamic one duplicates it.
    return owner.type === 'ImportDeclaration' && owner.source?.value === specifier && (owner.specifiers ?? []).some((s) => s.local?.name === name && (imported === '*' ? s.type === 'ImportNamespaceSpecifier' : s.imported?.name === imported || (imported === 'default' && s.type === 'ImportDefaultSpecifier')));
  };
  // const { prisma, db: database } = await import('…')
  if (awaited && holder?.node.type === 'VariableDeclarator' && holder.parent?.node.type === 'VariableDeclaration' && (holder.parent.node as { declarations: unknown[] }).declarations.length === 1) {
    const id = (holder.node as { id: { type: string; name?: string; properties?: Array<{ type: string; key: { type: string; name?: string }; value: { type: string; name?: string }; computed?: boolean }> } }).id;
    const statement = holder.parent;
    if (id.type === 'Identifier') {
      if (!free(id.name!, '*')) return `\`${id.name}\` is already declared at module scope`;
      return { imports: [{ specifier, imported: '*', local: id.name! }], apply: (edits) => edits.removeStatement(loc(statement.node).start, loc(statement.node).end) };
    }
    if (id.type === 'ObjectPattern') {
      const imports: ImportRequest[] = [];
      for (const prop of id.properties ?? []) {
        if ((prop.type !== 'ObjectProperty' && prop.type !== 'Property') || prop.computed || prop.key.type !== 'Identifier' || prop.value.type !== 'Identifier') return 'the destructuring is not a plain list of names';
        if (!free(prop.value.name!, prop.key.name!)) return `\`${prop.value.name}\` is already declared at module scope (name clash)`;
        imports.push({ specifier, imported: prop.key.name!, local: prop.value.name! });
      }
      return { imports, apply: (edits) => edits.removeStatement(loc(statement.node).start, loc(statement.node).end) };
    }
  }
  // (await import('…')).db
  if (awaited && holder?.node.type === 'MemberExpression' && (holder.node as { object: unknown }).object === awaited.node && !(holder.node as { computed?: boolean }).computed) {
    const name = (holder.node as { property: { name: string } }).property.name;
    const declarator = holder.parent?.node.type === 'VariableDeclarator' ? holder.parent : undefined;
    const declaredAs = declarator ? loc(loc(declarator.node).id) : undefined;
    const statement = declarator?.parent;
    // `const db = (await import('…')).db` → the imported `db` replaces the local one.
    if (declaredAs?.type === 'Identifier' && declaredAs.name === name && statement && (loc(statement.node).declarations as unknown[]).length === 1) {
      if (!free(name, name)) return `\`${name}\` is already declared at module scope (name clash)`;
      return { imports: [{ specifier, imported: name, local: name }], apply: (edits) => edits.removeStatement(loc(statement.node).start, loc(statement.node).end) };
    }
    // Elsewhere, a local binding of the same name would shadow the import: use a fresh name.
    const shadowed = (holder as unknown as { scope?: { lookup(n: string): { isGlobal?: boolean } | null } }).scope?.lookup(name);
    const local = !free(name, name) || (shadowed && !shadowed.isGlobal) ? uniqueName(j, root, `${name}Shared`) : name;
    return { imports: [{ specifier, imported: name, local }], apply: (edits) => edits.replace(loc(holder.node).start, loc(holder.node).end, local) };
  }
  // await import('./lib/db'); — loaded for its side effects
  if (awaited && holder?.node.type === 'ExpressionStatement') {
    return { imports: [{ specifier, imported: '', local: '' }], apply: (edits) => edits.removeStatement(loc(holder.node).start, loc(holder.node).end) };
  }
  // Anything else (`import(…).then(m => m.db)`): a namespace import, and the promise of it.
  const local = uniqueName(j, root, `${specifier.replace(/^.*\//, '').replace(/\W+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')) || 'db'}Module`);
  return {
    imports: [{ specifier, imported: '*', local }],
    apply: (edits) => edits.replace(loc(call.node).start, loc(call.node).end, `Promise.resolve(${local})`),
  };
}

export const rewrite = withLf(rewriteLf);

function rewriteLf(file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { facts, findings } = analyseFile(file.path, file.source, context.policy);
  const mine = findingsToRewrite(findings, RULE, context);
  if (mine.length === 0) return result;
  const style = styleOf(file.path, file.source);
  const root = j(file.source);
  const plans: Plan[] = [];
  for (const finding of mine) {
    const site = facts.sites.find((s) => s.type === 'dynamic-import' && s.range[0] === finding.range[0]);
    const specifier = site?.type === 'dynamic-import' ? site.specifier : '';
    const unsafe = (reason: string) => result.unsafe.push({ ruleId: RULE, range: finding.range, reason });
    const why = statedReason(file.source, finding.range[0]);
    if (why) {
      unsafe(`${why}, so it is left dynamic: make it static by hand if that reason no longer holds`);
      continue;
    }
    const target = resolveSpecifier(file.path, specifier);
    const cycle = target && importPath(target, file.path);
    if (cycle) {
      unsafe(`a static import would create an import cycle: ${[file.path, ...cycle].map((f) => display(f, context.policy.root)).join(' → ')}`);
      continue;
    }
    const call = pathAt(j, root, finding.range, ['ImportExpression', 'CallExpression']);
    if (!call) {
      unsafe('could not locate the import() to rewrite');
      continue;
    }
    const planned = plan(j, root, call, specifier);
    if (typeof planned === 'string') {
      unsafe(planned);
      continue;
    }
    plans.push(planned);
    result.rewritten.push({ ruleId: RULE, range: finding.range });
  }
  if (plans.length === 0) return result;
  const edits = new TextEdits(file.source);
  for (const p of plans) p.apply(edits);
  addImports(j, root, edits, plans.flatMap((p) => p.imports), style);
  result.output = edits.apply();
  return result;
}

/** Words in a comment that say an import is dynamic on purpose (a bundle split, a cycle, a cold start). */
const DELIBERATE = /\b(?:dynamic(?:ally)?|lazy|lazily|bundle|bundled|bundler|client[- ]side|edge|cycle|circular|cold[- ]start|tree[- ]?shak\w*|code[- ]split\w*|on demand|only when)\b/i;

/**
 * Why the file or a comment beside the `import()` says it is dynamic: a `'use client'` / `'use server'`
 * module (a bundle boundary), or a comment on its line or in the comment block right above it.
 */
function statedReason(source: string, at: number): string | undefined {
  if (/^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*['"]use (?:client|server)['"]/.test(source)) return "the module is a `'use client'` / `'use server'` bundle boundary";
  const lines = source.split('\n');
  let index = source.slice(0, at).split('\n').length - 1;
  const near = [lines[index] ?? ''];
  while (index > 0 && /^\s*(?:\/\/|\/?\*)/.test(lines[index - 1]!)) near.unshift(lines[--index]!);
  const comments = near.join('\n').match(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|^\s*\*[^\n]*/gm) ?? [];
  const stated = comments.find((comment) => DELIBERATE.test(comment));
  return stated ? `a comment beside it says why it is dynamic (${stated.replace(/^\s*\/?[/*]+\s*|\s*\*\/$/g, '').trim().slice(0, 80)})` : undefined;
}

export default jscodeshiftTransform(RULE, rewrite);
