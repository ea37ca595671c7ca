// `stylish`: ESLint's own formatter, so the CLI reads like `eslint` in a terminal.
import { ESLint } from 'eslint';
import type { LintResult } from '../lint.js';

export async function formatStylish(results: LintResult[], cwd: string): Promise<string> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true });
  const formatter = await eslint.loadFormatter('stylish');
  return formatter.format(results as unknown as ESLint.LintResult[], { cwd, rulesMeta: {} } as never);
}
