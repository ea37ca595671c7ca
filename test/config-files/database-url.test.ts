import { describe, expect, it } from 'vitest';
import { budgetShare, checkConfigText, isPrismaVariable, projectContext, type ProjectContext } from '../../src/config-files/database-url.js';
import { parsePrismaSchema } from '../../src/config-files/prisma-schema.js';
import { parsePostgresUrl } from '../../src/core/url.js';

const SCHEMA = 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n';
/** A Prisma project whose schema reads DATABASE_URL (app) and DIRECT_URL (migrations). */
const prisma = projectContext(parsePrismaSchema(SCHEMA), true);
const PASSWORD = 'Xy7-s3cret-Pa55';

/** messageId, line:column-endLine:endColumn, for compact expectations. */
function findings(kind: 'env' | 'compose' | 'prisma', text: string, context: ProjectContext = prisma, example = false) {
  return checkConfigText(kind, text, context, example).messages.map((m) => `${m.messageId ?? m.message} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
}

describe('pgbouncerMissing and connectionLimitMissing', () => {
  it('reports a Prisma URL through PgBouncer without pgbouncer=true or connection_limit once, at the value', () => {
    const text = `# app\nDATABASE_URL="postgresql://app:${PASSWORD}@db.internal:6432/app"\n`;
    expect(findings('env', text)).toEqual(['pgbouncerMissing 2:15-2:68']);
  });

  it('reports only the missing connection_limit once pgbouncer=true is there', () => {
    expect(findings('env', 'DATABASE_URL=postgres://a:b@x-pooler.eu.aws.neon.tech/db?pgbouncer=true\n')).toEqual(['connectionLimitMissing 1:14-1:72']);
  });

  it('treats pgbouncer=true as a declaration that the URL is pooled, whatever the host', () => {
    expect(findings('env', 'DATABASE_URL=postgres://a:b@db.example.com:5432/db?pgbouncer=true\n')).toEqual(['connectionLimitMissing 1:14-1:66']);
  });

  it('reports only the missing pgbouncer=true when connection_limit is set', () => {
    const text = 'DATABASE_URL=postgres://p.ref:b@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?connection_limit=1\n';
    expect(findings('env', text)).toEqual(['pgbouncerMissing 1:14-1:104']);
  });

  it('reports nothing for a declared and limited pooled URL, or a direct one', () => {
    expect(findings('env', 'DATABASE_URL=postgres://a:b@pgbouncer:6432/db?pgbouncer=true&connection_limit=5\n')).toEqual([]);
    expect(findings('env', 'DATABASE_URL=postgres://a:b@db.abcdefghijklmnop.supabase.co:5432/postgres\n')).toEqual([]);
  });

  it('words the messages with the variable, the reason and the masked URL', () => {
    const [missing, ...rest] = checkConfigText('env', 'DATABASE_URL=postgres://app:hunter2@pgbouncer:6432/app\n', prisma).messages;
    // One finding per URL, naming every problem it has.
    expect(rest).toEqual([]);
    expect(missing?.message).toBe(
      "Prisma URL `DATABASE_URL` goes through a transaction pooler (`pgbouncer` in the host name) without `pgbouncer=true`: Prisma's named prepared statements then fail with `prepared statement \"s0\" already exists`. Add `pgbouncer=true` (unless the pooler is PgBouncer ≥ 1.21 with max_prepared_statements set); it also has no `connection_limit`: every Prisma Client then opens num_cpus × 2 + 1 connections to it. Set `connection_limit` (1 in a serverless function; at most 30, this service's share of the database): postgres://app:****@pgbouncer:6432/app",
    );
    const [limit] = checkConfigText('env', 'DATABASE_URL=postgres://app:hunter2@pgbouncer:6432/app?pgbouncer=true\n', prisma).messages;
    expect(limit?.message).toBe(
      'Prisma URL `DATABASE_URL` goes through a transaction pooler (`pgbouncer` in the host name) without `connection_limit`: every Prisma Client then opens num_cpus × 2 + 1 connections to it. Set `connection_limit` (1 in a serverless function; at most 30, this service\'s share of the database): postgres://app:****@pgbouncer:6432/app?pgbouncer=true',
    );
    expect(missing).toMatchObject({ ruleId: 'poolguard/database-url', severity: 2, nodeType: null });
  });

  it('says when the file is an example', () => {
    const [message] = checkConfigText('env', 'DATABASE_URL=postgresql://USER:PASSWORD@pgbouncer:6432/db\n', prisma, true).messages;
    expect(message?.message).toMatch(/^Prisma URL `DATABASE_URL` \(in an example file, which the real \.env files are copied from\) goes through/);
  });
});

