// `init` writes as `fix` does: the dirty-tree guard first, every write checked before the first one
// (never through a symlink that leaves the root), and a failure named in one line, without a stack.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { bin, gitCommitAll, OFFENDER, project } from './helpers.js';

const asRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

describe('init and the dirty-tree guard', () => {
  it('refuses to write in a dirty work tree unless --allow-dirty; --dry writes nothing and needs no clean tree', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    gitCommitAll(dir);
    fs.appendFileSync(path.join(dir, 'src/a.ts'), '// work in progress\n');
    const refused = await run(['init', dir]);
    expect(refused).toMatchObject({ code: 2, stdout: '' });
    expect(refused.stderr).toBe('poolguard: the git work tree has uncommitted changes (src/a.ts); commit or stash them, or pass --allow-dirty\n');
    expect(fs.existsSync(path.join(dir, 'poolguard.config.json'))).toBe(false);
    expect((await run(['init', '--dry', dir])).code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'poolguard.config.json'))).toBe(false);
    const allowed = await run(['init', '--allow-dirty', dir]);
    expect(allowed.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'poolguard.config.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src/lib/prisma.ts'))).toBe(true);
  });

  it('a git that fails (a corrupt index) is "cannot tell", not a clean tree', async () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    gitCommitAll(dir);
    fs.writeFileSync(path.join(dir, '.git/index'), 'not an index');
    const result = await run(['init', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^poolguard: cannot tell whether the git work tree has uncommitted changes \(git .*\); pass --allow-dirty to write anyway\n$/);
    expect(fs.existsSync(path.join(dir, 'poolguard.config.json'))).toBe(false);
  });
});

describe('init checks its writes first', () => {
  it('a singleton is not created in a symlinked folder that leads outside; the config, which needs no singleton, is written', async () => {
    const outside = tempDir('poolguard-outside-');
    const dir = project({ 'src/routes/a.ts': OFFENDER, 'src/routes/b.ts': OFFENDER });
    fs.symlinkSync(outside, path.join(dir, 'src/lib'));
    const result = await run(['init', dir]);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(result.stdout).toMatch(/src\/lib\/prisma\.ts {2}not written: its folder is .* \(through a symlink\), outside the project root/);
    expect(result.stdout).toContain('wrote ');
    expect(result.code).toBe(1);
  });

  it('a config symlinked to a file outside the root is not written through', async () => {
    const outside = tempDir('poolguard-outside-');
    fs.writeFileSync(path.join(outside, 'poolguard.config.json'), '{}\n');
    const dir = project({ 'src/lib/prisma.ts': "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n", 'src/a.ts': OFFENDER });
    fs.symlinkSync(path.join(outside, 'poolguard.config.json'), path.join(dir, 'poolguard.config.json'));
    const result = await run(['init', '--force', dir]);
    expect(fs.readFileSync(path.join(outside, 'poolguard.config.json'), 'utf8')).toBe('{}\n');
    expect(result.stdout).toMatch(/poolguard\.config\.json {2}not written: a symlink to .*, outside the project root/);
    expect(result).toMatchObject({ code: 1, stderr: '' });
  });

  it.runIf(asRoot)('a root the user cannot write in: one line per file, no stack, nothing half-written', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    execFileSync('chown', ['-R', `${NOBODY.uid}:${NOBODY.gid}`, dir]);
    fs.chmodSync(dir, 0o555);
    fs.chmodSync(path.join(dir, 'src'), 0o555);
    const result = bin(['init', '.'], dir, NOBODY);
    fs.chmodSync(dir, 0o755);
    expect(result).toMatchObject({ signal: null, code: 1, stderr: '' });
    expect(result.stdout).toMatch(/^poolguard\.config\.json {2}not written: cannot write in .*: permission denied \(EACCES\)$/m);
    expect(result.stdout).toMatch(/^src\/lib\/prisma\.ts {2}not written: cannot create a folder in .*src: permission denied \(EACCES\)$/m);
    expect(fs.readdirSync(dir).sort()).toEqual(['package.json', 'src']);
  });
});
