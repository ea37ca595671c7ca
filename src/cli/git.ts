// Tiny git helpers, run through the git binary: is a folder in a work tree, and what is uncommitted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Uncommitted (modified, staged or untracked) files under `paths`; [] outside a git work tree. */
export function dirtyFiles(paths: string[]): string[] {
  const first = paths[0];
  if (!first) return [];
  const dir = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
  if (git(dir, ['rev-parse', '--is-inside-work-tree'])?.trim() !== 'true') return [];
  const out = git(dir, ['status', '--porcelain', '--untracked-files=normal', '--', ...paths]);
  return (out ?? '')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
}

/** The top of the git work tree holding `dir`, in the same spelling as `dir` (no symlinks resolved); undefined outside one. */
export function workTreeRoot(dir: string): string | undefined {
  if (git(dir, ['rev-parse', '--is-inside-work-tree'])?.trim() !== 'true') return undefined;
  const up = git(dir, ['rev-parse', '--show-cdup']);
  return up === undefined ? undefined : path.resolve(dir, up.trim());
}

/** A git command's stdout, or undefined when it fails (stderr is discarded). */
export function gitOutput(cwd: string, args: string[]): string | undefined {
  return git(cwd, args);
}