describe('connectionLimitOverBudget', () => {
  it('reports a connection_limit above floor(maxConnections × headroom), 30 by default', () => {
    expect(findings('env', 'DATABASE_URL=postgres://a:b@db:5432/app?connection_limit=31\n')).toEqual(['connectionLimitOverBudget 1:14-1:60']);
    expect(findings('env', 'DATABASE_URL=postgres://a:b@db:5432/app?connection_limit=30\n')).toEqual([]);
  });

  it('takes maxConnections and headroom from the settings', () => {
    const small = projectContext(parsePrismaSchema(SCHEMA), true, { maxConnections: 25, headroom: 0.5 });
    expect(budgetShare(small)).toBe(12);
    const [message] = checkConfigText('env', 'DATABASE_URL=postgres://a:b@db:5432/app?connection_limit=13\n', small).messages;
    expect(message?.messageId).toBe('connectionLimitOverBudget');
    expect(message?.message).toBe(
      'Prisma URL `DATABASE_URL` sets `connection_limit=13`, above this service\'s share of the database: 12 = floor(maxConnections 25 × headroom 0.5). Lower it, or raise maxConnections / headroom in the poolguard settings if the database allows more: postgres://a:****@db:5432/app?connection_limit=13',
    );
    expect(findings('env', 'DATABASE_URL=postgres://a:b@db:5432/app?connection_limit=12\n', small)).toEqual([]);
  });

  it('keeps the share at least 1', () => {
    expect(budgetShare({ maxConnections: 2, headroom: 0.3 })).toBe(1);
  });

  it('joins the pooled finding when a pooled URL is both undeclared and over budget: one finding per URL', () => {
    const [finding, ...rest] = checkConfigText('env', 'DATABASE_URL=postgres://a:b@pgbouncer:6432/app?connection_limit=80\n', prisma).messages;
    expect(rest).toEqual([]);
    expect(finding?.messageId).toBe('pgbouncerMissing');
    expect(finding?.message).toContain('it also sets `connection_limit=80`');
  });
});

describe('which variables are Prisma URLs', () => {
  const pooled = parsePostgresUrl('postgres://a:b@pgbouncer:6432/app')!;
  const withParams = parsePostgresUrl('postgres://a:b@pgbouncer:6432/app?pgbouncer=true')!;
  const noSchema = projectContext([], true);
  const notPrisma = projectContext([], false);
  const otherName = projectContext(parsePrismaSchema('datasource db {\n  url = env("POSTGRES_PRISMA_URL")\n}\n'), true);

  it.each([
    ['DATABASE_URL read by the schema', 'DATABASE_URL', pooled, prisma, true],
    ['DIRECT_URL, read only by directUrl', 'DIRECT_URL', withParams, prisma, false],
    ['a *PRISMA* name', 'POSTGRES_PRISMA_URL', pooled, prisma, true],
    ['a URL with Prisma parameters', 'APP_DB', withParams, prisma, true],
    ['another name without Prisma parameters', 'ANALYTICS_DATABASE_URL', pooled, prisma, false],
    ['DATABASE_URL when no schema was found (Prisma dependency only)', 'DATABASE_URL', pooled, noSchema, true],
    ['DATABASE_URL when the schema reads another variable', 'DATABASE_URL', pooled, otherName, false],
    ['the variable that schema reads', 'POSTGRES_PRISMA_URL', pooled, otherName, true],
    ['DATABASE_URL in a project without Prisma', 'DATABASE_URL', pooled, notPrisma, false],
    ['Prisma parameters in a project without Prisma', 'DATABASE_URL', withParams, notPrisma, false],
  ] as const)('%s', (_label, name, url, context, expected) => {
    expect(isPrismaVariable(name, url, context)).toBe(expected);
  });

  it('reports nothing for a pooled URL in a project without Prisma', () => {
    expect(findings('env', 'DATABASE_URL=postgres://a:b@pgbouncer:6432/app\n', notPrisma)).toEqual([]);
  });
});

