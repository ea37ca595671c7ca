// Bad input on the read side: special files, symlink loops, devices, BOMs. Each case runs the built
// CLI in a child process, so a hang fails one test instead of freezing the suite.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { run } from '../helpers/cli.js';
import { bin, OFFENDER, project } from './helpers.js';

const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

describe('special files are never opened for reading', () => {
  for (const name of ['package.json', '.gitignore', 'poolguard.config.json']) {
    it(`a FIFO named ${name} at the root does not hang check`, () => {
      const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
      fs.rmSync(path.join(dir, name), { force: true });
      mkfifo(path.join(dir, name));
      const result = bin(['check', '.'], dir);
      expect(result.signal).toBeNull();
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('no-client-outside-singleton');
    });
  }

  it('a FIFO source file is skipped by the walk; named explicitly it is a usage error', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    mkfifo(path.join(dir, 'src/pipe.ts'));
    const walked = bin(['check', '.'], dir);
    expect(walked).toMatchObject({ signal: null, code: 1 });
    expect(walked.stdout).toContain('2 files checked');
    const named = bin(['check', 'src/pipe.ts'], dir);
    expect(named).toMatchObject({ signal: null, code: 2 });
    expect(named.stderr).toBe('poolguard: not a regular file: src/pipe.ts\n');
  });

  it('an .env that is a device is skipped, not read until memory runs out', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    fs.symlinkSync('/dev/zero', path.join(dir, '.env'));
    expect(bin(['check', '.'], dir)).toMatchObject({ signal: null, code: 1 });
    const named = bin(['check', '.env'], dir);
    expect(named).toMatchObject({ signal: null, code: 2, stderr: 'poolguard: not a regular file: .env\n' });
  });
});

describe('budget reads only regular files, size-bounded', () => {
  it('a FIFO named Procfile or ecosystem.config.js and a Dockerfile that is a device do not hang or flood budget', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    mkfifo(path.join(dir, 'Procfile'));
    mkfifo(path.join(dir, 'ecosystem.config.js'));
    fs.symlinkSync('/dev/zero', path.join(dir, 'Dockerfile'));
    const result = bin(['budget', '.'], dir);
    expect(result).toMatchObject({ signal: null, stderr: '' });
    expect(result.stdout).toContain('one process');
  });
});

describe('what one file may cost', () => {
  // 200 files like these took 32 minutes and 3.2 GiB when each one that imported a client was parsed.
  const generated = (header: string) => `${header}\n${'export const row = { id: 1, name: "n", tags: [1, 2, 3] };\n'.repeat(16_000)}`;

  it('large generated files that import a client package but create nothing are not parsed', async () => {
    const dir = project({
      'src/gen/types.ts': generated("import type { PrismaClient } from '@prisma/client';\nexport type Db = PrismaClient;"),
      'src/gen/enums.ts': generated("import { Prisma } from '@prisma/client';\nexport const mode = Prisma.QueryMode.insensitive;"),
      'src/gen/reexport.ts': generated("export * from '@prisma/client';"),
    });
    expect(fs.statSync(path.join(dir, 'src/gen/types.ts')).size).toBeGreaterThan(900_000);
    const outcome = await runCheck(['.'], dir);
    expect(outcome).toMatchObject({ filesChecked: 3, filesParsed: 0 });
  });

  it('a file over 1 MiB is skipped with a warning before it is read (its size, from fstat)', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    // Sparse: 3 GiB on paper, nothing on disk; reading it whole would be a fatal error.
    const fd = fs.openSync(path.join(dir, 'src/bundle.js'), 'w');
    fs.ftruncateSync(fd, 3 * 1024 ** 3);
    fs.closeSync(fd);
    const outcome = await runCheck(['.'], dir);
    expect(outcome.results.find((r) => r.filePath.endsWith('bundle.js'))?.messages).toEqual([expect.objectContaining({ severity: 1, message: 'File skipped: 3072.0 MiB is over the 1 MiB limit (generated or bundled code?)' })]);
  });
});

describe('symlinked directory loops', () => {
  it('check and fix finish on a tree with a loop', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER, 'src/lib/.gitignore': 'dist\n' });
    fs.symlinkSync('..', path.join(dir, 'src/lib/up'));
    fs.symlinkSync(dir, path.join(dir, 'src/root'));
    const checked = bin(['check', '.'], dir);
    expect(checked).toMatchObject({ signal: null, code: 1 });
    const fixed = bin(['fix', '--allow-dirty', '.'], dir);
    expect(fixed).toMatchObject({ signal: null, code: 0 });
  });
});

describe('a UTF-8 BOM is not an error', () => {
  it('in poolguard.config.json', async () => {
    const dir = project({ 'poolguard.config.json': '\uFEFF{ "ignores": ["src/skip/**"] }\n', 'src/skip/a.ts': OFFENDER, 'src/skip/b.ts': OFFENDER });
    expect(await run(['check', dir])).toMatchObject({ code: 0, stderr: '' });
  });

  it('in package.json', async () => {
    const dir = project({ 'src/skip/a.ts': OFFENDER, 'src/skip/b.ts': OFFENDER });
    fs.writeFileSync(path.join(dir, 'package.json'), '\uFEFF{ "name": "bom", "poolguard": { "ignores": ["src/skip/**"] } }\n');
    expect(await run(['check', dir])).toMatchObject({ code: 0, stderr: '' });
  });

  it('in a baseline file', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    const baseline = path.join(dir, 'baseline.json');
    expect((await run(['check', dir, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    fs.writeFileSync(baseline, `\uFEFF${fs.readFileSync(baseline, 'utf8')}`);
    expect(await run(['check', dir, '--baseline', baseline])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('the scanned project’s code is never run', () => {
  it('an eslint-formatter-stylish package in the project is not loaded for the stylish output', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    const marker = path.join(dir, 'ran');
    fs.mkdirSync(path.join(dir, 'node_modules/eslint-formatter-stylish'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/eslint-formatter-stylish/package.json'), '{ "name": "eslint-formatter-stylish", "main": "index.js" }');
    fs.writeFileSync(path.join(dir, 'node_modules/eslint-formatter-stylish/index.js'), `require('fs').writeFileSync(${JSON.stringify(marker)}, ''); module.exports = () => 'hijacked';`);
    const result = bin(['check', '.'], dir);
    expect(result.stdout).not.toContain('hijacked');
    expect(fs.existsSync(marker)).toBe(false);
  });
});
