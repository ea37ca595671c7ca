// Runs one poolguard command in a measure.mjs child and returns what it wrote, or why it has nothing.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CLI_MAIN = path.join(here, '..', 'dist', 'src', 'cli', 'main.js');
const MEASURE = path.join(here, 'measure.mjs');

// Children run asynchronously so that a SIGINT / SIGTERM to the harness is handled at once: the
// running child is killed and the process exits, which runs the 'exit' handlers (temp dirs go).
const running = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}

/**
 * @returns {{ exitCode: number, elapsedMs: number, maxRssKb: number, stdout: string, stderr: string,
 *   error?: string, crash?: string }} crash is set when the command threw, exited 2, was killed or timed out
 */
export async function runPoolguard(cwd, argv, { timeoutMs }) {
  const out = path.join(os.tmpdir(), `poolguard-eval-${process.pid}-${Date.now()}.json`);
  const started = performance.now();
  const child = await new Promise((resolve) => {
    const proc = spawn(process.execPath, [MEASURE, CLI_MAIN, out, ...argv], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(proc);
    let stderr = '';
    let timedOut = false;
    proc.stderr.setEncoding('utf8').on('data', (chunk) => void (stderr = (stderr + chunk).slice(-20_000)));
    const timer = setTimeout(() => {
      timedOut = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.on('close', (status, signal) => {
      clearTimeout(timer);
      running.delete(proc);
      resolve({ status, signal, stderr, timedOut });
    });
  });
  const elapsedMs = Math.round(performance.now() - started);
  let result;
  try {
    result = JSON.parse(fs.readFileSync(out, 'utf8'));
  } catch {
    const why = child.timedOut ? `timed out after ${timeoutMs / 1000} s` : `child exited ${child.status ?? child.signal}`;
    const tail = child.stderr.trim().split('\n').slice(-5).join('\n');
    return { exitCode: 2, elapsedMs, maxRssKb: 0, stdout: '', stderr: child.stderr, crash: tail ? `${why}: ${tail}` : why };
  } finally {
    fs.rmSync(out, { force: true });
  }
  if (result.error) return { ...result, crash: result.error.split('\n').slice(0, 6).join('\n') };
  if (result.exitCode === 2) return { ...result, crash: `exit 2: ${result.stderr.trim().split('\n').slice(-3).join('\n')}` };
  return result;
}

/** Findings (poolguard rules only), notes and unparsed files out of `check --format json`. */
export function parseCheckJson(stdout, root) {
  const results = JSON.parse(stdout);
  const findings = [];
  const notes = [];
  const unparsed = [];
  for (const result of results) {
    const file = path.relative(root, result.filePath).split(path.sep).join('/');
    for (const message of result.messages) {
      if (message.ruleId?.startsWith('poolguard/')) {
        findings.push({ file, line: message.line, rule: message.ruleId.slice('poolguard/'.length), message: message.message });
      } else if (message.fatal) {
        unparsed.push(file);
      } else {
        notes.push({ file, line: message.line, message: message.message });
      }
    }
  }
  return { filesScanned: results.length, findings, notes, unparsed };
}
