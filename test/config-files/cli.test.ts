// `poolguard check` on fixtures/projects/database-url (its findings are pinned by
// fixtures/projects/database-url.expected.json through test/cli/projects.test.ts): here, what the
// expected file cannot show — no secret in any output format, and the project-level decisions.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/cli/formats/index.js';
import { run } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const PROJECT = path.join(FIXTURES, 'projects', 'database-url');
/** Every password and secret written in the fixture's files. */
const SECRETS = ['Sup3rS3cretPass', 'n3xtauthS3cret', 'npg_Pr0dPassw0rd', 'l0calDevPass', 'PASSWORD', 'c0mposePass', 'w0rkerPass', 'j0bsPass', 'm3tabasePass'];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = tempDir('poolguard-dburl-');
  temps.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('poolguard check on config files', () => {
  it('the fixture really holds the secrets this test looks for', () => {
    const all = ['.env', '.env.production', '.env.local', '.env.example', 'docker-compose.yml'].map((f) => fs.readFileSync(path.join(PROJECT, f), 'utf8')).join('\n');
    for (const secret of SECRETS) expect(all).toContain(secret);
  });

  it.each(FORMATS)('never prints a secret (--format %s)', async (format) => {
    const { code, stdout, stderr } = await run(['check', PROJECT, '--format', format]);
    expect(code).toBe(1);
    expect(stdout).toContain('poolguard/database-url');
    expect(stdout).toContain(':****@');
    for (const secret of SECRETS) {
      expect(stdout).not.toContain(secret);
      expect(stderr).not.toContain(secret);
    }
  });

  it('prints results without source, and the suppressed finding as ESLint does', async () => {
    const { stdout } = await run(['check', PROJECT, '--format', 'json']);
    const results = JSON.parse(stdout) as Array<{ filePath: string; source?: string; suppressedMessages: Array<{ messageId: string; line: number; suppressions: unknown }> }>;
    expect(results.filter((r) => 'source' in r && path.basename(r.filePath).match(/^\.env|compose|\.prisma$/))).toEqual([]);
    const compose = results.find((r) => r.filePath.endsWith('docker-compose.yml'));
    expect(compose?.suppressedMessages.map((m) => [m.messageId, m.line, m.suppressions])).toEqual([
      ['pgbouncerMissing', 24, [{ kind: 'directive', justification: 'this PgBouncer 1.22 has max_prepared_statements = 100' }]],
    ]);
  });

  it('reports nothing in a project that does not use Prisma', async () => {
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { pg: '8.23.1' } }),
      '.env': 'DATABASE_URL=postgres://app:s3cret@pgbouncer:6432/app\n',
    });
    const { code, stdout } = await run(['check', dir, '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ filePath: path.join(dir, '.env'), messages: [] })]);
  });

  it('checks a gitignored .env, and a config file named on the command line', async () => {
    const dir = project({
      '.gitignore': '.env\n',
      'package.json': JSON.stringify({ devDependencies: { prisma: '6.19.0' } }),
      '.env': 'DATABASE_URL=postgres://app:s3cret@pgbouncer:6432/app?pgbouncer=true&connection_limit=100\n',
    });
    for (const target of [dir, path.join(dir, '.env')]) {
      const { code, stdout } = await run(['check', target, '--format', 'json']);
      expect(code).toBe(1);
      const messages = (JSON.parse(stdout) as Array<{ messages: Array<{ messageId: string }> }>).flatMap((r) => r.messages);
      expect(messages.map((m) => m.messageId)).toEqual(['connectionLimitOverBudget']);
      expect(stdout).not.toContain('s3cret');
    }
  });

  it('compares connection_limit with the configured budget', async () => {
    const dir = project({
      'package.json': JSON.stringify({ dependencies: { '@prisma/client': '6.19.0' }, poolguard: { maxConnections: 500, headroom: 0.2 } }),
      '.env': 'DATABASE_URL=postgres://app:s3cret@db:5432/app?connection_limit=100\n',
      '.env.production': 'DATABASE_URL=postgres://app:s3cret@db:5432/app?connection_limit=101\n',
    });
    const { stdout } = await run(['check', dir, '--format', 'json']);
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ message: string }> }>;
    expect(results.map((r) => [path.basename(r.filePath), r.messages.length])).toEqual([
      ['.env', 0],
      ['.env.production', 1],
    ]);
    expect(results[1]?.messages[0]?.message).toContain('100 = floor(maxConnections 500 × headroom 0.2)');
  });
});
