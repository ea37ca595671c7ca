// Small projects in temp folders for the fault tests, and the built CLI run with a safety-net timeout.
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

export const OFFENDER = "import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\n\nexport const count = () => prisma.user.count();\n";

/** A project with a package.json and the given files (path → text or bytes). */
export function project(files: Record<string, string | Buffer> = {}, prefix = 'poolguard-fault-'): string {
  const dir = tempDir(prefix);
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "fault", "type": "module" }\n');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

export function gitCommitAll(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
}

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The built CLI in a child process. The timeout only turns a hang into a failed test; nothing waits on it. */
export function bin(args: string[], cwd: string, options: SpawnSyncOptions = {}): BinResult {
  const child = spawnSync(process.execPath, [path.join(ROOT, 'bin/poolguard.js'), ...args], { cwd, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', ...options });
  return { code: child.status, signal: child.signal, stdout: String(child.stdout), stderr: String(child.stderr) };
}

/** Every file under `dir` (relative posix path → bytes), not following symlinks. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) out.set(path.relative(dir, abs).split(path.sep).join('/'), fs.readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}
