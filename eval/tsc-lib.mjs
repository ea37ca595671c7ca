// The pure parts of eval/tsc.mjs: which packages a changed file belongs to, how to install a
// package's dependencies, reading `tsc --pretty false` output, and comparing two runs.
import fs from 'node:fs';
import path from 'node:path';

const LOCKFILES = ['pnpm-lock.yaml', 'yarn.lock', 'package-lock.json', 'bun.lock', 'bun.lockb'];
const CONFIGS = ['tsconfig.json', 'jsconfig.json'];

/** Folders from `dir` up to `root` (both included, nearest first); `dir` is relative to `root`. */
function upTo(root, dir) {
  const out = [];
  for (let d = dir; ; d = path.posix.dirname(d)) {
    out.push(d);
    if (d === '.' || d === '/' || d === '') break;
  }
  return out.map((d) => path.join(root, d));
}

/** The nearest tsconfig.json / jsconfig.json above a file (relative paths in and out), or undefined. */
export function owningConfig(root, file) {
  for (const dir of upTo(root, path.posix.dirname(file))) {
    for (const name of CONFIGS) if (fs.existsSync(path.join(dir, name))) return path.relative(root, path.join(dir, name)).split(path.sep).join('/');
  }
  return undefined;
}

/**
 * Where to install for a package folder: the nearest folder above it that holds a lockfile or is a
 * workspace root (a collection of examples can hold a lockfile of its own above both), else the package's own.
 */
export function installRoot(root, pkgDir) {
  for (const dir of upTo(root, pkgDir)) {
    const workspaceRoot = fs.existsSync(path.join(dir, 'pnpm-workspace.yaml')) || readJson(path.join(dir, 'package.json'))?.workspaces !== undefined;
    if (workspaceRoot || LOCKFILES.some((name) => fs.existsSync(path.join(dir, name)))) return path.relative(root, dir).split(path.sep).join('/') || '.';
  }
  return pkgDir;
}

const PNPM_BY_LOCKFILE = { '9.0': '9', '6.0': '8', '5.4': '7', '5.3': '6' };

/** The pnpm version a lockfile wants: `packageManager` of its package.json, else by lockfileVersion. */
export function pnpmVersion(dir) {
  const pkg = readJson(path.join(dir, 'package.json'));
  const declared = /^pnpm@(\d+)/.exec(pkg?.packageManager ?? '');
  // pnpm 11 needs Node 22; the lockfile format is the same as 9's and 10's.
  if (declared) return Number(declared[1]) >= 11 && Number(process.versions.node.split('.')[0]) < 22 ? '10' : declared[1];
  const head = fs.readFileSync(path.join(dir, 'pnpm-lock.yaml'), 'utf8').slice(0, 200);
  const version = /lockfileVersion:\s*'?([\d.]+)'?/.exec(head)?.[1];
  return PNPM_BY_LOCKFILE[version] ?? '9';
}

/**
 * The install command for a folder, from its lockfile; scripts never run (no network beyond the
 * registry). `packages`: in a pnpm workspace, only these (and what they depend on) are installed, so
 * that a package the typechecked ones do not need cannot fail the install.
 */
export function installCommand(dir, packages = []) {
  if (fs.existsSync(path.join(dir, 'pnpm-lock.yaml'))) {
    const filters = fs.existsSync(path.join(dir, 'pnpm-workspace.yaml')) ? packages.flatMap((name) => ['--filter', `${name}...`]) : [];
    // pnpm 10 would switch to the packageManager version it cannot run here; the lockfile is the same.
    return ['npx', '--yes', `pnpm@${pnpmVersion(dir)}`, 'install', '--ignore-scripts', '--frozen-lockfile', '--config.confirmModulesPurge=false', '--config.manage-package-manager-versions=false', ...filters];
  }
  if (fs.existsSync(path.join(dir, 'yarn.lock'))) {
    const berry = fs.existsSync(path.join(dir, '.yarnrc.yml'));
    return berry ? ['npx', '--yes', 'yarn@4', 'install', '--immutable', '--mode=skip-build'] : ['npx', '--yes', 'yarn@1', 'install', '--frozen-lockfile', '--ignore-scripts', '--non-interactive'];
  }
  if (fs.existsSync(path.join(dir, 'package-lock.json'))) return ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund'];
  return ['npm', 'install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock'];
}

export function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The dependencies (all kinds) a package.json names. */
export function dependencyNames(pkgDir) {
  const pkg = readJson(path.join(pkgDir, 'package.json')) ?? {};
  return new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies }));
}

/**
 * `tsc --pretty false` output → [{ file, code, message, line }]; `file` relative to `root` ('' for a
 * diagnostic without a location), continuation lines joined to their message.
 */
export function parseTscOutput(text, cwd, root) {
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    const located = /^(.+?)\((\d+),(\d+)\): (?:error|warning) (TS\d+): (.*)$/.exec(line);
    const global = /^(?:error|warning) (TS\d+): (.*)$/.exec(line);
    if (located) {
      const file = path.relative(root, path.resolve(cwd, located[1])).split(path.sep).join('/');
      out.push({ file, line: Number(located[2]), code: located[4], message: located[5] });
    } else if (global) {
      out.push({ file: '', line: 0, code: global[1], message: global[2] });
    } else if (/^\s+\S/.test(line) && out.length) {
      out.at(-1).message += `\n${line.trim()}`;
    }
  }
  return out;
}

const key = (d) => `${d.file}\0${d.code}\0${d.message}`;

/** The diagnostics of `after` beyond those of `before`, compared as (file, code, message) multisets (lines may move). */
export function newDiagnostics(before, after) {
  const left = new Map();
  for (const d of before) left.set(key(d), (left.get(key(d)) ?? 0) + 1);
  const added = [];
  for (const d of after) {
    const n = left.get(key(d)) ?? 0;
    if (n > 0) left.set(key(d), n - 1);
    else added.push(d);
  }
  return added;
}

/** The files a `fix --dry` diff names: `+++ b/<path>` (changed or created). */
export function dryRunFiles(stdout) {
  return [...new Set([...stdout.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1].trim()))];
}
