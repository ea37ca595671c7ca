// `json`: exactly what `eslint -f json` prints (absolute paths, the source of files with messages).
import type { LintResult } from '../lint.js';

export function formatJson(results: LintResult[]): string {
  return JSON.stringify(results);
}
