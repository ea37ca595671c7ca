// no-close-in-handler: `await sql.end()` / `await prisma.$disconnect()` statements on the shared client
// inside a handler are removed, with their `finally` block when it becomes empty. A close whose
// result is used is reported, not removed.
import type { API, ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import { analyseSource } from '../src/estree/analyse.js';
import { contextFromOptions } from '../src/codemod/context.js';
import type { FixContext } from '../src/codemod/fix-source.js';
import type { RewriteResult, TransformOptions } from '../src/codemod/types.js';
import { parserFor, pathAt, removeStatementPath } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';

const RULE = 'no-close-in-handler' as const;

/** The statement that is nothing but this call (`sql.end();` or `await sql.end();`), if any. */
export function closeStatement(call: ASTPath): ASTPath | undefined {
  let current: ASTPath = call;
  if (current.parent?.node.type === 'AwaitExpression') current = current.parent;
  return current.parent?.node.type === 'ExpressionStatement' ? current.parent : undefined;
}

export const rewrite = withLf(rewriteLf);

function rewriteLf(file: FileInfo, j: JSCodeshift, context: FixContext): RewriteResult {
  const result: RewriteResult = { output: undefined, rewritten: [], unsafe: [] };
  const { findings } = analyseSource(file.path, file.source, context.policy);
  const mine = findings.filter((f) => f.ruleId === RULE);
  if (mine.length === 0) return result;
  const root = j(file.source);
  const statements: ASTPath[] = [];
  for (const finding of mine) {
    const call = pathAt(j, root, finding.range, ['CallExpression', 'OptionalCallExpression']);
    const statement = call && closeStatement(call);
    if (!statement) {
      result.unsafe.push({ ruleId: RULE, range: finding.range, reason: 'the result of the close is used; remove it by hand and close the client in a shutdown hook' });
      continue;
    }
    statements.push(statement);
    result.rewritten.push({ ruleId: RULE, range: finding.range });
  }
  if (statements.length === 0) return result;
  const edits = new TextEdits(file.source);
  const all = new Set(statements.map((s) => s.node));
  for (const statement of statements) removeStatementPath(edits, statement, all);
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
