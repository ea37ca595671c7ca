// The commands eval/tsc.mjs runs in a scratch copy: install, generate what the typecheck needs
// (svelte-kit sync, prisma generate, next-env.d.ts), and tsc itself.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dependencyNames, installCommand, parseTscOutput } from './tsc-lib.mjs';

const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

// Only the npm registry is reachable: nothing may try to download engines or browsers.
const OFFLINE_ENV = {
  CI: '1',
  PRISMA_SKIP_POSTINSTALL_GENERATE: '1',
  PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
  PUPPETEER_SKIP_DOWNLOAD: '1',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  npm_config_yes: 'true',
  npm_config_update_notifier: 'false',
};

/** @returns {Promise<{ ok: boolean, status: number|null, stdout: string, stderr: string, timedOut: boolean }>} */
export function exec(command, args, { cwd, timeoutMs, env = {} }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...OFFLINE_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk) => void (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => void (stderr = (stderr + chunk).slice(-20_000)));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => void (stderr += String(error)));
    child.on('close', (status) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ ok: status === 0 && !timedOut, status, stdout, stderr, timedOut });
    });
  });
}

const tail = (r) => `${r.timedOut ? 'timed out; ' : ''}${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-6).join('\n')}`;

export async function install(dir, packages, { timeoutMs }) {
  const [command, ...args] = installCommand(dir, packages);
  const result = await exec(command, args, { cwd: dir, timeoutMs });
  return { command: [command, ...args].join(' '), ok: result.ok, ...(result.ok ? {} : { why: tail(result) }) };
}

/** A binary of the package's own dependencies (node_modules/.bin, looked up from the package upward). */
function localBin(pkgDir, name) {
  for (let dir = pkgDir; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin', name);
    if (fs.existsSync(bin)) return bin;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** What a framework generates before its own typecheck; each step's outcome, for the report. */
export async function prepare(pkgDir, { timeoutMs }) {
  const deps = dependencyNames(pkgDir);
  const steps = [];
  if (deps.has('next') && !fs.existsSync(path.join(pkgDir, 'next-env.d.ts'))) {
    // What `next dev` / `next build` write: the types of image and CSS-module imports.
    fs.writeFileSync(path.join(pkgDir, 'next-env.d.ts'), '/// <reference types="next" />\n/// <reference types="next/image-types/global" />\n');
    steps.push({ step: 'next-env.d.ts', ok: true });
  }
  const svelteKit = deps.has('@sveltejs/kit') && localBin(pkgDir, 'svelte-kit');
  if (svelteKit) {
    const r = await exec(svelteKit, ['sync'], { cwd: pkgDir, timeoutMs });
    steps.push({ step: 'svelte-kit sync', ok: r.ok, ...(r.ok ? {} : { why: tail(r) }) });
  }
  const schema = ['prisma/schema.prisma', 'schema.prisma', 'prisma/schema'].find((p) => fs.existsSync(path.join(pkgDir, p)));
  const prisma = (deps.has('prisma') || deps.has('@prisma/client')) && schema && localBin(pkgDir, 'prisma');
  if (prisma) {
    // The engines are downloaded from outside the registry: generate without them when that fails.
    let r = await exec(prisma, ['generate', '--schema', schema], { cwd: pkgDir, timeoutMs });
    let step = 'prisma generate';
    if (!r.ok) {
      r = await exec(prisma, ['generate', '--no-engine', '--schema', schema], { cwd: pkgDir, timeoutMs });
      step = 'prisma generate --no-engine';
    }
    steps.push({ step, ok: r.ok, ...(r.ok ? {} : { why: tail(r) }) });
  }
  return steps;
}

/** The package's own TypeScript (else poolguard's): `{ tscJs, version }`. */
export function typescriptFor(pkgDir) {
  for (const from of [path.join(pkgDir, 'package.json'), import.meta.url]) {
    try {
      const require = createRequire(from);
      const pkgJson = require.resolve('typescript/package.json');
      return { tscJs: path.join(path.dirname(pkgJson), 'bin', 'tsc'), version: JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version, own: from !== import.meta.url };
    } catch {
      // not installed there
    }
  }
  throw new Error('typescript is not installed');
}

/**
 * `tsc --noEmit -p <config>`: the diagnostics (file relative to root) and the files of the program.
 * `--incremental false` so that a .tsbuildinfo of the first run cannot stand in for the second.
 */
export async function typecheck(root, config, { timeoutMs }) {
  const pkgDir = path.join(root, path.dirname(config));
  const ts = typescriptFor(pkgDir);
  const args = [ts.tscJs, '--noEmit', '--pretty', 'false', '--listFiles', '-p', path.join(root, config)];
  let r = await exec(process.execPath, [...args, '--incremental', 'false'], { cwd: pkgDir, timeoutMs, env: { NODE_OPTIONS: '--max-old-space-size=4096' } });
  if (/error TS(6379|6304|5069)\b/.test(r.stdout)) r = await exec(process.execPath, args, { cwd: pkgDir, timeoutMs, env: { NODE_OPTIONS: '--max-old-space-size=4096' } });
  if (r.timedOut || (r.status !== 0 && r.status !== 1 && r.status !== 2)) return { crash: tail(r), typescript: ts.version };
  const files = r.stdout
    .split('\n')
    .filter((line) => line.startsWith('/') && !line.includes('/node_modules/'))
    .map((line) => path.relative(root, line.trim()).split(path.sep).join('/'));
  return { typescript: ts.version, ownTypescript: ts.own, diagnostics: parseTscOutput(r.stdout, pkgDir, root), files };
}
