// Tiny git helpers, run through the git binary: is a folder in a work tree, and what is uncommitted.
// The scanned repository is untrusted input: its config must not make git run a command of its own
// (core.fsmonitor, hooks, a pager, an external diff), and git must not rewrite its index.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../io/process.js';

const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '-c', 'core.pager=cat', '-c', 'diff.external=', '-c', 'core.untrackedCache=false', '--no-pager'];

interface GitRun {
  ok: boolean;
  stdout: string;
  /** Why it failed: git's first error line, or the spawn error. */
  why: string;
}

function runGit(cwd: string, args: string[]): GitRun {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat' };
  delete env.GIT_EXTERNAL_DIFF;
  const child = spawnSync('git', [...SAFE_CONFIG, ...args], { cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  if (child.error) return { ok: false, stdout: '', why: (child.error as NodeJS.ErrnoException).code ?? child.error.message };
  const why = (child.stderr ?? '').split('\n').find((line) => line.trim() !== '')?.replace(/^(?:fatal|error): /, '').trim() ?? `exit ${child.status}`;
  return { ok: child.status === 0, stdout: child.stdout ?? '', why };
}

function git(cwd: string, args: string[]): string | undefined {
  const run = runGit(cwd, args);
  return run.ok ? run.stdout : undefined;
}

/** The nearest folder at or above `dir` holding a `.git` (folder or file), without asking git. */
function gitDirAbove(dir: string): string | undefined {
  for (let up = dir; ; up = path.dirname(up)) {
    if (fs.existsSync(path.join(up, '.git'))) return up;
    if (path.dirname(up) === up) return undefined;
  }
}

export type WorkTreeState = { kind: 'outside' } | { kind: 'known'; dirty: string[] } | { kind: 'unknown'; why: string };

/**
 * Uncommitted (modified, staged or untracked) files under `paths`. Outside any repository: 'outside'.
 * Inside one where git fails (refuses the repository, a corrupt index, no git binary): 'unknown', never clean.
 */
export function workTreeState(paths: string[]): WorkTreeState {
  const first = paths[0];
  if (!first) return { kind: 'outside' };
  const dir = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
  if (gitDirAbove(dir) === undefined) return { kind: 'outside' };
  const inside = runGit(dir, ['rev-parse', '--is-inside-work-tree']);
  if (!inside.ok) return { kind: 'unknown', why: `git rev-parse failed: ${inside.why}` };
  if (inside.stdout.trim() !== 'true') return { kind: 'outside' }; // inside a .git folder or a bare repository
  const status = runGit(dir, ['status', '--porcelain', '-z', '--untracked-files=normal', '--', ...paths]);
  if (!status.ok) return { kind: 'unknown', why: `git status failed: ${status.why}` };
  const dirty: string[] = [];
  const fields = status.stdout.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    dirty.push(entry.slice(3));
    if (entry[0] === 'R' || entry[0] === 'C') i++; // a rename's second field is its old path
  }
  return { kind: 'known', dirty };
}

/**
 * The dirty-tree guard of the commands that write (`fix`, `init`): a usage error when `paths` hold
 * uncommitted changes, or when git cannot tell (a failing git is never taken for a clean tree).
 */
export function refuseDirtyTree(paths: string[]): void {
  const state = workTreeState(paths);
  if (state.kind === 'unknown') throw new UsageError(`cannot tell whether the git work tree has uncommitted changes (${state.why}); pass --allow-dirty to write anyway`);
  const dirty = state.kind === 'known' ? state.dirty : [];
  if (dirty.length > 0) {
    throw new UsageError(`the git work tree has uncommitted changes (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''}); commit or stash them, or pass --allow-dirty`);
  }
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
