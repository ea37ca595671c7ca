// `poolguard fix` adds no type error: every fixture project (the demo has its own test, with real
// tsc, in test/cli/fix.test.ts) is typechecked in-process before and after fix, and the diagnostics
// are compared per (file, code, message). What fix wrote must be in a typechecked program.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFix } from '../../src/cli/fix.js';
import { copyToTemp } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { newDiagnostics, projectTypechecker } from '../helpers/typecheck.js';

const PROJECTS = path.join(FIXTURES, 'projects');
// The projects fix rewrites; the others must stay untouched (a project added later lands in one list).
const CHANGED = ['bad-input', 'commonjs-app', 'inferred-monorepo', 'nest-app', 'seed-004-factories', 'sveltekit', 'workspace-packages'];
const UNCHANGED = ['database-url', 'fixture-root', 'worker'];
// Known poolguard bugs, `file code`: add one with the bug's fixture, remove it when the bug is fixed
// (the `.js` import in an ESM package without a tsconfig and the SvelteKit `dev` test were the last).
const KNOWN: Record<string, string[]> = {};

function hashes(root: string, dir = root, out = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashes(root, full, out);
    else out.set(path.relative(root, full), crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex'));
  }
  return out;
}

describe('fix adds no type error to a fixture project', () => {
  it('lists every fixture project', () => {
    const all = fs.readdirSync(PROJECTS, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect([...CHANGED, ...UNCHANGED, 'demo'].sort()).toEqual(all.sort());
  });

  it.each([...CHANGED, ...UNCHANGED])('%s', async (name) => {
    const copy = copyToTemp(path.join(PROJECTS, name));
    const typecheck = projectTypechecker(copy);
    const before = typecheck();
    const original = hashes(copy);
    await runFix([copy], copy, { allowDirty: true });
    const written = [...hashes(copy)].filter(([file, hash]) => original.get(file) !== hash).map(([file]) => file);
    const after = typecheck();

    expect(written.length > 0).toBe(CHANGED.includes(name));
    expect(written.filter((file) => /\.[cm]?[jt]sx?$/.test(file) && !after.files.has(file))).toEqual([]);
    const added = newDiagnostics(before.diagnostics, after.diagnostics);
    expect(added.map((d) => `${d.file} TS${d.code}`)).toEqual(KNOWN[name] ?? []);
  });

  it('would see a moved local and a dangling import (the check can fail)', () => {
    const copy = copyToTemp(path.join(PROJECTS, 'seed-004-factories'));
    const typecheck = projectTypechecker(copy);
    const before = typecheck();
    fs.appendFileSync(path.join(copy, 'app/api/health/route.ts'), "\nexport const moved = connectionString;\nexport { sql } from '@/lib/sql';\n");
    const added = newDiagnostics(before.diagnostics, typecheck().diagnostics);
    expect(added.map((d) => `${d.file} TS${d.code}`)).toEqual(['app/api/health/route.ts TS2304', 'app/api/health/route.ts TS2307']);
  });
});
