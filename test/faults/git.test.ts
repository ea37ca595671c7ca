// Git as untrusted input: the scanned repository's config and hooks never run, and a git that fails
// (refuses the repository, a corrupt index) never reads as "nothing uncommitted".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, gitCommitAll, OFFENDER, project } from './helpers.js';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** A committed project with one uncommitted edit in src/a.ts. */
function dirtyRepo(): string {
  const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
  gitCommitAll(dir);
  fs.appendFileSync(path.join(dir, 'src/a.ts'), '// uncommitted work\n');
  return dir;
}

describe('the scanned repository cannot make poolguard run its commands', () => {
  const trap = (dir: string) => {
    const marker = path.join(dir, 'ran');
    const script = path.join(dir, '.git/trap.sh');
    fs.writeFileSync(script, `#!/bin/sh\ntouch ${JSON.stringify(marker)}\n`, { mode: 0o755 });
    execFileSync('git', ['config', 'core.fsmonitor', script], { cwd: dir });
    fs.mkdirSync(path.join(dir, '.git/hooks'), { recursive: true });
    fs.copyFileSync(script, path.join(dir, '.git/hooks/post-index-change'));
    fs.chmodSync(path.join(dir, '.git/hooks/post-index-change'), 0o755);
    return marker;
  };

  it('fix (git status) runs neither core.fsmonitor nor a hook', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    gitCommitAll(dir);
    const marker = trap(dir);
    fs.writeFileSync(path.join(dir, 'src/a.ts'), OFFENDER); // touch: git status refreshes the index
    const result = bin(['fix', '.'], dir);
    expect(result.stderr).toBe('');
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('check --changed-since (git diff, ls-files) runs neither', () => {
    const dir = project({ 'src/a.ts': OFFENDER, 'src/b.ts': OFFENDER });
    gitCommitAll(dir);
    const marker = trap(dir);
    fs.appendFileSync(path.join(dir, 'src/a.ts'), '\n');
    const result = bin(['check', '--changed-since', 'HEAD', '.'], dir);
    expect(result.code).toBe(1);
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('the dirty-tree guard never mistakes a failing git for a clean tree', () => {
  it('a corrupt .git/index: fix refuses and says why, and writes nothing', () => {
    const dir = dirtyRepo();
    fs.writeFileSync(path.join(dir, '.git/index'), 'garbage');
    const before = fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8');
    const result = bin(['fix', '.'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^poolguard: cannot tell whether the git work tree has uncommitted changes \(git status failed: .*\); pass --allow-dirty to write anyway\n$/);
    expect(fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(before);
  });

  it.runIf(asRoot)('a repository git refuses (dubious ownership): fix refuses', () => {
    const dir = dirtyRepo();
    execFileSync('chmod', ['-R', 'a+rwX', dir]);
    const before = fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8');
    const result = bin(['fix', '.'], dir, { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: dir } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot tell whether the git work tree has uncommitted changes .*dubious ownership/);
    expect(fs.readFileSync(path.join(dir, 'src/a.ts'), 'utf8')).toBe(before);
  });

  it('a real dirty tree is still refused, and a clean one fixed', () => {
    const dir = dirtyRepo();
    expect(bin(['fix', '.'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('uncommitted changes (src/a.ts)') });
    execFileSync('git', ['checkout', '-q', '--', 'src/a.ts'], { cwd: dir });
    expect(bin(['fix', '.'], dir).code).toBe(0);
  });
});
