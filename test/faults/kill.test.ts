// SIGKILL during `fix` on the demo, between writes and inside a write (temp file written, not yet
// renamed): 4 points in the suite, 20 with POOLGUARD_KILLS=20 (by hand: each point is two runs of fix). No file is torn, a rerun removes the killed run's temp file and converges on what
// an uninterrupted run writes. The test hooks pause the child; nothing here waits on a timer.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyToTemp, run } from '../helpers/cli.js';
import { FIXTURES, ROOT } from '../helpers/fixtures.js';
import { snapshot } from './helpers.js';

const DEMO = path.join(FIXTURES, 'projects/demo');

async function killAt(dir: string, hook: string, n: number): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/poolguard.js'), 'fix', '--allow-dirty', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, [hook]: String(n) },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('poolguard: paused')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`fix exited (${code}) before pausing: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

const KILLS = Number(process.env.POOLGUARD_KILLS ?? 4);

describe(`${KILLS} SIGKILLs during fix on the demo`, () => {
  it('no torn file, the temp file of a killed write is gone after a rerun, and the rerun converges', { timeout: 1_200_000 }, async () => {
    const reference = copyToTemp(DEMO);
    const original = snapshot(reference);
    await run(['fix', '--allow-dirty', reference]);
    const complete = snapshot(reference);
    const points = [
      ...Array.from({ length: Math.ceil(KILLS / 2) }, (_, i) => ['POOLGUARD_TEST_PAUSE_AFTER_WRITES', 2 * i + 1] as const),
      ...Array.from({ length: Math.floor(KILLS / 2) }, (_, i) => ['POOLGUARD_TEST_PAUSE_IN_WRITE', 2 * i + 1] as const),
    ];
    for (const [hook, n] of points) {
      const victim = copyToTemp(DEMO);
      await killAt(victim, hook, n);
      const after = snapshot(victim);
      const temps = [...after.keys()].filter((file) => /\.poolguard-\d+-\d+\.tmp$/.test(file));
      expect(temps.length, `${hook}=${n}`).toBe(hook === 'POOLGUARD_TEST_PAUSE_IN_WRITE' ? 1 : 0);
      const torn = [...after.keys()].filter((file) => !temps.includes(file) && !after.get(file)!.equals(original.get(file) ?? Buffer.alloc(0)) && !after.get(file)!.equals(complete.get(file)!));
      expect(torn, `${hook}=${n}`).toEqual([]);
      await run(['fix', '--allow-dirty', victim]);
      expect(snapshot(victim), `${hook}=${n}`).toEqual(complete);
    }
  });
});
