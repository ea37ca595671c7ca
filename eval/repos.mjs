// The pinned repositories: reading expectations.json, finding each checkout, and saying how to get
// the missing ones.
import fs from 'node:fs';
import path from 'node:path';

export const DEFAULT_REPOS_DIR = '/work/real';
/** checkout.mjs writes the commit it checked out here, so a stale checkout is noticed. */
export const COMMIT_MARKER = '.eval-commit';

export function readExpectations(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!Array.isArray(data.repos)) throw new Error(`${file}: expected { "repos": [...] }`);
  const names = new Set();
  for (const entry of data.repos) {
    for (const key of ['name', 'repo', 'commit']) if (typeof entry[key] !== 'string') throw new Error(`${file}: a repo entry lacks "${key}"`);
    if (names.has(entry.name)) throw new Error(`${file}: two entries named ${entry.name}`);
    names.add(entry.name);
    entry.findings ??= [];
    entry.misses ??= [];
  }
  return data;
}

/** Where the checkout of `entry` lives, and whether it is there at the pinned commit. */
export function locate(entry, reposDir) {
  const dir = path.join(reposDir, entry.name);
  if (!fs.existsSync(dir)) return { dir, present: false };
  const marker = path.join(dir, COMMIT_MARKER);
  const onDisk = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : undefined;
  return { dir, present: true, onDisk, stale: onDisk !== undefined && onDisk !== entry.commit };
}

/** The commands that bring a missing repository in at its pinned commit. */
export function howToGet(entry, reposDir) {
  const gitDir = `/work/.mirror/${entry.repo.replace('/', '+')}/repo`;
  return [
    `fetch tool: source "github:${entry.repo}" (returns the bare git dir, usually ${gitDir})`,
    `node eval/checkout.mjs ${gitDir} ${entry.commit} ${path.join(reposDir, entry.name)}`,
  ];
}
