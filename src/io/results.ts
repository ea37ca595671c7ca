// Results in the shape `eslint -f json` prints, shared by every command that reports on files (the
// source linter, the config-file checks, the formatters).
export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  nodeType?: string | null;
  messageId?: string;
  endLine?: number;
  endColumn?: number;
  fatal?: boolean;
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  usedDeprecatedRules: [];
}

/** Files above this size are skipped with a warning: bundles and generated code, not app code. */
export const MAX_FILE_BYTES = 1024 * 1024;


export function resultOf(filePath: string, messages: LintMessage[], source?: string): LintResult {
  // Key order matters to byte-compare with `eslint -f json`: source comes before usedDeprecatedRules.
  return {
    filePath,
    messages,
    suppressedMessages: [],
    errorCount: messages.filter((m) => m.severity === 2).length,
    fatalErrorCount: messages.filter((m) => m.fatal).length,
    warningCount: messages.filter((m) => m.severity === 1).length,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    ...(messages.length > 0 && source !== undefined ? { source } : {}),
    usedDeprecatedRules: [],
  };
}
