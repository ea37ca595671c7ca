// The whole codemod on a copy of the demo monorepo, through `runFix()` (`poolguard fix` without its
// argument parsing): generate missing singletons, fix every file, then check again. What is left must
// be exactly what the codemod reported as unsafe, and a second pass must change nothing.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/cli/check.js';
import { runFix } from '../../src/cli/fix.js';
import { copyToTemp } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

async function fixTree(dir: string) {
  const { summary } = await runFix([dir], dir, { allowDirty: true });
  return {
    created: summary.singletonsCreated,
    failed: summary.failed,
    unsafe: summary.left.map((site) => `${site.file} ${site.ruleId}`).sort(),
    changed: summary.filesChanged.length,
  };
}

describe('fixing the demo monorepo', () => {
  it('leaves only the offenders it reported as unsafe, and is idempotent', async () => {
    const copy = copyToTemp(path.join(FIXTURES, 'projects/demo'));
    const first = await fixTree(copy);
    // apps/web had no module calling its createDbConnection() factory once: one is generated, and
    // the four routes that called the factory import its result.
    expect(first.created).toEqual(['apps/web/src/lib/pool.ts']);
    expect(first.failed).toEqual([]);
    expect(first.unsafe).toEqual([
      'apps/api/src/routes/comments.ts no-client-outside-singleton', // log: ['warn', 'error'] differs
      'apps/api/src/services/billing.ts no-client-outside-singleton', // a different datasource URL
    ]);
    expect(first.changed).toBe(22);

    const after = await runCheck([copy], copy);
    const left = after.results
      .flatMap((r) => r.messages.map((m) => `${path.relative(copy, r.filePath)} ${String(m.ruleId).replace('poolguard/', '')}`))
      .sort();
    expect(left).toEqual(first.unsafe);

    const second = await fixTree(copy);
    expect(second.changed).toBe(0);
    expect(second.created).toEqual([]);
    expect(second.unsafe).toEqual(first.unsafe);

    // The factory stays for callers that need their own client; the routes share one.
    expect(fs.readFileSync(path.join(copy, 'apps/web/src/lib/db/utils.ts'), 'utf8')).toContain('return new Pool(');
    expect(fs.readFileSync(path.join(copy, 'apps/web/src/app/api/reports/route.ts'), 'utf8')).toMatch(/^import \{ pool \} from '@\/lib\/pool';\n/);
    // getDb() builds what lib/db.ts already exports as `db`: the route imports that, getDb() stays.
    expect(fs.readFileSync(path.join(copy, 'apps/web/src/app/api/posts/route.ts'), 'utf8')).toMatch(/^import \{ db \} from '@\/lib\/db';\n/);
    expect(fs.readFileSync(path.join(copy, 'apps/web/src/lib/db.ts'), 'utf8')).toContain('export function getDb()');
  });
});
