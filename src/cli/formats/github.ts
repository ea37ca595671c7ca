// `github`: GitHub Actions workflow commands, one annotation per message, shown on the pull request's diff.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { LintMessage, LintResult } from '../lint.js';
import { relativePath } from './findings.js';
import { toPosix } from '../../core/policy.js';

/** The message part of a workflow command: `%`, CR and LF are percent-encoded. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A `key=value` property: the data escapes plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command: `::error file=a.ts,line=3::message`. Properties without a value are left out. */
export function workflowCommand(command: 'error' | 'warning' | 'notice', properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined && entry[1] !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

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
