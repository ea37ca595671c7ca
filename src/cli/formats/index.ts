// Output formats of `poolguard check`: one file each, dispatched here.
import type { LintResult } from '../lint.js';
import { UsageError } from '../../io/process.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  /** What `sarif` and `github` paths are relative to (see reportRoot); default: `cwd`. */
  root?: string;
  /** A baseline was applied (SARIF marks results `baselineState: "new"`). */
  baseline?: boolean;
}

export function parseFormat(value: string | undefined): Format {
  const format = value ?? 'stylish';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`unknown format "${format}" (expected one of ${FORMATS.join(', ')})`);
  }
  return format as Format;
}

export async function formatResults(results: LintResult[], format: Format, cwd: string, options: FormatOptions = {}): Promise<string> {
  // Only SARIF and GitHub annotations print paths relative to the root (finding it runs git).
  const root = () => options.root ?? cwd;
  switch (format) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results, root(), { baseline: options.baseline });
    case 'github':
      return formatGithub(results, root());
    case 'stylish':
      return formatStylish(results, cwd);
  }
}

export { reportRoot } from './findings.js';
