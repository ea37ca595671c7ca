// Output formats. `stylish` is ESLint's own formatter; `json` is exactly what `eslint -f json` prints.
import { ESLint } from 'eslint';
import type { LintResult } from './lint.js';
import { UsageError } from './io.js';

export const FORMATS = ['stylish', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormat(value: string | undefined): Format {
  const format = value ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" (expected one of ${FORMATS.join(', ')})`);
  }
  return format as Format;
}

export async function formatResults(results: LintResult[], format: Format, cwd: string): Promise<string> {
  if (format === 'json') return JSON.stringify(results);
  const eslint = new ESLint({ cwd, overrideConfigFile: true });
  const formatter = await eslint.loadFormatter('stylish');
  return formatter.format(results as unknown as ESLint.LintResult[], { cwd, rulesMeta: {} } as never);
}
