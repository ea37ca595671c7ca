// The `database-url` check: connection URLs in .env files, compose files and Prisma schemas, text in,
// ESLint-shaped messages out. Pure: the caller reads the files and knows the project (does it use
// Prisma, which variables its schemas read, the settings).
import { BUDGET_DEFAULTS, type PoolguardSettings } from '../core/policy.js';
import type { LintMessage } from '../io/results.js';
import { parseComposeFile } from './compose.js';
import { parseEnvFile, type ConfigEntry } from './env.js';
import { parsePrismaSchema, type DatasourceUrl } from './prisma-schema.js';
import { maskSecrets, maskUrl, parsePostgresUrl, transactionPooler, type PgUrl } from '../core/url.js';

export const RULE_ID = 'poolguard/database-url';

export type DatabaseUrlMessageId = 'pgbouncerMissing' | 'connectionLimitMissing' | 'connectionLimitOverBudget';

export type ConfigFileKind = 'env' | 'compose' | 'prisma';

/** What the check needs to know about the project around the files. */
export interface ProjectContext {
  /** `@prisma/client` or `prisma` is a dependency, or a Prisma schema was found. */
  usesPrisma: boolean;
  /** Variables a datasource's `url = env("…")` reads: the URLs Prisma Client connects with. */
  urlVariables: ReadonlySet<string>;
  /** Variables read only by `directUrl` / `shadowDatabaseUrl`: used by Prisma Migrate, not the app. */
  migrationVariables: ReadonlySet<string>;
  maxConnections: number;
  headroom: number;
}

export interface UrlFinding {
  messageId: DatabaseUrlMessageId;
  message: string;
}

export interface CheckedText {
  messages: LintMessage[];
  /** Findings silenced by `# eslint-disable-next-line poolguard/database-url` (ESLint's shape). */
  suppressedMessages: Array<LintMessage & { suppressions: Array<{ kind: 'directive'; justification: string }> }>;
}

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

/** floor(maxConnections × headroom), at least 1: the most connections one service should hold. */
export function budgetShare(context: Pick<ProjectContext, 'maxConnections' | 'headroom'>): number {
  return Math.max(1, Math.floor(context.maxConnections * context.headroom));
}

/**
 * Is this variable a URL Prisma Client connects with? A datasource `url` reads it; or, in a project
 * that uses Prisma and unless it is only a `directUrl`: its name has PRISMA in it, the URL carries
 * Prisma's own parameters (`pgbouncer`, `connection_limit`), or it is DATABASE_URL (Prisma's default
 * name) while no schema found names another.
 */
export function isPrismaVariable(name: string, url: PgUrl, context: ProjectContext): boolean {
  if (context.urlVariables.has(name)) return true;
  if (!context.usesPrisma || context.migrationVariables.has(name)) return false;
  if (/prisma/i.test(name) || url.params.has('pgbouncer') || url.params.has('connection_limit')) return true;
  return name === 'DATABASE_URL' && context.urlVariables.size === 0;
}

/**
 * The finding for one Prisma URL, at most one: every problem of the URL in one message, so a URL
 * missing both `pgbouncer=true` and `connection_limit` is one line to fix, not two findings.
 * `subject` names it in messages (`` `DATABASE_URL` ``).
 */
export function prismaUrlFindings(subject: string, value: string, url: PgUrl, context: ProjectContext, example = false): UrlFinding[] {
  const problems: Array<{ messageId: DatabaseUrlMessageId; text: string }> = [];
  const masked = maskUrl(value.trim());
  if (example) subject += ' (in an example file, which the real .env files are copied from)';
  const pooler = transactionPooler(url);
  const declaresPgbouncer = url.params.get('pgbouncer')?.toLowerCase() === 'true';
  const share = budgetShare(context);
  if (pooler && !declaresPgbouncer) {
    problems.push({
      messageId: 'pgbouncerMissing',
      text:
        `goes through a transaction pooler (${pooler}) without \`pgbouncer=true\`: Prisma's named prepared statements then fail ` +
        `with \`prepared statement "s0" already exists\`. Add \`pgbouncer=true\` (unless the pooler is PgBouncer ≥ 1.21 with ` +
        `max_prepared_statements set)`,
    });
  }
  const limit = url.params.get('connection_limit');
  if ((pooler || declaresPgbouncer) && limit === undefined) {
    problems.push({
      messageId: 'connectionLimitMissing',
      text:
        `${problems.length ? 'it also has no' : `goes through a transaction pooler (${pooler ?? 'declared with `pgbouncer=true`'}) without`} ` +
        `\`connection_limit\`: every Prisma Client then opens num_cpus × 2 + 1 connections to it. Set \`connection_limit\` ` +
        `(1 in a serverless function; at most ${share}, this service's share of the database)`,
    });
  }
  const n = limit === undefined ? NaN : Number(limit);
  if (Number.isInteger(n) && n > share) {
    problems.push({
      messageId: 'connectionLimitOverBudget',
      text:
        `${problems.length ? 'it also sets' : 'sets'} \`connection_limit=${n}\`, above this service's share of the database: ${share} = ` +
        `floor(maxConnections ${context.maxConnections} × headroom ${context.headroom}). Lower it, or raise maxConnections / ` +
        `headroom in the poolguard settings if the database allows more`,
    });
  }
  if (problems.length === 0) return [];
  return [{ messageId: problems[0]!.messageId, message: `Prisma URL ${subject} ${problems.map((p) => p.text).join('; ')}: ${masked}` }];
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
