// The CLI conventions ESLint, ast-grep and Biome share: rule severities in the config, --rule,
// --max-warnings, --stdin with --stdin-filename, explicit paths that keep the exemptions, `-f=json`,
// and "did you mean" for a mistyped command, option or rule id.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CHECK_USAGE } from '../../src/cli/check.js';
import { FIX_USAGE } from '../../src/cli/fix.js';
import { closest, editDistance } from '../../src/core/suggest.js';
import { run, runBin } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const USERS = "import pg from 'pg';\n\nconst pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n\nexport async function listUsers() {\n  return (await pool.query('select * from users')).rows;\n}\n";

/** A pg app: a singleton, a module with its own pool (no-client-outside-singleton), a handler that ends the shared pool (no-close-in-handler). */
function app(config?: unknown): string {
  const dir = tempDir('poolguard-conventions-');
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'app', private: true, type: 'module', dependencies: { pg: '^8.11.0' } }),
    'src/lib/db.ts': "import pg from 'pg';\n\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 5 });\n\nprocess.on('SIGTERM', () => {\n  void pool.end();\n});\n",
    'src/routes/users.ts': USERS,
    'src/routes/stats.ts': "import { pool } from '../lib/db.js';\n\nexport async function stats(req: unknown, res: { json(v: unknown): void }) {\n  const { rows } = await pool.query('select count(*) from users');\n  await pool.end();\n  res.json(rows);\n}\n",
    ...(config === undefined ? {} : { 'poolguard.config.json': JSON.stringify(config) }),
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** `file ruleId severity` for every message of a JSON run. */
function findings(stdout: string, base: string): string[] {
  const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; severity: number }> }>;
  return results.flatMap((r) => r.messages.map((m) => `${path.relative(base, r.filePath)} ${m.ruleId} ${m.severity}`)).sort();
}

const BOTH = ['src/routes/stats.ts poolguard/no-close-in-handler 2', 'src/routes/users.ts poolguard/no-client-outside-singleton 2'];

describe('"rules" in the config', () => {
  it('"off" is not run, "warn" is a warning (exit 0), ESLint\'s numbers too', async () => {
    const off = app({ rules: { 'no-close-in-handler': 'off' } });
    const result = await run(['check', off, '-f', 'json']);
    expect(findings(result.stdout, off)).toEqual([BOTH[1]]);
    expect(result.code).toBe(1);

    const warn = app({ rules: { 'no-close-in-handler': 1, 'no-client-outside-singleton': 'warn' } });
    const warned = await run(['check', warn, '-f', 'json']);
    expect(findings(warned.stdout, warn)).toEqual(BOTH.map((line) => line.replace(/ 2$/, ' 1')));
    expect(warned.code).toBe(0);

    const zero = app({ rules: { 'no-close-in-handler': 0, 'no-client-outside-singleton': 2 } });
    expect(findings((await run(['check', zero, '-f', 'json'])).stdout, zero)).toEqual([BOTH[1]]);
  });

  it('is read from the "poolguard" key of package.json', async () => {
    const dir = app();
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, poolguard: { rules: { 'no-client-outside-singleton': 'off' } } }));
    expect(findings((await run(['check', dir, '-f', 'json'])).stdout, dir)).toEqual([BOTH[0]]);
  });

  it('a "warn" or "error" opt-in rule is run without --all', async () => {
    const dir = app({ rules: { 'pool-options': 'warn' } });
    const { code, stdout } = await run(['check', dir, '-f', 'json']);
    expect(code).toBe(1);
    expect(findings(stdout, dir)).toEqual([...BOTH, 'src/lib/db.ts poolguard/pool-options 1', 'src/routes/users.ts poolguard/pool-options 1'].sort());
    const plain = app();
    expect(findings((await run(['check', plain, '-f', 'json'])).stdout, plain)).toEqual(BOTH);
  });

  it('an "off" rule is neither fixed nor reported by fix', async () => {
    const dir = app({ rules: { 'no-client-outside-singleton': 'off' } });
    const { code, stdout } = await run(['fix', dir, '--dry']);
    expect(code).toBe(0);
    expect(stdout).toContain('-  await pool.end();');
    expect(stdout).not.toContain('src/routes/users.ts');
    expect(stdout).not.toContain('no-client-outside-singleton');
  });

  it('an unknown rule id or severity is an invalid config naming it', async () => {
    const typo = app({ rules: { 'no-close-in-handlr': 'off' } });
    const result = await run(['check', typo]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^poolguard: invalid config .*poolguard\.config\.json: "rules": unknown rule "no-close-in-handlr", did you mean "no-close-in-handler"\? \(expected one of no-client-outside-singleton, .*database-url\)\n$/);
    const level = app({ rules: { 'no-close-in-handler': 'warning' } });
    expect((await run(['check', level])).stderr).toContain('"rules.no-close-in-handler" must be "off", "warn", "error", 0, 1 or 2');
  });
});

