// The `database-url` check: connection URLs in .env files, compose files and Prisma schemas, text in,
// ESLint-shaped messages out. Pure: the caller reads the files and knows the project (does it use
// Prisma, which variables its schemas read, the settings).
import { BUDGET_DEFAULTS, type PoolguardSettings } from '../core/policy.js';
import type { LintMessage } from '../io/results.js';
import { isPrismaVariable, prismaUrlFindings, type ProjectContext, type UrlFinding } from '../core/checks/database-url.js';
import { parseComposeFile } from './compose.js';
import { parseEnvFile, type ConfigEntry } from './env.js';
import { parsePrismaSchema, type DatasourceUrl } from './prisma-schema.js';
import { maskSecrets, parsePostgresUrl } from '../core/url.js';

// The decision (is this a Prisma URL, what is wrong with it) lives in src/core/checks/database-url.ts.
export { budgetShare, isPrismaVariable, prismaUrlFindings, type DatabaseUrlMessageId, type ProjectContext, type UrlFinding } from '../core/checks/database-url.js';

export const RULE_ID = 'poolguard/database-url';

export type ConfigFileKind = 'env' | 'compose' | 'prisma';

/** The project context from the schemas found and whether a package.json depends on Prisma. */
export function projectContext(schemas: DatasourceUrl[], prismaDependency: boolean, settings: PoolguardSettings = {}): ProjectContext {
  const urlVariables = new Set(schemas.filter((s) => s.key === 'url' && s.env).map((s) => s.env!));
  const migrationVariables = new Set(schemas.filter((s) => s.key !== 'url' && s.env && !urlVariables.has(s.env)).map((s) => s.env!));
  return {
    usesPrisma: prismaDependency || schemas.length > 0,
    urlVariables,
    migrationVariables,
    maxConnections: settings.maxConnections ?? BUDGET_DEFAULTS.maxConnections,
    headroom: settings.headroom ?? BUDGET_DEFAULTS.headroom,
  };
}

export interface CheckedText {
  messages: LintMessage[];
  /** Findings silenced by `# eslint-disable-next-line poolguard/database-url` (ESLint's shape). */
  suppressedMessages: Array<LintMessage & { suppressions: Array<{ kind: 'directive'; justification: string }> }>;
}

/** Checks one file's text. `example` marks `.env.example`-style templates (said in each message). */
export function checkConfigText(kind: ConfigFileKind, text: string, context: ProjectContext, example = false): CheckedText {
  const at = lineIndex(text);
  const messages: LintMessage[] = [];
  const seen = new Set<string>();
  const report = (start: number, end: number, findings: UrlFinding[]): void => {
    for (const finding of findings) {
      // One anchor merged into several compose services is one finding, where it is written.
      const key = `${start}:${end}:${finding.messageId}`;
      if (!seen.has(key)) messages.push(message(at, start, end, finding));
      seen.add(key);
    }
  };
  const checkEntry = (entry: ConfigEntry): void => {
    const url = parsePostgresUrl(entry.value);
    if (url && isPrismaVariable(entry.name, url, context)) report(entry.start, entry.end, prismaUrlFindings(`\`${entry.name}\``, entry.value, url, context, example));
  };
  if (kind === 'env') parseEnvFile(text).forEach(checkEntry);
  else if (kind === 'compose') {
    const { entries, errors } = parseComposeFile(text);
    for (const error of errors) {
      const { line, column } = at(error.start);
      messages.push({ ruleId: null, fatal: true, severity: 2, message: `Parsing error: ${maskSecrets(error.message)}`, line, column });
    }
    entries.forEach(checkEntry);
  } else {
    for (const source of parsePrismaSchema(text)) {
      // A literal URL in the schema itself; `env("…")` ones are checked where the variable is set.
      const url = source.key === 'url' && source.literal !== undefined ? parsePostgresUrl(source.literal) : undefined;
      if (url) report(source.start, source.end, prismaUrlFindings(`\`${source.datasource}.url\``, source.literal!, url, context));
    }
  }
  return applyDirectives(text, messages.sort((a, b) => a.line - b.line || a.column - b.column), kind === 'prisma' ? '//' : '#');
}

function message(at: (offset: number) => { line: number; column: number }, start: number, end: number, finding: UrlFinding): LintMessage {
  const from = at(start);
  const to = at(end);
  // Key order as ESLint prints it.
  return {
    ruleId: RULE_ID,
    severity: 2,
    message: maskSecrets(finding.message),
    line: from.line,
    column: from.column,
    nodeType: null,
    messageId: finding.messageId,
    endLine: to.line,
    endColumn: to.column,
  };
}

/** `# eslint-disable-next-line poolguard/database-url -- why` on the line above silences a finding. */
function applyDirectives(text: string, messages: LintMessage[], comment: '#' | '//'): CheckedText {
  const lines = text.split('\n');
  const directive = new RegExp(`^\\s*${comment}\\s*eslint-disable-next-line(?:\\s+([^\\r]*?))?\\s*\\r?$`);
  const out: CheckedText = { messages: [], suppressedMessages: [] };
  for (const m of messages) {
    const match = m.ruleId === RULE_ID && m.line >= 2 ? directive.exec(lines[m.line - 2] ?? '') : null;
    const [rules = '', justification = ''] = (match?.[1] ?? '').split(/\s*--\s*/);
    const names = rules.split(',').map((r) => r.trim()).filter(Boolean);
    if (match && (names.length === 0 || names.includes(RULE_ID))) out.suppressedMessages.push({ ...m, suppressions: [{ kind: 'directive', justification: justification.trim() }] });
    else out.messages.push(m);
  }
  return out;
}

/** Offset → 1-based line and column, as ESLint counts them. */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}
