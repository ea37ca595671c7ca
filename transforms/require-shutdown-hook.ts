// require-shutdown-hook: a long-lived server's singleton module that never closes its clients gets
// one hook at the end of the module that closes them all on SIGINT / SIGTERM, then exits (a process
// with a SIGTERM listener no longer exits by itself):
//
//   for (const signal of ['SIGINT', 'SIGTERM'] as const) {
//     process.once(signal, async () => {
//       await prisma.$disconnect();
//       process.exit(0);
//     });
//   }
//
// A Prisma client on a driver adapter also ends the pool it was given (`$disconnect()` leaves it open).
// A client whose name or close method is unknown (not a top-level `const`, an unfamiliar driver) is
// reported, not guessed.
import type { FileInfo, JSCodeshift, Program } from 'jscodeshift';
import { lifetimeClients } from '../src/core/checks/require-shutdown-hook.js';
import type { Range } from '../src/core/facts.js';
import { analyseFile } from '../src/project/analyse.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { loc } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';
import { jscodeshiftTransform } from './lib/transform.js';
import { closeCall, signalHookLines } from '../src/codemod/shutdown.js';

const RULE = 'require-shutdown-hook' as const;

export const rewrite = withLf(rewriteLf);

function rewriteLf(file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { findings, facts } = analyseFile(file.path, file.source, context.policy);
  const mine = findings.filter((f) => f.ruleId === RULE);
  if (mine.length === 0) return result;
  const program = j(file.source).find(j.Program).paths()[0]!.node;
  const holderOf = holders(program, file.source);
  const clients = lifetimeClients(facts.sites);
  const closes: string[] = [];
  for (const finding of mine) {
    const client = clients.find((c) => c.site.range[0] === finding.range[0]);
    const name = holderOf(finding.range);
    const call = client && name ? closeCall(client.site, name) : undefined;
    if (!client || !call) {
      result.unsafe.push({ ruleId: RULE, range: finding.range, reason: 'no top-level `const` holds this client, or its close method is unknown; close it in a SIGTERM handler by hand' });
      continue;
    }
    closes.push(call);
    // Its pool, when a top-level const holds it; an adapter object has nothing to close of its own.
    for (const part of client.parts) {
      const partName = holderOf(part.range);
      const partCall = partName ? closeCall(part, partName) : undefined;
      if (partCall) closes.push(partCall);
    }
    result.rewritten.push({ ruleId: RULE, range: finding.range });
  }
  if (closes.length === 0) return result;
  const typescript = /\.[cm]?tsx?$/.test(file.path);
  const hook = [
    '',
    '// Close the client once, when the server is asked to stop (a deploy, a scale-down), then exit.',
    ...signalHookLines(closes, typescript),
    '',
  ].join('\n');
  const edits = new TextEdits(file.source);
  const trimmed = file.source.replace(/\s+$/, '');
  edits.replace(trimmed.length, file.source.length, `\n${hook}`);
  result.output = edits.apply();
  return result;
}

/**
 * The top-level `const x = …` (or `export const x = …`) whose initialiser holds a range; when that is
 * a create function (`const createSql = () => postgres(url)`), the const that calls it.
 */
function holders(program: Program, source: string): (range: Range) => string | undefined {
  const consts: Array<{ name: string; start: number; end: number; isFunction: boolean }> = [];
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const init = loc(declarator.init);
      const isFunction = declarator.init.type === 'ArrowFunctionExpression' || declarator.init.type === 'FunctionExpression';
      consts.push({ name: declarator.id.name, start: init.start, end: init.end, isFunction });
    }
  }
  return (range) => {
    const holder = consts.find((c) => c.start <= range[0] && range[1] <= c.end);
    const caller = holder?.isFunction ? consts.find((c) => !c.isFunction && new RegExp(`\\b${holder.name}\\s*\\(`).test(source.slice(c.start, c.end))) : holder;
    return caller?.name;
  };
}

export default jscodeshiftTransform(RULE, rewrite);
