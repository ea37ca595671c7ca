// `stylish`: ESLint's own formatter, so the CLI reads like `eslint` in a terminal.
import { fileURLToPath } from 'node:url';
import type { ESLint } from 'eslint';
import type { LintResult } from '../lint.js';

export async function formatStylish(results: LintResult[], cwd: string): Promise<string> {
  void cwd;
  // Stylish prints nothing for a clean run; only load ESLint (~300 ms) when there is something to print.
  if (results.every((result) => result.messages.length === 0)) return '';
  const { ESLint: ESLintClass } = await import('eslint');
  // Loaded from poolguard's own folder: from the scanned one, ESLint would first look for (and run) an
  // `eslint-formatter-stylish` package of the project, and read its package.json (a FIFO there hangs).
  const eslint = new ESLintClass({ cwd: fileURLToPath(new URL('.', import.meta.url)), overrideConfigFile: true });
  const formatter = await eslint.loadFormatter('stylish');
  return formatter.format(results as unknown as ESLint.LintResult[], { cwd, rulesMeta: {} } as never);
}
