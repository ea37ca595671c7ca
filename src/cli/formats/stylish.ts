// `stylish`: ESLint's own formatter, so the CLI reads like `eslint` in a terminal.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import type { LintResult } from '../lint.js';

export async function formatStylish(results: LintResult[], cwd: string): Promise<string> {
  // Loaded from poolguard's own folder: from the scanned one, ESLint would first look for (and run) an
  // `eslint-formatter-stylish` package of the project, and read its package.json (a FIFO there hangs).
  const eslint = new ESLint({ cwd: fileURLToPath(new URL('.', import.meta.url)), overrideConfigFile: true });
  const formatter = await eslint.loadFormatter('stylish');
  return formatter.format(results as unknown as ESLint.LintResult[], { cwd, rulesMeta: {} } as never);
}
