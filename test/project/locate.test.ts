// The editor's per-folder lookup (src/project/project-settings.ts locate) answers, for every folder,
// what loadConfig and modelRoot answer walking from that folder: it derives most folders from their
// parent, and this holds the derivation to the walk on the fixture projects and a tree built to
// stress it (a config mid-way, a "poolguard" key, pnpm and npm workspaces, a nested git repository).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/project/config.js';
import { modelRoot } from '../../src/project/model/root.js';
import { clearProjectModels, locate } from '../../src/project/project-settings.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

function folders(dir: string): string[] {
  const out = [dir];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') out.push(...folders(path.join(dir, entry.name)));
  }
  return out;
}

function tree(files: Record<string, string>): string {
  const dir = tempDir('poolguard-locate-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    if (file.endsWith('/')) continue;
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Visits parents first or children first: the derivation must not depend on the order. */
function expectSameAsWalk(dirs: string[]): void {
  for (const order of [dirs, [...dirs].reverse()]) {
    clearProjectModels();
    for (const dir of order) {
      const { loaded, workspaceRoot } = locate(dir);
      const walked = loadConfig(dir);
      expect({ root: loaded.root, source: loaded.source, settings: loaded.settings, workspaceRoot }, dir).toEqual({
        root: walked.root,
        source: walked.source,
        settings: walked.settings,
        workspaceRoot: walked.source ? walked.root : modelRoot(dir),
      });
    }
  }
  clearProjectModels();
}

describe('locate = loadConfig + modelRoot for every folder', () => {
  it('on every fixture project', () => {
    const projects = path.join(ROOT, 'fixtures/projects');
    for (const name of fs.readdirSync(projects)) {
      if (fs.statSync(path.join(projects, name)).isDirectory()) expectSameAsWalk(folders(path.join(projects, name)));
    }
  });

  it('on a tree with configs, workspaces and a nested repository at several depths', () => {
    const dir = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': JSON.stringify({ name: 'root', workspaces: ['apps/*'] }),
      'apps/web/package.json': JSON.stringify({ name: 'web' }),
      'apps/web/src/app/api/users/': '',
      'apps/api/package.json': JSON.stringify({ name: 'api', poolguard: { singletonModules: ['src/db.ts'] } }),
      'apps/api/src/routes/deep/er/': '',
      'apps/worker/poolguard.config.json': JSON.stringify({ singletonModules: ['lib/db.ts'] }),
      'apps/worker/lib/sub/': '',
      'tools/pnpm/pnpm-workspace.yaml': 'packages: ["*"]\n',
      'tools/pnpm/pkg/src/': '',
      'vendor/nested/.git/HEAD': 'ref: refs/heads/main\n',
      'vendor/nested/src/lib/': '',
      'loose/a/b/': '',
    });
    expectSameAsWalk(folders(dir));
  });

  it('outside any package or repository: each folder is its own root', () => {
    const dir = tree({ 'a/b/c/': '' });
    // Only the temp folder's own subtree: its ancestors belong to the machine, but the walk reads them alike.
    expectSameAsWalk(folders(dir));
  });
});
