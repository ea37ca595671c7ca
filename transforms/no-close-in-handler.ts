// no-close-in-handler: `await sql.end()` / `await prisma.$disconnect()` statements on the shared client
// inside a handler are removed, with their `finally` block when it becomes empty. A close whose
// result is used is reported, not removed.
import type { ASTPath, FileInfo, JSCodeshift } from 'jscodeshift';
import { analyseFile } from '../src/project/analyse.js';
import type { FixContext } from '../src/codemod/types.js';
import type { RewriteResult } from '../src/codemod/types.js';
import { pathAt, removeStatementPath } from './lib/edit.js';
import { TextEdits, withLf } from './lib/text.js';
import { findingsToRewrite, jscodeshiftTransform } from './lib/transform.js';

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
  const { findings } = analyseFile(file.path, file.source, context.policy);
  const mine = findingsToRewrite(findings, RULE, context);
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

export default jscodeshiftTransform(RULE, rewrite);
