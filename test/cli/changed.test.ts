import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSpecifiers } from '../../src/core/prefilter.js';
import { run } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const OFFENDER = "import postgres from 'postgres';\n\nexport const sql = postgres(process.env.DATABASE_URL!);\n";
const SINGLETON = "import postgres from 'postgres';\n\nexport const sql = postgres(process.env.DATABASE_URL!, { max: 10 });\n";
const CLOSES = (from: string) =>
  `import { sql } from '${from}';\n\nexport async function GET() {\n  try {\n    return Response.json(await sql\`select 1\`);\n  } finally {\n    await sql.end();\n  }\n}\n`;

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=poolguard', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

/**
 * A repository whose `main` has one commit: a singleton module (src/lib/db.ts), its importers (relative
 * and through the `@/` alias), an importer of a look-alike module, and offenders. Every file but the
 * singleton has exactly one finding.
 */
function repository(): string {
  const dir = tempDir('poolguard-changed-');
  git(dir, 'init', '-q');
  git(dir, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  write(dir, {
    'package.json': '{ "name": "changed-fixture", "type": "module" }\n',
    'src/lib/db.ts': SINGLETON,
    'src/routes/stats.ts': CLOSES('../lib/db.js'),
    'src/app/api/report/route.ts': CLOSES('@/lib/db'),
    'src/routes/audit.ts': `import { sql as other } from '../lib/dbx.js';\n${OFFENDER}export const both = [other, sql];\n`, // imports a look-alike, not the singleton
    'src/lib/dbx.ts': OFFENDER,
    'src/routes/users.ts': OFFENDER,
    'src/routes/orders.ts': OFFENDER,
  });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null }>;
}

/** The files `check --changed-since` linted (json lists every checked file) and the rules it reported. */
async function checked(dir: string, ref: string): Promise<{ code: number; files: string[]; findings: string[] }> {
  const { code, stdout, stderr } = await run(['check', dir, '--changed-since', ref, '-f', 'json']);
  expect(stderr).toBe('');
  const results = JSON.parse(stdout) as JsonResult[];
  const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
  return {
    code,
    files: results.map((r) => rel(r.filePath)).sort(),
    findings: results.flatMap((r) => r.messages.map((m) => `${rel(r.filePath)} ${m.ruleId}`)).sort(),
  };
}

