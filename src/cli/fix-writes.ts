// fix's writes as one plan: every write is checked before the first one (root jail, symlinks, name
// lengths, permissions, unchanged since read), singleton modules go first, and a failure stops the run
// with a record of what was written and what was not, instead of a stack trace half-way.
import path from 'node:path';
import { checkWrite, code, removeStaleTemps, writeAtomic, writeHooks, type PlannedWrite } from '../io/write.js';

export interface WriteOutcome {
  written: string[];
  failed: Array<{ file: string; reason: string }>;
}

// Test hooks: after this many writes (or inside write N, after its temp file and before the rename)
// the run says so on stderr and waits to be killed, so a test can kill `fix` without timing it.
const PAUSE_AFTER_WRITES = Number(process.env.POOLGUARD_TEST_PAUSE_AFTER_WRITES ?? 0);
const PAUSE_IN_WRITE = Number(process.env.POOLGUARD_TEST_PAUSE_IN_WRITE ?? 0);
const waitForKill = (what: string) => {
  process.stderr.write(`poolguard: paused ${what}\n`);
  return new Promise<never>(() => setInterval(() => {}, 1 << 30));
};

/**
 * Writes `creates` (new singleton modules), then `edits`, then `others` (init's config: needs no
 * singleton and none needs it), all under `root`.
 */
export async function applyWrites(root: string, creates: PlannedWrite[], edits: PlannedWrite[], others: PlannedWrite[] = []): Promise<WriteOutcome> {
  const outcome: WriteOutcome = { written: [], failed: [] };
  const plan = [...creates, ...edits, ...others].map((write, i) => ({ write, checked: checkWrite(root, write), dependent: i < creates.length + edits.length }));
  // An edit imports the singleton a create makes: if one cannot be created, no edit may go in.
  const blocked = plan.slice(0, creates.length).find(({ checked }) => !checked.ok);
  for (const dir of new Set(plan.flatMap(({ checked }) => (checked.ok ? [path.dirname(checked.target)] : [])))) removeStaleTemps(dir);
  let stopped: string | undefined;
  let writes = 0;
  for (const { write, checked, dependent } of plan) {
    if (!checked.ok) {
      outcome.failed.push({ file: write.file, reason: checked.reason });
      continue;
    }
    if (blocked && dependent) {
      outcome.failed.push({ file: write.file, reason: `not written: the singleton module ${blocked.write.file} could not be created` });
      continue;
    }
    if (stopped) {
      outcome.failed.push({ file: write.file, reason: `not written: stopped after ${stopped}` });
      continue;
    }
    writeHooks.afterTemp = writes + 1 === PAUSE_IN_WRITE ? () => waitForKill(`inside write ${writes + 1}`) : undefined;
    try {
      await writeAtomic(checked.target, write.after);
    } catch (error) {
      outcome.failed.push({ file: write.file, reason: `not written: ${code(error)}` });
      stopped = `writing ${write.file} failed`;
      continue;
    }
    outcome.written.push(write.file);
    if (++writes === PAUSE_AFTER_WRITES) await waitForKill(`after ${writes} writes`);
  }
  return outcome;
}
