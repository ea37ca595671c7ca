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
// A client whose name or close method is unknown (not a top-level `const`, an unfamiliar driver) is
// reported, not guessed; so is a script's unclosed client (where its work ends is the author's call).
import type { FileInfo, JSCodeshift } from 'jscodeshift';
import type { CreateSite } from '../src/core/facts.js';
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
  // A script closes its client when its work is done, which only its author can place: reported.
  for (const finding of findings) {
    if (finding.ruleId === RULE && finding.messageId === 'scriptClose') {
      result.unsafe.push({ ruleId: RULE, range: finding.range, reason: 'a script closes its client after its last query, which the codemod cannot place; add `await <client>.end()` (or `$disconnect()`) in a `finally` around the work' });
    }
  }
  const mine = findings.filter((f) => f.ruleId === RULE && f.messageId !== 'scriptClose');
  if (mine.length === 0) return result;
  const program = j(file.source).find(j.Program).paths()[0]!.node;
  const closes: string[] = [];
  for (const finding of mine) {
    const site = facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0]);
    // The top-level `const x = …` (or `export const x = …`) whose initialiser holds the client; when
    // that is a create function (`const createSql = () => postgres(url)`), the const that calls it.
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
    const holder = consts.find((c) => c.start <= finding.range[0] && finding.range[1] <= c.end);
    const caller = holder?.isFunction ? consts.find((c) => !c.isFunction && new RegExp(`\\b${holder.name}\\s*\\(`).test(file.source.slice(c.start, c.end))) : holder;
    const name = caller?.name;
    const call = site && name ? closeCall(site, name) : undefined;
    if (!call) {
      result.unsafe.push({ ruleId: RULE, range: finding.range, reason: 'no top-level `const` holds this client, or its close method is unknown; close it in a SIGTERM handler by hand' });
      continue;
    }
    closes.push(call);
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

export default jscodeshiftTransform(RULE, rewrite);