describe('--changed-since', () => {
  it('checks the files changed since the merge base (committed, staged, unstaged, untracked), not the others', async () => {
    const dir = repository();
    // Every file reports something on a full run, so a file missing below was really not checked.
    const full = await run(['check', dir, '-f', 'json']);
    const everyFile = (JSON.parse(full.stdout) as JsonResult[]).filter((r) => r.messages.length > 0).map((r) => path.relative(dir, r.filePath));
    expect(everyFile).toHaveLength(6);

    git(dir, 'checkout', '-q', '-b', 'feature');
    fs.appendFileSync(path.join(dir, 'src/routes/users.ts'), 'export const committed = 1;\n');
    git(dir, 'commit', '-q', '-am', 'feature work');
    // main moves on after the branch left it: its changes are not the branch's.
    git(dir, 'checkout', '-q', 'main');
    fs.appendFileSync(path.join(dir, 'src/routes/orders.ts'), 'export const onMain = 1;\n');
    git(dir, 'commit', '-q', '-am', 'main moves on');
    git(dir, 'checkout', '-q', 'feature');
    write(dir, { 'src/routes/staged.ts': OFFENDER, 'src/routes/new.ts': OFFENDER });
    git(dir, 'add', 'src/routes/staged.ts');
    fs.appendFileSync(path.join(dir, 'src/lib/dbx.ts'), '// unstaged edit\n');
    fs.writeFileSync(path.join(dir, 'src/routes/ignored.ts'), OFFENDER);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'src/routes/ignored.ts\n');

    const result = await checked(dir, 'main');
    expect(result.files).toEqual(['src/lib/dbx.ts', 'src/routes/new.ts', 'src/routes/staged.ts', 'src/routes/users.ts']);
    expect(result.findings).toEqual(result.files.map((f) => `${f} poolguard/no-client-outside-singleton`));
    expect(result.code).toBe(1);
  });

  it('adds the files that import a changed singleton module, relative or through an alias', async () => {
    const dir = repository();
    git(dir, 'checkout', '-q', '-b', 'feature');
    fs.appendFileSync(path.join(dir, 'src/lib/db.ts'), 'export const changed = true;\n');
    const result = await checked(dir, 'main');
    expect(result.files).toEqual(['src/app/api/report/route.ts', 'src/lib/db.ts', 'src/routes/stats.ts']);
    expect(result.findings).toEqual(['src/app/api/report/route.ts poolguard/no-close-in-handler', 'src/routes/stats.ts poolguard/no-close-in-handler']);
    // Deleting the singleton counts as changing it: its importers are checked.
    git(dir, 'commit', '-q', '-am', 'touch');
    fs.rmSync(path.join(dir, 'src/lib/db.ts'));
    expect((await checked(dir, 'HEAD')).files).toEqual(['src/app/api/report/route.ts', 'src/routes/stats.ts']);
  });

  it('reports config files (.env, compose, schema.prisma) only when they changed', async () => {
    const dir = tempDir('poolguard-changed-config-');
    fs.cpSync(path.join(FIXTURES, 'projects/database-url'), dir, { recursive: true });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    const full = await checked(dir, 'HEAD');
    expect(full.findings).toEqual([]);
    const everywhere = JSON.parse((await run(['check', dir, '-f', 'json'])).stdout) as JsonResult[];
    const withFindings = everywhere.filter((r) => r.messages.length > 0).map((r) => path.relative(dir, r.filePath));
    expect(withFindings).toContain('docker-compose.yml');
    fs.appendFileSync(path.join(dir, 'docker-compose.yml'), '# touched\n');
    const touched = await checked(dir, 'HEAD');
    expect(touched.files).toEqual(['docker-compose.yml']);
    expect(touched.findings.length).toBeGreaterThan(0);
    expect(touched.code).toBe(1);
  });

  it("with a baseline (the pull-request gate of docs/pull-requests.md): fails only on the branch's new findings, says nothing of unchecked files", async () => {
    const dir = repository();
    const baseline = path.join(dir, 'poolguard-baseline.json');
    expect((await run(['check', dir, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'baseline');
    git(dir, 'checkout', '-q', '-b', 'feature');
    // A baselined finding moves; nothing new: the gate passes.
    fs.writeFileSync(path.join(dir, 'src/routes/users.ts'), `// moved down\n\n${OFFENDER}`);
    const moved = await run(['check', dir, '--changed-since', 'main', '--baseline', baseline, '-f', 'github']);
    expect(moved).toEqual({ code: 0, stdout: 'poolguard: 0 problems (0 errors, 0 warnings) in 1 file changed since main; 1 known finding in the baseline not reported.\n', stderr: '' });
    // A new offender: only it is reported.
    write(dir, { 'src/routes/tags.ts': OFFENDER });
    const added = await run(['check', dir, '--changed-since', 'main', '--baseline', baseline, '-f', 'github']);
    expect(added.code).toBe(1);
    expect(added.stdout.split('\n').filter((line) => line.startsWith('::'))).toEqual([
      expect.stringMatching(/^::error file=src\/routes\/tags\.ts,line=3,col=20,endLine=3,endColumn=55,title=poolguard\/no-client-outside-singleton::/),
    ]);
  });

  it('with nothing changed, checks nothing and exits 0', async () => {
    const dir = repository();
    const { code, stdout } = await run(['check', dir, '--changed-since', 'HEAD']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^✔ No connection problems in 0 files changed since HEAD \(0 parsed, \d+ ms\)\.\n$/);
  });

  it('outside a git repository: one line, exit 2', async () => {
    const dir = tempDir('poolguard-nogit-');
    write(dir, { 'src/routes/users.ts': OFFENDER });
    expect(await run(['check', dir, '--changed-since', 'main'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `poolguard: --changed-since needs a git repository, and ${dir} is not inside a git work tree\n`,
    });
  });

  it('an unknown ref, an option-like ref, or no merge base: one line, exit 2', async () => {
    const dir = repository();
    expect(await run(['check', dir, '--changed-since', 'no-such-branch'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: --changed-since: unknown git revision "no-such-branch"\n' });
    expect(await run(['check', dir, '--changed-since=--output=/tmp/x'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: --changed-since: unknown git revision "--output=/tmp/x"\n' });
    git(dir, 'checkout', '-q', '--orphan', 'unrelated');
    git(dir, 'commit', '-q', '-m', 'unrelated history');
    const noBase = await run(['check', dir, '--changed-since', 'main']);
    expect(noBase.code).toBe(2);
    expect(noBase.stderr).toBe('poolguard: --changed-since: "main" and HEAD have no merge base (a shallow clone? fetch the history, e.g. actions/checkout with fetch-depth: 0)\n');
  });
});

describe('importSpecifiers', () => {
  it('finds static, side-effect, re-export, dynamic and require specifiers', () => {
    const text = [
      "import { sql } from '../lib/db.js';",
      'import "./side-effect";',
      "export * from '@/lib/db';",
      "const m = await import('../lib/prisma.js');",
      "const pg = require('pg');",
      "const notAnImport = 'from nowhere';",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['../lib/db.js', './side-effect', '@/lib/db', '../lib/prisma.js', 'pg']);
  });
});
