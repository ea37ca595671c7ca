// `github`: GitHub Actions workflow commands, one annotation per message, shown on the pull request's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { LintMessage, LintResult } from '../lint.js';
import { relativePath } from './findings.js';
import { toPosix } from '../../core/policy.js';
import { workflowCommand } from '../../io/github.js';

function annotation(file: string, message: LintMessage): string {
  const located = message.line > 0;
  const title = message.ruleId ?? (message.fatal ? 'poolguard parse error' : 'poolguard');
  return workflowCommand(
    message.severity === 2 ? 'error' : 'warning',
    {
      file,
      line: located ? message.line : undefined,
      col: located ? message.column : undefined,
      endLine: located ? message.endLine : undefined,
      endColumn: located ? message.endColumn : undefined,
      title,
    },
    message.message,
  );
}

/** Paths are relative to `root` (the repository root, where the runner checked the code out). */
export function formatGithub(results: LintResult[], root: string): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = relativePath(root, result.filePath) ?? toPosix(result.filePath);
    for (const message of result.messages) lines.push(annotation(file, message));
  }
  return lines.map((line) => `${line}\n`).join('');
}