describe('compose files and schemas', () => {
  it('reports compose values where they are written, once per anchor however many services merge it', () => {
    const text = `x-env: &env
  DATABASE_URL: postgresql://app:${PASSWORD}@pgbouncer:6432/app
services:
  api:
    environment:
      <<: *env
  web:
    environment:
      <<: *env
  worker:
    environment:
      - DATABASE_URL=postgresql://app:${PASSWORD}@pgbouncer:6432/app?pgbouncer=true&connection_limit=40
`;
    expect(findings('compose', text)).toEqual(['pgbouncerMissing 2:17-2:68', 'connectionLimitOverBudget 12:22-12:108']);
  });

  it('reports a compose syntax error as a fatal parsing error, masked', () => {
    const [error] = checkConfigText('compose', `services:\n  api: [\n    postgres://a:${PASSWORD}@h/db\n`, prisma).messages;
    expect(error).toMatchObject({ ruleId: null, fatal: true, severity: 2 });
    expect(error?.message).toMatch(/^Parsing error: /);
    expect(error?.message).not.toContain(PASSWORD);
  });

  it('reports a literal url in the schema and leaves env() urls to the files that set them', () => {
    const text = `datasource db {\n  provider = "postgresql"\n  url = "postgresql://app:${PASSWORD}@pgbouncer:6432/app"\n  directUrl = "postgresql://app:${PASSWORD}@pgbouncer:6432/app"\n}\n`;
    expect(findings('prisma', text)).toEqual(['pgbouncerMissing 3:9-3:62']);
    expect(checkConfigText('prisma', text, prisma).messages[0]?.message).toContain('Prisma URL `db.url` goes through');
    expect(findings('prisma', SCHEMA)).toEqual([]);
  });
});

describe('eslint-disable-next-line', () => {
  it('moves a finding to suppressedMessages, with its justification', () => {
    const text = '# eslint-disable-next-line poolguard/database-url -- PgBouncer 1.22, max_prepared_statements=100\nDATABASE_URL=postgres://a:b@pgbouncer:6432/app?connection_limit=2\n';
    const { messages, suppressedMessages } = checkConfigText('env', text, prisma);
    expect(messages).toEqual([]);
    expect(suppressedMessages.map((m) => [m.messageId, m.line, m.suppressions])).toEqual([
      ['pgbouncerMissing', 2, [{ kind: 'directive', justification: 'PgBouncer 1.22, max_prepared_statements=100' }]],
    ]);
  });

  it('silences every rule without a list, none for another rule, only the next line', () => {
    const url = 'postgres://a:b@pgbouncer:6432/app?connection_limit=2';
    expect(findings('env', `# eslint-disable-next-line\nDATABASE_URL=${url}\n`)).toEqual([]);
    expect(findings('env', `# eslint-disable-next-line poolguard/no-client-per-request\nDATABASE_URL=${url}\n`)).toEqual(['pgbouncerMissing 2:14-2:66']);
    expect(findings('env', `# eslint-disable-next-line poolguard/database-url\n\nDATABASE_URL=${url}\n`)).toEqual(['pgbouncerMissing 3:14-3:66']);
  });

  it('uses // in a Prisma schema', () => {
    const text = 'datasource db {\n  // eslint-disable-next-line poolguard/database-url\n  url = "postgres://a:b@pgbouncer:6432/app?connection_limit=2"\n}\n';
    expect(findings('prisma', text)).toEqual([]);
    expect(checkConfigText('prisma', text, prisma).suppressedMessages).toHaveLength(1);
  });
});

describe('masking', () => {
  it('never puts a password, a secret parameter or a token into any message', () => {
    const text = [
      `DATABASE_URL=postgres://app:${PASSWORD}@pgbouncer:6432/app?sslpassword=${PASSWORD}-ssl&connection_limit=99`,
      `PRISMA_URL=postgres://app@pgbouncer:6432/app?password=${PASSWORD}-param`,
      `POSTGRES_PRISMA_URL="postgres://app:${PASSWORD}@weird@x-pooler.eu.aws.neon.tech/db?token=${PASSWORD}-token#${PASSWORD}-frag"`,
      '',
    ].join('\n');
    const { messages } = checkConfigText('env', text, prisma);
    expect(messages.map((m) => m.messageId)).toEqual([
      'pgbouncerMissing',
      'pgbouncerMissing',
      'pgbouncerMissing',
    ]);
    for (const m of messages) {
      expect(m.message).not.toContain(PASSWORD);
      expect(m.message).toContain('****');
    }
  });
});
