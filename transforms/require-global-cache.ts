// require-global-cache: `export const prisma = new PrismaClient(opts)` in a singleton module that the
// dev server hot-reloads becomes the standard cache, options and comments untouched:
//
//   const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
//   export const prisma = globalForPrisma.prisma ?? new PrismaClient(opts);
//   if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
//
// A call (`postgres(url)`, `drizzle(…)`) has no type name to write, so it moves into a local
// `createSql = () => postgres(url)` whose ReturnType types the cache. Anything that is not a
// `const x = …` at the top of the module is reported, not rewritten.
import type { ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import type { CreateSite } from '../src/core/facts.js';
import { analyseFile } from '../src/project/analyse.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { cacheDeclaration, devCondition } from '../src/codemod/global-cache.js';
import { addImports, loc, pathAt, styleOf, uniqueName, type ImportRequest } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';
import { jscodeshiftTransform } from './lib/transform.js';

const RULE = 'require-global-cache' as const;

export const rewrite = withLf(rewriteLf);

const capitalise = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

function rewriteLf(file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { findings, facts, ast } = analyseFile(file.path, file.source, context.policy);
  const mine = findings.filter((f) => f.ruleId === RULE);
  if (mine.length === 0) return result;
  const root = j(file.source);
  const edits = new TextEdits(file.source);
  const typescript = /\.[cm]?tsx?$/.test(file.path);
  const comments = ast.comments ?? [];
  const taken = new Set<string>();
  const imports: ImportRequest[] = [];
  const fresh = (wanted: string) => {
    let name = uniqueName(j, root, wanted);
    for (let i = 2; taken.has(name); i++) name = uniqueName(j, root, `${wanted}${i}`);
    taken.add(name);
    return name;
  };
  for (const finding of mine) {
    const site = facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0]);
    const call = pathAt(j, root, finding.range, ['NewExpression', 'CallExpression']);
    const declarator = call?.parent?.node.type === 'VariableDeclarator' && call.parent.node.init === call.node ? call.parent : undefined;
    const declaration = declarator?.parent as ASTPath | undefined;
    const statement = declaration?.parent?.node.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
    const name = declarator?.node.id.type === 'Identifier' ? (declarator.node.id.name as string) : undefined;
    if (!site || !call || !name || declaration?.node.type !== 'VariableDeclaration' || declaration.node.kind !== 'const' || statement?.parent?.node.type !== 'Program' || declaration.node.declarations.length !== 1) {
      result.unsafe.push({ ruleId: RULE, range: finding.range, reason: 'not a single `const x = …` at the top of the module; cache it on globalThis by hand' });
      continue;
    }
    const callText = file.source.slice(finding.range[0], finding.range[1]);
    const cache = fresh(`globalFor${capitalise(name)}`);
    const before: string[] = [];
    let created = callText;
    const callee = call.node.type === 'NewExpression' ? file.source.slice(loc(call.node.callee).start, loc(call.node.callee).end) : undefined;
    let type: string;
    if (callee && /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(callee)) {
      type = callee; // a class is its instances' type: `PrismaClient`, `pg.Pool`
    } else {
      const factory = fresh(`create${capitalise(name)}`);
      before.push(`const ${factory} = () => ${callText};`);
      created = `${factory}()`;
      type = `ReturnType<typeof ${factory}>`;
    }
    before.push(cacheDeclaration(cache, name, type, typescript));
    const start = leadingCommentsStart(file.source, comments, loc(statement.node).start);
    // After a trailing comment on the statement's last line (`…; // errors only`).
    const rest = /^[ \t]*(?:\/\/[^\n]*|\/\*.*?\*\/[ \t]*)?(?=\r?\n|$)/.exec(file.source.slice(loc(statement.node).end));
    const end = loc(statement.node).end + (rest?.[0].length ?? 0);
    edits.insert(start, `// Cached on globalThis so hot reloads reuse the client instead of opening a new ${site.kind} each time.\n${before.join('\n')}\n\n`);
    edits.replace(finding.range[0], finding.range[1], `${cache}.${name} ?? ${created}`);
    const dev = devCondition(file.path);
    if (dev.import && !imports.some((r) => r.imported === dev.import!.imported)) imports.push({ ...dev.import, local: dev.import.imported });
    edits.insert(end, `\n\nif (${dev.test}) ${cache}.${name} = ${name};`);
    result.rewritten.push({ ruleId: RULE, range: finding.range });
  }
  if (edits.size === 0) return result;
  addImports(j, root, edits, imports, styleOf(file.path, file.source));
  result.output = edits.apply();
  return result;
}

/**
 * Where the cache goes: above the comments directly over the statement, so its doc comment stays on it.
 * `/** The app's one client. *\/\nexport const prisma = …` → the cache, then the comment and the export.
 */
function leadingCommentsStart(source: string, comments: ReadonlyArray<{ range: [number, number] }>, start: number): number {
  for (let moved = true; moved; ) {
    moved = false;
    for (const comment of comments) {
      const [from, to] = comment.range;
      const lineStart = source.lastIndexOf('\n', from - 1) + 1;
      if (to <= start && /^[ \t]*\r?\n[ \t]*$/.test(source.slice(to, start)) && /^[ \t]*$/.test(source.slice(lineStart, from))) {
        start = from;
        moved = true;
      }
    }
  }
  return start;
}

export default jscodeshiftTransform(RULE, rewrite);
