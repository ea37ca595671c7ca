// One batch of scripts/fuzz.mjs: check (its findings' lines, per file), fix, the bytes after it, and
// fix again. In a child process of its own, so the parent can end a batch that hangs.
import fs from 'node:fs';
import { runCheck } from '../dist/src/cli/check.js';
import { runFix } from '../dist/src/cli/fix.js';

process.once('message', async ({ dir, files }) => {
  const findings = {};
  let first = [];
  let stage = 'first';
  try {
    const checked = await runCheck(['.'], dir);
    for (const result of checked.results) {
      findings[result.filePath] = result.messages.filter((m) => m.ruleId?.startsWith('poolguard/')).map((m) => [m.line, m.endLine ?? m.line]);
    }
    await runFix(['.'], dir, { allowDirty: true });
    first = files.map((file) => fs.readFileSync(file));
    stage = 'second';
    await runFix(['.'], dir, { allowDirty: true });
    process.send({ first, findings });
  } catch (error) {
    process.send({ crash: error?.stack ?? String(error), stage, first, findings });
  }
});
