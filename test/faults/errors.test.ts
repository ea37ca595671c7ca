// Every user-facing failure is one line on stderr with exit code 2, never a stack trace.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { bin, OFFENDER, project } from './helpers.js';

const oneLine = (stderr: string) => {
  expect(stderr).toMatch(/^poolguard: [^\n]+\n$/);
  expect(stderr).not.toContain('internal error');
};

describe('one line, exit 2', () => {
  it('an unknown command', async () => {
    const result = await run(['frobnicate']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('--update-baseline into a folder that does not exist', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    const result = bin(['check', '.', '--baseline', 'missing/baseline.json', '--update-baseline'], dir);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain('missing');
  });

  it('a glob longer than picomatch accepts, in the config', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'poolguard.config.json': JSON.stringify({ ignores: [`${'a'.repeat(100_000)}/**`] }) });
    const result = bin(['check', '.'], dir);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(result.stderr).toContain('"ignores"');
  });

  it('stdout closed early (poolguard … | head) is not an error', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    const child = spawnSync('bash', ['-c', `node ${JSON.stringify(path.join(ROOT, 'bin/poolguard.js'))} fix --dry . | head -c 1 >/dev/null`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
  });
});

describe('a baseline through a symlink', () => {
  it('keeps the link and writes its target inside the root', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER, 'ci/baseline.json': '{ "version": 1, "findings": {} }\n' });
    fs.symlinkSync('ci/baseline.json', path.join(dir, 'baseline.json'));
    const result = await run(['check', dir, '--baseline', path.join(dir, 'baseline.json'), '--update-baseline']);
    expect(result).toMatchObject({ code: 0 });
    expect(fs.lstatSync(path.join(dir, 'baseline.json')).isSymbolicLink()).toBe(true);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'ci/baseline.json'), 'utf8')).findings)).toHaveLength(2);
  });

  it('refuses a link whose target is outside the root', async () => {
    const outside = tempDir('poolguard-outside-');
    const untouched = '{ "version": 1, "findings": {} }\n';
    fs.writeFileSync(path.join(outside, 'b.json'), untouched);
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    fs.symlinkSync(path.join(outside, 'b.json'), path.join(dir, 'baseline.json'));
    const result = await run(['check', dir, '--baseline', path.join(dir, 'baseline.json'), '--update-baseline']);
    expect(result.code).toBe(2);
    oneLine(result.stderr);
    expect(fs.readFileSync(path.join(outside, 'b.json'), 'utf8')).toBe(untouched);
  });
});
