#!/usr/bin/env node
// Checks a pinned commit of a fetched bare git dir out into a plain folder (no .git):
//   node eval/checkout.mjs <gitdir> <commit> <dest>
// `git archive` first; when the snapshot lacks blobs (large files, LFS), extracts the blobs that exist
// one by one and lists how many were skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [gitDir, commitArg, dest] = process.argv.slice(2);
if (!gitDir || !commitArg || !dest) {
  console.error('usage: node eval/checkout.mjs <gitdir> <commit> <dest>');
  process.exit(2);
}
const git = (args, input) => spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1 << 30 });
const resolved = git(['rev-parse', '--verify', `${commitArg}^{commit}`]);
if (resolved.status !== 0) {
  console.error(`${gitDir}: no commit ${commitArg}`);
  process.exit(1);
}
const commit = resolved.stdout.toString().trim();

fs.rmSync(dest, { recursive: true, force: true });
fs.mkdirSync(dest, { recursive: true });
const archive = git(['archive', commit]);
if (archive.status === 0) {
  const untar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout, maxBuffer: 1 << 30 });
  if (untar.status === 0) {
    fs.writeFileSync(path.join(dest, '.eval-commit'), `${commit}\n`);
    console.log(`${dest}: git archive ${commit}`);
    process.exit(0);
  }
}

// Blob by blob: ls-tree gives mode, sha and path; cat-file --batch streams the blobs that exist.
const tree = git(['ls-tree', '-r', '-z', commit]);
if (tree.status !== 0) {
  console.error(tree.stderr.toString());
  process.exit(1);
}
const entries = tree.stdout
  .toString()
  .split('\0')
  .filter(Boolean)
  .map((line) => {
    const [meta, file] = line.split('\t');
    const [mode, type, sha] = meta.split(' ');
    return { mode, type, sha, file };
  })
  .filter((e) => e.type === 'blob' && e.mode !== '120000');
const batch = git(['cat-file', '--batch'], entries.map((e) => e.sha).join('\n') + '\n');
const out = batch.stdout;
let offset = 0;
let written = 0;
let missing = 0;
for (const entry of entries) {
  const end = out.indexOf(10, offset);
  const header = out.subarray(offset, end).toString();
  offset = end + 1;
  if (header.endsWith(' missing')) {
    missing++;
    continue;
  }
  const size = Number(header.split(' ')[2]);
  const target = path.join(dest, entry.file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, out.subarray(offset, offset + size));
  offset += size + 1;
  written++;
}
fs.writeFileSync(path.join(dest, '.eval-commit'), `${commit}\n`);
console.log(`${dest}: ${written} files from ${commit}, ${missing} blobs missing in the snapshot (skipped)`);
