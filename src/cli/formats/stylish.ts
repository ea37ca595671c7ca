// `stylish`: ESLint's own formatter, so the CLI reads like `eslint` in a terminal.
import type { ESLint } from 'eslint';
import type { LintResult } from '../lint.js';

export async function formatStylish(results: LintResult[], cwd: string): Promise<string> {
  // Stylish prints nothing for a clean run; only load ESLint (~300 ms) when there is something to print.
  if (results.every((result) => result.messages.length === 0)) return '';
  const { ESLint: ESLintClass } = await import('eslint');
  const eslint = new ESLintClass({ cwd, overrideConfigFile: true });
  const formatter = await eslint.loadFormatter('stylish');
  return formatter.format(results as unknown as ESLint.LintResult[], { cwd, rulesMeta: {} } as never);
}
