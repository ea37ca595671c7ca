// database-url: is a connection URL one Prisma Client connects with, and what is wrong with it for a
// transaction pooler (`pgbouncer=true`, `connection_limit`) and for this service's share of the
// database. Pure: src/config-files/ reads the files and the project, this decides.
import { maskUrl, transactionPooler, type PgUrl } from '../url.js';

export type DatabaseUrlMessageId = 'pgbouncerMissing' | 'connectionLimitMissing' | 'connectionLimitOverBudget';

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

