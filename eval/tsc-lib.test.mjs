// node --test eval/ : reading tsc's output, comparing two runs, and choosing packages and installs
// (temp folders, no checkouts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { dryRunFiles, installCommand, installRoot, newDiagnostics, owningConfig, parseTscOutput } from './tsc-lib.mjs';

function tree(files) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-tsc-lib-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

test('tsc output: located and global diagnostics, continuation lines joined, paths relative to the root', () => {
  const out = [
    "src/a.ts(3,7): error TS2304: Cannot find name 'connectionString'.",
    "src/b.ts(1,1): error TS2322: Type 'string' is not assignable to type 'number'.",
    "  Type 'x' is not assignable to type 'y'.",
    "error TS6053: File '/x/next-env.d.ts' not found.",
    '/abs/listed/file.ts',
  ].join('\n');
  assert.deepEqual(parseTscOutput(out, '/repo/pkg', '/repo'), [
    { file: 'pkg/src/a.ts', line: 3, code: 'TS2304', message: "Cannot find name 'connectionString'." },
    { file: 'pkg/src/b.ts', line: 1, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'.\nType 'x' is not assignable to type 'y'." },
    { file: '', line: 0, code: 'TS6053', message: "File '/x/next-env.d.ts' not found." },
  ]);
});

test('new diagnostics: a moved line is the same one, a second copy of one is new', () => {
  const d = (line, code = 'TS2304', message = 'm') => ({ file: 'a.ts', line, code, message });
  assert.deepEqual(newDiagnostics([d(3)], [d(9)]), []);
  assert.deepEqual(newDiagnostics([d(3)], [d(3), d(5)]), [d(5)]);
  assert.deepEqual(newDiagnostics([d(3)], [d(3, 'TS2580')]), [d(3, 'TS2580')]);
  assert.deepEqual(newDiagnostics([d(3), d(4)], []), []);
});

test('the files a dry run would write, changed or created', () => {
  const stdout = '--- a/x/db.ts\n+++ b/x/db.ts\n@@ -1 +1 @@\n--- /dev/null\n+++ b/x/lib/new.ts\n+++ b/x/db.ts\n';
  assert.deepEqual(dryRunFiles(stdout), ['x/db.ts', 'x/lib/new.ts']);
});

test('the nearest tsconfig or jsconfig owns a file; installs go to the lockfile or workspace root', () => {
  const root = tree({
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'examples/one/tsconfig.json': '{}',
    'examples/one/package-lock.json': '{}',
    'examples/two/package.json': '{ "workspaces": ["api"] }',
    'examples/two/api/jsconfig.json': '{}',
    'examples/two/api/src/f.js': '',
    'mono/pnpm-workspace.yaml': 'packages: ["apps/*"]\n',
    'mono/pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
    'mono/package.json': '{ "packageManager": "pnpm@8.15.0" }',
  });
  assert.equal(owningConfig(root, 'examples/one/src/a.ts'), 'examples/one/tsconfig.json');
  assert.equal(owningConfig(root, 'examples/two/api/src/f.js'), 'examples/two/api/jsconfig.json');
  assert.equal(owningConfig(root, 'other/a.ts'), undefined);
  assert.equal(installRoot(root, 'examples/one'), 'examples/one');
  assert.equal(installRoot(root, 'examples/two/api'), 'examples/two');
  assert.equal(installRoot(root, 'mono/apps/web'), 'mono');
  assert.equal(installRoot(root, 'loose'), '.');
  assert.deepEqual(installCommand(path.join(root, 'examples/one')), ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund']);
  const pnpm = installCommand(path.join(root, 'mono'), ['@mono/web']);
  assert.equal(pnpm[2], 'pnpm@8');
  assert.deepEqual(pnpm.slice(-2), ['--filter', '@mono/web...']);
  assert.equal(installCommand(root, ['x']).includes('--filter'), false); // not a workspace: no filter
  fs.rmSync(root, { recursive: true, force: true });
});
