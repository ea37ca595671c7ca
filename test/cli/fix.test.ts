import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyToTemp, normaliseJson, run } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const DEMO = path.join(FIXTURES, 'projects/demo');

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs), fs.readFileSync(abs, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function gitInit(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'init');
}

describe('poolguard fix on the demo', () => {
  it('--dry prints diffs and the summary, and writes nothing', async () => {
    const copy = copyToTemp(DEMO);
    const before = snapshot(copy);
    const { code, stdout } = await run(['fix', '--dry', copy]);
    expect(code).toBe(1); // two offenders are left, on purpose
    expect(stdout).toContain("-const prisma = new PrismaClient();\n");
    expect(stdout).toContain("+import { prisma } from '../lib/prisma.js';\n");
    expect(stdout).toContain('--- /dev/null\n+++ b/');
    expect(stdout).toContain('poolguard fix: would change 22 files, fixed 22 offenders (dry run: nothing written)');
    expect(snapshot(copy)).toEqual(before);
  });

  it('writes the fixes, lists what it left, then check reports only those; a second run changes nothing', async () => {
    const copy = copyToTemp(DEMO);
    const first = await run(['fix', '--allow-dirty', copy]);
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/^poolguard fix: changed 22 files, fixed 22 offenders\n/);
    expect(first.stdout).toContain('  created singleton module ');
    const left = [...first.stdout.matchAll(/^ {2}(\S+):(\d+):(\d+) {2}(\S+) {2}/gm)].map((m) => `${path.relative(copy, path.resolve(m[1]!))} ${m[4]}`);
    expect(left).toHaveLength(2);

    const check = await run(['check', copy, '--format', 'json']);
    const remaining = (normaliseJson(check.stdout, copy) as Array<{ filePath: string; messages: Array<{ ruleId: string }> }>).flatMap((r) =>
      r.messages.map((m) => `${r.filePath} ${m.ruleId.replace('poolguard/', '')}`),
    );
    expect(remaining.sort()).toEqual(left.sort());

    const afterFirst = snapshot(copy);
    const second = await run(['fix', '--allow-dirty', copy]);
    expect(second.stdout).toMatch(/^poolguard fix: changed 0 files, fixed 0 offenders\n/);
    expect(snapshot(copy)).toEqual(afterFirst);
  });

  it('on a subfolder, uses the whole project: the routes import the existing singleton, nothing is created', async () => {
    const copy = copyToTemp(DEMO);
    const { stdout } = await run(['fix', '--dry', '--allow-dirty', 'apps/api/src/routes'], copy);
    expect(stdout).toContain('poolguard fix: would change 7 files, fixed 7 offenders (dry run: nothing written)');
    expect(stdout).not.toContain('--- /dev/null');
    expect(stdout.match(/^\+import \{ prisma \} from '\.\.\/lib\/prisma\.js';$/gm)).toHaveLength(7);
  });

  it('typechecks before and after the fix (offline, with the demo type declarations)', async () => {
    const copy = copyToTemp(DEMO);
    const tsc = (app: string) => execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '--noEmit', '-p', path.join(copy, app)], { encoding: 'utf8' });
    expect(tsc('apps/api')).toBe('');
    expect(tsc('apps/web')).toBe('');
    await run(['fix', '--allow-dirty', copy]);
    expect(tsc('apps/api')).toBe('');
    expect(tsc('apps/web')).toBe('');
  });
});

