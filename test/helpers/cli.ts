// Runs the CLI in-process with captured output, or as a real child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/io/process.js';
import { ROOT } from './fixtures.js';
import { tempDir } from './temp.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `stdin`: the text standard input holds (`check --stdin`). */
export async function run(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = process.env, stdin?: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, env, isTTY: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), ...(stdin === undefined ? {} : { readStdin: async () => stdin }) };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** The built CLI as a user runs it (needs `npm run build`, which `npm ci` does via `prepare`). */
export function runBin(args: string[], cwd = ROOT): RunResult {
  const child = spawnSync(process.execPath, [path.join(ROOT, 'bin/poolguard.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: child.status ?? -1, stdout: child.stdout, stderr: child.stderr };
}

export function copyToTemp(dir: string): string {
  const target = tempDir('poolguard-');
  fs.cpSync(dir, target, { recursive: true });
  return target;
}

interface JsonResult {
  filePath: string;
  messages: Array<Record<string, unknown>>;
}

/** The JSON output with paths relative to `base` and only files that have messages, for comparison. */
export function normaliseJson(stdout: string, base: string): unknown[] {
  const results = JSON.parse(stdout) as JsonResult[];
  return results
    .filter((r) => r.messages.length > 0)
    .map((r) => ({
      filePath: path.relative(base, r.filePath).split(path.sep).join('/'),
      messages: r.messages.map(({ ruleId, messageId, severity, line, column, endLine, endColumn, message }) => ({ ruleId, messageId, severity, line, column, endLine, endColumn, message })),
    }));
}
