// The folder walk on names and folders fast-glob got wrong or dropped without a word: a backslash in a
// name, a name that is not UTF-8 (in a file or a folder), a special file with a source name, and a
// folder that cannot be listed.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { bin, OFFENDER, project } from './helpers.js';

const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const SINGLETON = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n";

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; severity: number; message: string }>;
}

/** file path relative to `dir` → its messages' rule ids or texts. */
async function checkJson(dir: string): Promise<Record<string, string[]>> {
  const { stdout } = await run(['check', dir, '-f', 'json']);
  const results = JSON.parse(stdout) as JsonResult[];
  return Object.fromEntries(results.filter((r) => r.messages.length > 0).map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId ?? m.message)]));
}

/** `caf\xE9.ts` as bytes (Latin-1, not UTF-8), written under `dir`. */
const latin1 = (dir: string, ...parts: string[]) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(parts.join('/'), 'latin1')]);

describe('names as the file system holds them', () => {
  it('a backslash in a file name is part of the name, not a folder: the offender is found', async () => {
    const dir = project({ 'src/a\\b.ts': OFFENDER, 'src/lib/prisma.ts': SINGLETON });
    expect(await checkJson(dir)).toEqual({ 'src/a\\b.ts': ['poolguard/no-client-outside-singleton'] });
  });

  it('a file name that is not UTF-8 is read by its bytes: the offender is found, not "Cannot read file: ENOENT"', async () => {
    const dir = project({ 'src/lib/prisma.ts': SINGLETON });
    fs.writeFileSync(latin1(dir, 'src', 'caf\xe9.ts'), OFFENDER);
    expect(await checkJson(dir)).toEqual({ 'src/caf\uFFFD.ts': ['poolguard/no-client-outside-singleton'] });
  });

  it('so are the files in a folder whose name is not UTF-8', async () => {
    const dir = project({ 'src/lib/prisma.ts': SINGLETON });
    fs.mkdirSync(latin1(dir, 'src', 'r\xe9sum\xe9'));
    fs.writeFileSync(latin1(dir, 'src', 'r\xe9sum\xe9', 'a.ts'), OFFENDER);
    expect(await checkJson(dir)).toEqual({ 'src/r\uFFFDsum\uFFFD/a.ts': ['poolguard/no-client-outside-singleton'] });
  });

  it('fix leaves such a file as it is and says why, and fixes the others', async () => {
    const dir = project({ 'src/lib/prisma.ts': SINGLETON, 'src/ok.ts': OFFENDER });
    const file = latin1(dir, 'src', 'caf\xe9.ts');
    fs.writeFileSync(file, OFFENDER);
    const result = await run(['fix', '--allow-dirty', dir]);
    expect(fs.readFileSync(file, 'utf8')).toBe(OFFENDER);
    expect(fs.readFileSync(path.join(dir, 'src/ok.ts'), 'utf8')).toContain("from './lib/prisma.js'");
    expect(result.stdout).toMatch(/src\/caf\uFFFD\.ts {2}left untouched: its name is not valid UTF-8/);
    expect(result.code).toBe(1);
  });
});

describe('what the walk cannot check is a warning, not a silent gap', () => {
  it('a FIFO with a source name', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    execFileSync('mkfifo', [path.join(dir, 'src/pipe.ts')]);
    const result = bin(['check', '.', '-f', 'json'], dir);
    expect(result).toMatchObject({ signal: null, code: 1 });
    const results = JSON.parse(result.stdout) as JsonResult[];
    expect(results.find((r) => r.filePath === path.join(dir, 'src/pipe.ts'))?.messages).toEqual([expect.objectContaining({ severity: 1, message: 'File skipped: a FIFO, not a regular file' })]);
  });

  it('a FIFO the config ignores, or without a source name, says nothing', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER, 'poolguard.config.json': '{ "ignores": ["src/skip/**"] }\n' });
    fs.mkdirSync(path.join(dir, 'src/skip'));
    execFileSync('mkfifo', [path.join(dir, 'src/skip/pipe.ts')]);
    execFileSync('mkfifo', [path.join(dir, 'src/pipe')]);
    const result = bin(['check', '.'], dir);
    expect(result).toMatchObject({ signal: null, code: 1 });
    expect(result.stdout).not.toContain('skipped');
  });

  it.runIf(asRoot)('a folder that cannot be listed: check warns, fix says its offenders were not fixed', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER, 'src/locked/c.ts': OFFENDER });
    execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, dir]);
    fs.chmodSync(path.join(dir, 'src/locked'), 0o311); // enter, not list
    const checked = bin(['check', '.'], dir, NOBODY);
    expect(checked).toMatchObject({ signal: null, code: 1, stderr: '' });
    expect(checked.stdout).toContain(`${path.join(dir, 'src/locked')}\n  0:0  warning  Folder skipped: cannot list its files (EACCES)`);
    const fixed = bin(['fix', '--allow-dirty', '.'], dir, NOBODY);
    expect(fixed).toMatchObject({ signal: null, code: 1, stderr: '' });
    expect(fixed.stdout).toContain('src/locked  not fixed: cannot list its files (EACCES)');
  });
});