describe('poolguard fix safety', () => {
  it('refuses a dirty git work tree unless --allow-dirty', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/sveltekit'));
    gitInit(copy);
    fs.appendFileSync(path.join(copy, 'src/routes/blog/+page.server.ts'), '\n');
    const refused = await run(['fix', copy]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^poolguard: the git work tree has uncommitted changes \(src\/routes\/blog\/\+page\.server\.ts\); commit or stash them, or pass --allow-dirty\n$/);
    // The route's per-request client and close, and the uncached singleton of a SvelteKit (vite dev) app.
    expect((await run(['fix', '--allow-dirty', copy])).stdout).toContain(
      'poolguard fix: changed 3 files, fixed 3 offenders\n     1  no-client-per-request\n     1  no-close-in-handler\n     1  require-global-cache\n',
    );
  });

  it('keeps CRLF line endings and the file mode, and leaves a file that does not parse untouched', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/fixture-root'));
    const route = path.join(copy, 'src/routes/users.ts');
    fs.mkdirSync(path.dirname(route), { recursive: true });
    fs.writeFileSync(route, "import postgres from 'postgres';\r\n\r\nconst sql = postgres(process.env.DATABASE_URL!);\r\n\r\nexport const list = () => sql`select 1`;\r\n");
    fs.chmodSync(route, 0o640);
    const broken = path.join(copy, 'src/routes/broken.ts');
    const brokenText = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient(\n";
    fs.writeFileSync(broken, brokenText);
    const { code, stdout } = await run(['fix', '--allow-dirty', copy]);
    expect(code).toBe(1);
    expect(fs.readFileSync(route, 'utf8')).toBe("import { sql } from '../lib/db';\r\n\r\nexport const list = () => sql`select 1`;\r\n");
    expect(fs.statSync(route).mode & 0o777).toBe(0o640);
    expect(fs.readFileSync(broken, 'utf8')).toBe(brokenText);
    expect(stdout).toMatch(/failed \(1\):\n {2}\S*src\/routes\/broken\.ts {2}left untouched: '\)' expected/);
  });

  it('an unknown option is a usage error', async () => {
    expect(await run(['fix', '--frobnicate'])).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('killing fix mid-run', () => {
  it('leaves every file wholly old or wholly new, no temp file, and a rerun finishes the job', async () => {
    const base = tempDir('poolguard-kill-');
    const make = (dir: string) => {
      fs.mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'src/routes'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "kill", "type": "module" }');
      fs.writeFileSync(path.join(dir, 'src/lib/prisma.ts'), "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n");
      for (let i = 0; i < 40; i++) {
        fs.writeFileSync(path.join(dir, `src/routes/r${i}.ts`), `import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\n\nexport const f${i} = () => prisma.user.count();\n`);
      }
    };
    const victim = path.join(base, 'victim');
    const reference = path.join(base, 'reference');
    make(victim);
    make(reference);
    const original = snapshot(victim);
    await run(['fix', '--allow-dirty', reference]);
    const complete = snapshot(reference);

    // The test hook stops the child after its fifth write and says so; the kill lands between writes.
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.resolve('bin/poolguard.js'), 'fix', '--allow-dirty', victim], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, POOLGUARD_TEST_PAUSE_AFTER_WRITES: '5' },
    });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('paused after 5 writes')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`fix exited (${code}) before pausing: ${stderr}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const after = snapshot(victim);
    expect([...after.keys()].filter((file) => !original.has(file))).toEqual([]);
    const torn = [...original.keys()].filter((file) => after.get(file) !== original.get(file) && after.get(file) !== complete.get(file));
    expect(torn).toEqual([]);
    expect([...original.keys()].filter((file) => after.get(file) !== original.get(file))).toHaveLength(5);

    await run(['fix', '--allow-dirty', victim]);
    expect(snapshot(victim)).toEqual(complete);
  }, 120_000); // three runs of fix: a cap for a loaded machine, not a wait
});

describe('poolguard init', () => {
  it('in a folder with no package.json, creates the singleton inside it, never in a folder above', async () => {
    const dir = tempDir('poolguard-nopkg-');
    fs.mkdirSync(path.join(dir, 'src/routes'), { recursive: true });
    for (const name of ['a', 'b']) {
      fs.writeFileSync(path.join(dir, `src/routes/${name}.ts`), `import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const ${name} = () => prisma.user.findMany();\n`);
    }
    const { stdout } = await run(['fix', '--dry', '--allow-dirty', '.'], dir);
    expect(stdout).toContain('  created singleton module src/lib/prisma.ts\n');
    expect(stdout).toContain("+import { prisma } from '../lib/prisma';");
  });

  it('creates the singleton a package needs, and nothing else; a second run has nothing to do', async () => {
    const copy = copyToTemp(DEMO);
    const before = snapshot(copy);
    const first = await run(['init', copy]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\ncreated \S*apps\/web\/src\/lib\/pool\.ts \(exports `pool`\)\n$/);
    expect(first.stdout).toContain('poolguard.config.json already configures poolguard; left as is');
    const after = snapshot(copy);
    expect([...after.keys()].filter((file) => !before.has(file))).toEqual(['apps/web/src/lib/pool.ts']);
    expect(after.get('apps/web/src/lib/pool.ts')).toBe(
      [
        "import { createDbConnection } from '@/lib/db/utils';",
        '',
        '// The one shared pool for this package, created by `poolguard fix`: `createDbConnection()` opens a new pool on',
        '// every call, so it is called once, here, and its callers import the result.',
        '// Cached on globalThis because the dev server re-evaluates modules in process.',
        'const globalForPool = globalThis as unknown as { pool?: ReturnType<typeof createDbConnection> };',
        '',
        'export const pool = globalForPool.pool ?? createDbConnection();',
        '',
        "if (process.env.NODE_ENV !== 'production') globalForPool.pool = pool;",
        '',
      ].join('\n'),
    );
    expect((await run(['init', copy])).stdout).toMatch(/\nevery package with offenders already has a singleton module\n$/);
  });
});
