import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintKey } from '../../src/cli/formats/findings.js';
import { copyToTemp, run } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

const DEMO = path.join(FIXTURES, 'projects/demo');

interface Entry {
  rule: string;
  file: string;
  code: string;
  occurrence: number;
}
interface BaselineFile {
  version: number;
  findings: Record<string, Entry>;
}
interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number }>;
}

const readBaseline = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as BaselineFile;

/** `file rule` of every finding of a json run, relative to `dir`. */
function findingsOf(stdout: string, dir: string): string[] {
  return (JSON.parse(stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath).split(path.sep).join('/')} ${m.ruleId}`)).sort();
}

/** A copy of the demo with a baseline of today's findings at its root. */
async function demoWithBaseline(): Promise<{ dir: string; baseline: string; count: number }> {
  const dir = copyToTemp(DEMO);
  const baseline = path.join(dir, 'poolguard-baseline.json');
  const count = findingsOf((await run(['check', dir, '-f', 'json'])).stdout, dir).length;
  const update = await run(['check', dir, '--baseline', baseline, '--update-baseline']);
  expect(update).toEqual({ code: 0, stdout: `poolguard: wrote ${count} findings to ${baseline}\n`, stderr: '' });
  return { dir, baseline, count };
}

function edit(file: string, change: (text: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(file, after);
}

describe('--update-baseline', () => {
  it("writes today's findings keyed by fingerprint, sorted, relative to the baseline's folder, and rewrites identically", async () => {
    const { dir, baseline, count } = await demoWithBaseline();
    const written = fs.readFileSync(baseline, 'utf8');
    const data = JSON.parse(written) as BaselineFile;
    expect(data.version).toBe(1);
    const entries = Object.entries(data.findings);
    expect(entries).toHaveLength(count);
    for (const [key, entry] of entries) {
      expect(key).toBe(fingerprintKey(entry.rule, entry.file, entry.code, entry.occurrence));
      expect(fs.existsSync(path.join(dir, entry.file))).toBe(true);
      // The code really is the offending text of that file, whitespace collapsed.
      expect(fs.readFileSync(path.join(dir, entry.file), 'utf8').replace(/\s+/g, ' ')).toContain(entry.code);
    }
    expect(data.findings).toEqual(
      expect.objectContaining({
        [fingerprintKey('no-client-outside-singleton', 'apps/api/src/routes/admin.ts', 'new Prisma.PrismaClient()', 0)]: {
          rule: 'no-client-outside-singleton',
          file: 'apps/api/src/routes/admin.ts',
          code: 'new Prisma.PrismaClient()',
          occurrence: 0,
        },
      }),
    );
    const files = entries.map(([, e]) => e.file);
    expect(files).toEqual([...files].sort());
    expect(written.endsWith('}\n')).toBe(true);
    // Stable: a second run from another working directory writes the same bytes, and leaves no temp file.
    expect((await run(['check', 'apps', '--baseline', 'poolguard-baseline.json', '--update-baseline'], dir)).code).toBe(0);
    expect(fs.readFileSync(baseline, 'utf8')).toBe(written);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('poolguard-baseline'))).toEqual(['poolguard-baseline.json']);
  });
});

describe('--baseline', () => {
  it('reports nothing and exits 0 when every finding is in the baseline, even after it moved down 3 lines', async () => {
    const { dir, baseline, count } = await demoWithBaseline();
    const clean = await run(['check', dir, '--baseline', baseline]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(new RegExp(`^✔ No new connection problems in \\d+ files \\(\\d+ parsed, \\d+ ms\\); ${count} known findings in the baseline not reported\\.\\n$`));
    const admin = path.join(dir, 'apps/api/src/routes/admin.ts');
    const lineBefore = (JSON.parse((await run(['check', admin, '-f', 'json'])).stdout) as JsonResult[])[0]!.messages[0]!.line;
    edit(admin, (text) => `// three\n// new\n// lines\n${text}`);
    const lineAfter = (JSON.parse((await run(['check', admin, '-f', 'json'])).stdout) as JsonResult[])[0]!.messages[0]!.line;
    expect(lineAfter).toBe(lineBefore + 3);
    const moved = await run(['check', dir, '--baseline', baseline, '-f', 'json']);
    expect(moved.code).toBe(0);
    expect(findingsOf(moved.stdout, dir)).toEqual([]);
    expect(moved.stderr).toBe(`poolguard: ${count} known findings in the baseline not reported.\n`);
  });

  it('reports a new finding and exits 1; reports a fixed one as gone, which alone does not fail', async () => {
    const { dir, baseline, count } = await demoWithBaseline();
    fs.writeFileSync(path.join(dir, 'apps/api/src/routes/tags.ts'), "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n");
    const added = await run(['check', dir, '--baseline', baseline, '-f', 'json']);
    expect(added.code).toBe(1);
    expect(findingsOf(added.stdout, dir)).toEqual(['apps/api/src/routes/tags.ts poolguard/no-client-outside-singleton']);

    fs.rmSync(path.join(dir, 'apps/api/src/routes/tags.ts'));
    edit(path.join(dir, 'apps/api/src/routes/admin.ts'), (text) =>
      text.replace("import * as Prisma from '@prisma/client';\n", "import { prisma as shared } from '../lib/prisma.js';\n").replace('new Prisma.PrismaClient()', 'shared'),
    );
    const fixed = await run(['check', dir, '--baseline', baseline]);
    expect(fixed.code).toBe(0);
    const lines = fixed.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '1 baseline finding no longer occurs (fixed), remove with --update-baseline:',
      '  apps/api/src/routes/admin.ts  poolguard/no-client-outside-singleton  new Prisma.PrismaClient()',
    ]);
    expect(lines[2]).toMatch(new RegExp(`^✔ No new connection problems in \\d+ files \\(\\d+ parsed, \\d+ ms\\); ${count - 1} known findings in the baseline not reported\\.$`));
    expect(lines.slice(3)).toEqual(['']);
    // In the machine formats the note goes to stderr; in github it is a ::notice annotation.
    const json = await run(['check', dir, '--baseline', baseline, '-f', 'json']);
    expect(json.stderr).toContain('poolguard: 1 baseline finding no longer occurs (fixed), remove with --update-baseline:\npoolguard: apps/api/src/routes/admin.ts  poolguard/no-client-outside-singleton  new Prisma.PrismaClient()\n');
    const github = await run(['check', dir, '--baseline', baseline, '-f', 'github']);
    expect(github.stdout).toContain(
      '::notice file=apps/api/src/routes/admin.ts,title=poolguard/no-client-outside-singleton fixed::This baseline finding no longer occurs: new Prisma.PrismaClient(). Remove it with --update-baseline.\n',
    );
    expect((await run(['check', dir, '--baseline', baseline, '--quiet'])).stdout).not.toContain('no longer occurs');

    // --update-baseline forgets the fixed finding; the note is gone.
    expect((await run(['check', dir, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    expect(Object.values(readBaseline(baseline).findings).filter((e) => e.file === 'apps/api/src/routes/admin.ts')).toEqual([]);
    expect(Object.keys(readBaseline(baseline).findings)).toHaveLength(count - 1);
    expect((await run(['check', dir, '--baseline', baseline])).stdout).not.toContain('no longer occurs');
  });

  it('tells identical findings in one file apart by occurrence: one removed is one fixed, one added is one new', async () => {
    const { dir, baseline } = await demoWithBaseline();
    const twice = path.join(dir, 'apps/api/src/services/twice.ts');
    const offender = "export const a = new PrismaClient();\nexport const b = new PrismaClient();\n";
    fs.writeFileSync(twice, `import { PrismaClient } from '@prisma/client';\n\n${offender}`);
    expect((await run(['check', dir, '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    const entries = Object.values(readBaseline(baseline).findings).filter((e) => e.file === 'apps/api/src/services/twice.ts');
    expect(entries.map((e) => [e.code, e.occurrence])).toEqual([
      ['new PrismaClient()', 0],
      ['new PrismaClient()', 1],
    ]);
    fs.writeFileSync(twice, `import { PrismaClient } from '@prisma/client';\n\nexport const b = new PrismaClient();\n`);
    const one = await run(['check', dir, '--baseline', baseline]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('1 baseline finding no longer occurs (fixed), remove with --update-baseline:\n  apps/api/src/services/twice.ts  poolguard/no-client-outside-singleton  new PrismaClient()\n');
    fs.writeFileSync(twice, `import { PrismaClient } from '@prisma/client';\n\n${offender}export const c = new PrismaClient();\n`);
    const three = await run(['check', dir, '--baseline', baseline, '-f', 'json']);
    expect(three.code).toBe(1);
    const reported = (JSON.parse(three.stdout) as JsonResult[]).flatMap((r) => r.messages.map((m) => `${path.basename(r.filePath)}:${m.line}`));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^twice\.ts:\d$/);
  });

  it('a partial run (other paths) neither reports nor forgets the rest of the baseline', async () => {
    const { dir, baseline, count } = await demoWithBaseline();
    const web = await run(['check', path.join(dir, 'apps/web'), '--baseline', baseline]);
    expect(web.code).toBe(0);
    expect(web.stdout).not.toContain('no longer occurs');
    expect((await run(['check', path.join(dir, 'apps/web'), '--baseline', baseline, '--update-baseline'])).code).toBe(0);
    expect(Object.keys(readBaseline(baseline).findings)).toHaveLength(count);
    // A file that no longer exists is decided by any run: its entries are fixed.
    fs.rmSync(path.join(dir, 'apps/api/src/services/email.ts'));
    const gone = await run(['check', path.join(dir, 'apps/web'), '--baseline', baseline]);
    expect(gone.stdout).toContain('1 baseline finding no longer occurs (fixed), remove with --update-baseline:\n  apps/api/src/services/email.ts  poolguard/no-client-outside-singleton');
  });

  it('never baselines a file that does not parse: it still fails the run', async () => {
    const { dir, baseline, count } = await demoWithBaseline();
    fs.writeFileSync(path.join(dir, 'apps/api/src/routes/broken.ts'), "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient(\n");
    const update = await run(['check', dir, '--baseline', baseline, '--update-baseline']);
    expect(update).toEqual({ code: 0, stdout: `poolguard: wrote ${count} findings to ${baseline}\n`, stderr: 'poolguard: 1 file did not parse; parse errors are never baselined\n' });
    const checked = await run(['check', dir, '--baseline', baseline, '-f', 'json']);
    expect(checked.code).toBe(1);
    expect(findingsOf(checked.stdout, dir)).toEqual(['apps/api/src/routes/broken.ts null']);
  });

  it('bad baseline input: one line, exit 2', async () => {
    const dir = copyToTemp(DEMO);
    const missing = path.join(dir, 'missing.json');
    expect(await run(['check', dir, '--baseline', missing])).toEqual({ code: 2, stdout: '', stderr: `poolguard: baseline file not found: ${missing} (create it with --update-baseline)\n` });
    expect(await run(['check', dir, '--update-baseline'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: --update-baseline needs --baseline FILE (the file to write)\n' });
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{ not json');
    const notJson = await run(['check', dir, '--baseline', broken]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/^poolguard: invalid baseline .*broken\.json: .+\n$/);
    fs.writeFileSync(broken, JSON.stringify({ version: 1, findings: { x: { rule: 'r', file: 'f', code: 'c', occurrence: -1 } } }));
    expect((await run(['check', dir, '--baseline', broken])).stderr).toBe(
      `poolguard: invalid baseline ${broken}: "findings.x" must have a string rule, file and code and an integer occurrence ≥ 0\n`,
    );
    fs.writeFileSync(broken, JSON.stringify({ version: 2, findings: {} }));
    expect((await run(['check', dir, '--baseline', broken])).stderr).toBe(`poolguard: invalid baseline ${broken}: "version" must be 1\n`);
  });
});