describe('--rule', () => {
  it('runs only the rules named, repeated or comma-separated, on check and fix', async () => {
    const dir = app();
    expect(findings((await run(['check', dir, '-f', 'json', '--rule', 'no-close-in-handler'])).stdout, dir)).toEqual([BOTH[0]]);
    expect(findings((await run(['check', dir, '-f', 'json', '--rule', 'no-close-in-handler', '--rule=poolguard/no-client-outside-singleton'])).stdout, dir)).toEqual(BOTH);
    expect(findings((await run(['check', dir, '-f', 'json', '--rule', 'no-close-in-handler,no-client-outside-singleton'])).stdout, dir)).toEqual(BOTH);
    const fixed = await run(['fix', dir, '--dry', '--rule', 'no-client-outside-singleton']);
    expect(fixed.stdout).toMatch(/\+\+\+ b\/.*src\/routes\/users\.ts/);
    expect(fixed.stdout).not.toContain('await pool.end()');
  });

  it('an unknown id is a usage error with "did you mean"', async () => {
    const dir = app();
    for (const command of ['check', 'fix']) {
      const result = await run([command, dir, '--rule', 'no-close-in-handlr']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^poolguard: unknown rule "no-close-in-handlr", did you mean "no-close-in-handler"\? \(expected one of /);
    }
    expect((await run(['check', dir, '--rule', 'frobnicate'])).stderr).toMatch(/^poolguard: unknown rule "frobnicate" \(expected one of /);
  });
});

describe('--max-warnings', () => {
  it('exits 1 only when the warnings exceed the limit', async () => {
    const dir = app({ rules: { 'no-close-in-handler': 'warn', 'no-client-outside-singleton': 'warn' } });
    expect((await run(['check', dir])).code).toBe(0);
    expect((await run(['check', dir, '--max-warnings', '2'])).code).toBe(0);
    const over = await run(['check', dir, '--max-warnings', '1', '-f', 'json']);
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('poolguard: too many warnings: 2, more than --max-warnings 1\n');
    expect((await run(['check', dir, '--max-warnings=-1'])).code).toBe(0);
    expect(await run(['check', dir, '--max-warnings', 'many'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: --max-warnings needs a non-negative integer, got "many"\n' });
  });

  it('errors still exit 1 within the limit', async () => {
    const dir = app({ rules: { 'no-close-in-handler': 'warn' } });
    expect((await run(['check', dir, '--max-warnings', '10'])).code).toBe(1);
  });
});

describe('--stdin --stdin-filename', () => {
  it('lints the text as the file it names: its package, its singleton, its exemptions', async () => {
    const dir = app();
    const result = await run(['check', '--stdin', '--stdin-filename', 'src/routes/new.ts', '-f', 'json'], dir, process.env, USERS);
    expect(result.code).toBe(1);
    expect(findings(result.stdout, dir)).toEqual(['src/routes/new.ts poolguard/no-client-outside-singleton 2']);
    // The same text in the singleton module is the singleton; in a test file it is exempt.
    const singleton = await run(['check', '--stdin', '--stdin-filename', 'src/lib/db.ts', '-f', 'json'], dir, process.env, USERS);
    expect(findings(singleton.stdout, dir)).toEqual([]);
    const test = await run(['check', '--stdin', '--stdin-filename', 'src/routes/users.test.ts', '-f', 'json'], dir, process.env, USERS);
    expect({ code: test.code, stdout: test.stdout }).toEqual({ code: 0, stdout: '[]\n' });
  });

  it('reads standard input in the built bin', () => {
    const dir = app();
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bin/poolguard.js'), 'check', '--stdin', '--stdin-filename', 'src/routes/new.ts', '-f', 'json'], { cwd: dir, input: USERS, encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(findings(child.stdout, dir)).toEqual(['src/routes/new.ts poolguard/no-client-outside-singleton 2']);
  });

  it('reads the text, not the file on disk', async () => {
    const dir = app();
    const clean = "import { pool } from '../lib/db.js';\n\nexport const listUsers = async () => (await pool.query('select 1')).rows;\n";
    const result = await run(['check', '--stdin', '--stdin-filename', path.join(dir, 'src/routes/users.ts')], dir, process.env, clean);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No connection problems in 1 file');
  });

  it('needs --stdin-filename, and takes no paths', async () => {
    const dir = app();
    expect((await run(['check', '--stdin'], dir, process.env, USERS)).stderr).toBe('poolguard: --stdin needs --stdin-filename FILE (the file the text stands for)\n');
    expect((await run(['check', '--stdin', '--stdin-filename', 'a.ts', 'src'], dir, process.env, USERS)).code).toBe(2);
    expect((await run(['check', '--stdin-filename', 'a.ts'], dir)).stderr).toBe('poolguard: --stdin-filename needs --stdin\n');
  });
});

describe('explicit file paths', () => {
  it('keep the exemptions and the config\'s ignores (lint-staged passes every staged file), unless --no-ignore', async () => {
    const dir = app({ ignores: ['src/legacy/**'] });
    fs.mkdirSync(path.join(dir, 'src/legacy'));
    fs.writeFileSync(path.join(dir, 'src/legacy/old.ts'), USERS);
    fs.writeFileSync(path.join(dir, 'src/routes/users.test.ts'), USERS);
    const staged = ['src/legacy/old.ts', 'src/routes/users.test.ts'];
    const ignored = await run(['check', ...staged, '-f', 'json'], dir);
    expect({ code: ignored.code, stdout: ignored.stdout }).toEqual({ code: 0, stdout: '[]\n' });
    const kept = await run(['check', ...staged, '--no-ignore', '-f', 'json'], dir);
    expect(kept.code).toBe(1);
    expect(findings(kept.stdout, dir)).toEqual(['src/legacy/old.ts poolguard/no-client-outside-singleton 2']);
    // An explicit file that is not exempt is checked as before.
    expect(findings((await run(['check', 'src/routes/users.ts', '-f', 'json'], dir)).stdout, dir)).toEqual([BOTH[1]]);
  });
});

describe('options and commands', () => {
  it('-f=json and --format=json are -f json', async () => {
    const dir = app();
    for (const flag of [['-f=json'], ['--format=json'], ['-fjson']]) {
      const result = await run(['check', dir, ...flag]);
      expect(findings(result.stdout, dir), flag.join(' ')).toEqual(BOTH);
    }
  });

  it('"did you mean" for an unknown command and an unknown option', async () => {
    expect(await run(['chek'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: unknown command "chek", did you mean "check"? (run "poolguard --help" for the commands)\n' });
    expect((await run(['frobnicate'])).stderr).toBe('poolguard: unknown command "frobnicate" (run "poolguard --help" for the commands)\n');
    expect((await run(['check', '--fromat', 'json'])).stderr).toBe('poolguard: unknown option --fromat, did you mean "--format"? (run "poolguard check --help" for the options)\n');
    expect((await run(['fix', '--dyr'])).stderr).toBe('poolguard: unknown option --dyr, did you mean "--dry"? (run "poolguard fix --help" for the options)\n');
    expect((await run(['budget', '--max-conections', '3'])).stderr).toContain('did you mean "--max-connections"?');
  });

  it('-V and --version print the version, and the help lists them', async () => {
    const version = await run(['-V']);
    expect(version.code).toBe(0);
    const { version: own } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`${own}\n`);
    // The bundled CLI (bin/poolguard.js → dist/cli/) finds the same package.json.
    expect(runBin(['--version']).stdout).toBe(`${own}\n`);
    expect(await run(['--version'])).toEqual(version);
    expect((await run(['--help'])).stdout).toContain('-V, --version');
  });

  it('the exit codes of the top-level help agree with each command\'s', async () => {
    const top = (await run(['--help'])).stdout;
    expect(top).toContain('--max-warnings');
    expect(CHECK_USAGE).toContain('unless more than --max-warnings');
    for (const usage of [CHECK_USAGE, FIX_USAGE, top]) expect(usage).toMatch(/Exit codes: 0 [\s\S]*,\s+1 [\s\S]*,\s+2 usage, file-system or internal error/);
    expect(await main(['check', '--help'], { cwd: '.', env: {}, isTTY: false, stdout: () => {}, stderr: () => {} })).toBe(0);
  });
});

describe('suggestions', () => {
  it('counts a swap as one edit and suggests only close words', () => {
    expect(editDistance('chekc', 'check')).toBe(1);
    expect(editDistance('', 'fix')).toBe(3);
    expect(closest('chek', ['check', 'fix'])).toBe('check');
    expect(closest('fxi', ['check', 'fix'])).toBe('fix');
    expect(closest('lint', ['check', 'fix'])).toBeUndefined();
  });
});
