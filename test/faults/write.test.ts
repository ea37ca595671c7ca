// The write side of fix: a root jail, checks before the first write, a summary on every failure, and
// bytes kept. Permission cases run the CLI as another user (root ignores file modes).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { bin, OFFENDER, project, snapshot } from './helpers.js';

const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const temps = (dir: string) => [...snapshot(dir).keys()].filter((file) => /\.poolguard-|\.tmp$/.test(file));

describe('fix never writes outside the project root', () => {
  it('a symlinked file whose target is outside is not written through, and is reported', async () => {
    const outside = tempDir('poolguard-outside-');
    fs.writeFileSync(path.join(outside, 'ext.ts'), OFFENDER);
    const dir = project({ 'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n", 'src/routes/a.ts': OFFENDER });
    fs.symlinkSync(path.join(outside, 'ext.ts'), path.join(dir, 'src/routes/ext.ts'));
    // Named on the command line, so it is a candidate and not just skipped by the walk.
    const result = await run(['fix', '--allow-dirty', dir, path.join(dir, 'src/routes/ext.ts')]);
    expect(fs.readFileSync(path.join(outside, 'ext.ts'), 'utf8')).toBe(OFFENDER);
    expect(fs.lstatSync(path.join(dir, 'src/routes/ext.ts')).isSymbolicLink()).toBe(true);
    expect(result.stdout).toMatch(/src\/routes\/ext\.ts {2}not written: a symlink to .*ext\.ts, outside the project root/);
    expect(fs.readFileSync(path.join(dir, 'src/routes/a.ts'), 'utf8')).not.toBe(OFFENDER);
    expect(result.code).toBe(1);
  });

  it('a singleton is not created in a symlinked folder that leads outside, and no file is made to import it', async () => {
    const outside = tempDir('poolguard-outside-');
    const dir = project({ 'src/routes/a.ts': OFFENDER, 'src/routes/b.ts': OFFENDER });
    fs.symlinkSync(outside, path.join(dir, 'src/lib'));
    const result = await run(['fix', '--allow-dirty', dir]);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^poolguard fix: changed 0 files/);
    expect(result.stdout).toMatch(/src\/lib\/prisma\.ts {2}not written: its folder is .* \(through a symlink\), outside the project root/);
    expect(fs.readFileSync(path.join(dir, 'src/routes/a.ts'), 'utf8')).toBe(OFFENDER);
  });
});

describe('fix checks its writes first and always ends with a summary', () => {
  it('a 255-byte file name is rewritten (the temp name cannot push it over the limit)', async () => {
    const name = `${'a'.repeat(252)}.ts`;
    const dir = project({ [`src/${name}`]: OFFENDER, 'src/b.ts': OFFENDER });
    const result = await run(['fix', '--allow-dirty', dir]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'src', name), 'utf8')).toContain("from './lib/prisma.js'");
    expect(temps(dir)).toEqual([]);
  });

  it.runIf(asRoot)('a folder the user cannot create in: one line per file, a summary, nothing half-written', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, dir]);
    fs.chmodSync(path.join(dir, 'src'), 0o555); // src/lib cannot be created
    const result = bin(['fix', '.'], dir, NOBODY);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^poolguard fix: changed 0 files/);
    expect(result.stdout).toMatch(/src\/lib\/prisma\.ts {2}not written: cannot create a folder in .*src: permission denied \(EACCES\)/);
    expect(fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(OFFENDER);
  });

  it.runIf(asRoot)('a folder whose files cannot be replaced: that file is reported, the others written', () => {
    const dir = project({ 'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n", 'src/ro/a.ts': OFFENDER, 'src/rw/b.ts': OFFENDER });
    execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, dir]);
    fs.chmodSync(path.join(dir, 'src/ro'), 0o555); // no temp file can be made beside a.ts
    const result = bin(['fix', '.'], dir, NOBODY);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^poolguard fix: changed 1 file,/);
    expect(result.stdout).toMatch(/src\/ro\/a\.ts {2}not written: cannot write in .*ro: permission denied \(EACCES\)/);
    expect(fs.readFileSync(path.join(dir, 'src/rw/b.ts'), 'utf8')).toContain("from '../lib/prisma.js'");
  });

  describe.runIf(asRoot)('a full disk', () => {
    const mount = tempDir('poolguard-enospc-');
    let mounted = false;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // no permission to mount: the case is skipped below
    }
    afterAll(() => {
      if (mounted) execFileSync('umount', [mount]);
    });

    it.runIf(mounted)('ENOSPC half-way: a summary of what was written and what was not, no stack, no temp file', () => {
      const files: Record<string, string> = { 'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n" };
      // A rewrite needs room for its temp file until the rename frees the old one: the big r5.ts does not fit.
      for (let i = 0; i < 10; i++) files[`src/routes/r${i}.ts`] = `${OFFENDER}${'// padding\n'.repeat(i === 5 ? 4000 : 10)}`;
      const dir = path.join(mount, 'app');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "full", "type": "module" }\n');
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const before = snapshot(dir);
      try {
        for (let i = 0; ; i++) fs.writeFileSync(path.join(mount, `fill${i}`), Buffer.alloc(4096));
      } catch {
        // full
      }
      for (let i = 0; i < 2; i++) fs.rmSync(path.join(mount, `fill${i}`));
      const result = bin(['fix', '--allow-dirty', '.'], dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/src\/routes\/r5\.ts {2}not written: no space left on device \(ENOSPC\)/);
      expect(result.stdout).toMatch(/not written: stopped after writing .* failed/);
      const after = snapshot(dir);
      const changed = [...before.keys()].filter((file) => !before.get(file)!.equals(after.get(file)!));
      expect(changed.length).toBeGreaterThan(0);
      expect(result.stdout).toMatch(new RegExp(`^poolguard fix: changed ${changed.length} files?,`));
      expect(temps(dir)).toEqual([]);
    });
  });
});

describe('fix keeps bytes', () => {
  it('a file that is not valid UTF-8 is reported and left byte for byte', async () => {
    const bytes = Buffer.concat([Buffer.from(OFFENDER), Buffer.from([0x2f, 0x2f, 0x20, 0xff, 0xfe, 0x0a])]);
    const dir = project({ 'src/a.ts': bytes, 'src/b.ts': OFFENDER });
    const result = await run(['fix', '--allow-dirty', dir]);
    expect(fs.readFileSync(path.join(dir, 'src/a.ts')).equals(bytes)).toBe(true);
    expect(result.stdout).toMatch(/src\/a\.ts {2}left untouched: not valid UTF-8/);
  });

  it('the file mode is kept', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    fs.chmodSync(path.join(dir, 'src/a.ts'), 0o640);
    await run(['fix', '--allow-dirty', dir]);
    expect(fs.statSync(path.join(dir, 'src/a.ts')).mode & 0o777).toBe(0o640);
  });
});
