import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import plugin from '../../src/plugin.js';
import { main } from '../../src/cli/main.js';
import { CHECK_USAGE } from '../../src/cli/check.js';
import { createProgress, PROGRESS_DELAY_MS, type Io } from '../../src/io/process.js';
import { escapeData, escapeProperty, workflowCommand } from '../../src/io/github.js';
import { FINGERPRINT_KEY } from '../../src/cli/formats/sarif.js';
import { copyToTemp, run } from '../helpers/cli.js';
import { FIXTURES, ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

const DEMO = path.join(FIXTURES, 'projects/demo');
const OFFENDER = "import postgres from 'postgres';\n\nconst sql = postgres(process.env.DATABASE_URL!);\nexport const rows = () => sql`select 1`;\n";

/**
 * A temp project outside git: two route modules that each open their own pool, a file that does not
 * parse (line 3) and a binary file; `files` adds or replaces files (null removes one).
 */
function project(files: Record<string, string | null> = {}): string {
  const dir = tempDir('poolguard-formats-');
  const all: Record<string, string | Buffer | null> = {
    'package.json': '{ "name": "formats-fixture", "type": "module" }\n',
    'src/routes/users.ts': OFFENDER,
    'src/routes/orders.ts': OFFENDER,
    'src/broken.ts': "import postgres from 'postgres';\n\nexport const sql = postgres(\n",
    'src/blob.js': Buffer.from([0x69, 0x6d, 0x70, 0x6f, 0x72, 0x74, 0, 0, 0, 1]),
    ...files,
  };
  for (const [rel, content] of Object.entries(all)) {
    if (content === null) continue;
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

// ajv-formats is CommonJS with `exports.default`: under NodeNext the default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validateSarif = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8')) as object);

interface JsonMessage {
  ruleId: string | null;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}
interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
}

async function sarifOf(args: string[], cwd = ROOT): Promise<{ code: number; log: Sarif.Log; run: Sarif.Run }> {
  const { code, stdout, stderr } = await run(['check', ...args, '--format', 'sarif'], cwd);
  expect(stderr).toBe('');
  const log = JSON.parse(stdout) as Sarif.Log;
  expect(validateSarif(log), JSON.stringify(validateSarif.errors, null, 2)).toBe(true);
  return { code, log, run: log.runs[0]! };
}

/** `line:col-endLine:endColumn rule` for every finding, keyed by path relative to `base`. */
async function jsonFindings(target: string, base: string): Promise<string[]> {
  const { stdout } = await run(['check', target, '--format', 'json']);
  return (JSON.parse(stdout) as JsonResult[]).flatMap((r) =>
    r.messages.map((m) => `${path.relative(base, r.filePath).split(path.sep).join('/')} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`),
  );
}

describe('--format sarif', () => {
  it('is valid SARIF 2.1.0 with rule metadata, relative %SRCROOT% URIs and one result per finding on the demo', async () => {
    const expected = await jsonFindings(DEMO, ROOT);
    expect(expected.length).toBeGreaterThan(20);
    const { code, log, run: sarifRun } = await sarifOf([DEMO]);
    expect(code).toBe(1);
    expect(log.version).toBe('2.1.0');
    // The schema does reject what is not SARIF (a run without a tool driver, a region with line 0).
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: {} }] })).toBe(false);
    expect(validateSarif({ ...log, runs: [{ ...sarifRun, results: [{ message: { text: 'x' }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }] })).toBe(false);
    const driver = sarifRun.tool.driver;
    expect(driver).toMatchObject({ name: 'poolguard', version: plugin.meta.version, informationUri: 'https://github.com/poolguard/eslint-plugin-poolguard' });
    // The four ESLint rules, then the CLI's config-file check.
    expect(driver.rules!.map((r) => r.id)).toEqual([...Object.keys(plugin.rules).map((id) => `poolguard/${id}`), 'poolguard/database-url']);
    for (const [id, { meta }] of Object.entries(plugin.rules)) {
      const rule = driver.rules!.find((r) => r.id === `poolguard/${id}`)!;
      expect(rule.helpUri).toBe((meta.docs as { url: string }).url);
      expect(rule.shortDescription?.text).toBe(meta.docs?.description);
    }
    for (const rule of driver.rules!) {
      // Every help URI is a doc of this repository at the released tag.
      const doc = /^https:\/\/github\.com\/poolguard\/eslint-plugin-poolguard\/blob\/v[\d.]+\/((?:rules|docs)\/[a-z-]+\.md)$/.exec(rule.helpUri ?? '');
      expect(doc, rule.id).not.toBeNull();
      expect(fs.existsSync(path.join(ROOT, doc![1]!)), doc![1]).toBe(true);
      expect(rule.shortDescription?.text).toMatch(/^(?:Disallow|Require|Enforce) /);
    }
    // The demo sits inside this repository: URIs are relative to the work tree's top, as GitHub needs them.
    expect(sarifRun.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(`${ROOT}/`).href } });
    const results = sarifRun.results!;
    const fromSarif = results.map((result) => {
      expect(driver.rules![result.ruleIndex!]!.id).toBe(result.ruleId);
      expect(result.level).toBe('error');
      const physical = result.locations![0]!.physicalLocation!;
      expect(physical.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
      const uri = physical.artifactLocation!.uri!;
      expect(uri).toMatch(/^fixtures\/projects\/demo\/apps\//);
      expect(fs.existsSync(fileURLToPath(new URL(uri, sarifRun.originalUriBaseIds!['%SRCROOT%']!.uri)))).toBe(true);
      const { startLine, startColumn, endLine, endColumn } = physical.region!;
      return `${decodeURIComponent(uri)} ${startLine}:${startColumn}-${endLine}:${endColumn} ${result.ruleId}`;
    });
    // Same findings at the same positions as the json format (ESLint's 1-based columns, end exclusive, are SARIF's too).
    expect(fromSarif.sort()).toEqual(expected.sort());
    const fingerprints = results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    expect(fingerprints.every((f) => typeof f === 'string' && /^[0-9a-f]{16}$/.test(f))).toBe(true);
    expect(new Set(fingerprints).size).toBe(results.length);
    expect(sarifRun.invocations).toEqual([{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('outside git, URIs are relative to the checked folder; fingerprints survive lines moving', async () => {
    const copy = copyToTemp(DEMO);
    const before = (await sarifOf([copy])).run;
    expect(before.originalUriBaseIds!['%SRCROOT%']!.uri).toBe(pathToFileURL(`${copy}/`).href);
    const target = 'apps/api/src/routes/admin.ts';
    const file = path.join(copy, target);
    fs.writeFileSync(file, `// moved\n\n\n${fs.readFileSync(file, 'utf8')}`);
    const after = (await sarifOf([copy])).run;
    const byFingerprint = (r: Sarif.Run) => new Map(r.results!.map((x) => [x.partialFingerprints![FINGERPRINT_KEY], x.locations![0]!.physicalLocation!]));
    const [was, now] = [byFingerprint(before), byFingerprint(after)];
    expect([...now.keys()].sort()).toEqual([...was.keys()].sort());
    const moved = [...now.entries()].filter(([, loc]) => loc.artifactLocation!.uri === target);
    expect(moved).toHaveLength(1);
    const [key, loc] = moved[0]!;
    expect(loc.region!.startLine).toBe(was.get(key)!.region!.startLine! + 3);
  });

  it('reports a file that does not parse and a skipped file as tool notifications, not results', async () => {
    const dir = project();
    const { code, run: sarifRun } = await sarifOf([dir]);
    expect(code).toBe(1);
    const notifications = sarifRun.invocations![0]!.toolExecutionNotifications!;
    expect(notifications.map((n) => [n.level, n.descriptor!.id, n.locations![0]!.physicalLocation!.artifactLocation!.uri]).sort()).toEqual([
      ['error', 'poolguard/parse-error', 'src/broken.ts'],
      ['warning', 'poolguard/file-skipped', 'src/blob.js'],
    ]);
    const parseError = notifications.find((n) => n.level === 'error')!;
    expect(parseError.message.text).toMatch(/^Parsing error: /);
    expect(parseError.locations![0]!.physicalLocation!.region!.startLine).toBe(4);
    const json = await jsonFindings(dir, dir);
    expect(sarifRun.results!.map((r) => `${r.locations![0]!.physicalLocation!.artifactLocation!.uri} ${r.ruleId}`).sort()).toEqual(
      json.filter((f) => !f.endsWith(' null')).map((f) => f.replace(/ \S+ (\S+)$/, ' $1')).sort(),
    );
    expect(sarifRun.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri).sort()).toEqual(['src/routes/orders.ts', 'src/routes/users.ts']);
  });

  it('describes the config-file check too: its results point at .env and compose files by a valid ruleIndex', async () => {
    const dir = copyToTemp(path.join(FIXTURES, 'projects/database-url'));
    const expected = (await jsonFindings(dir, dir)).filter((f) => f.endsWith(' poolguard/database-url'));
    expect(expected.length).toBeGreaterThan(0);
    const { run: sarifRun } = await sarifOf([dir]);
    const results = sarifRun.results!.filter((r) => r.ruleId === 'poolguard/database-url');
    expect(results).toHaveLength(expected.length);
    for (const result of results) expect(sarifRun.tool.driver.rules![result.ruleIndex!]!.id).toBe('poolguard/database-url');
    expect(new Set(results.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri))).toEqual(new Set(expected.map((f) => f.split(' ')[0])));
    // No source text of a .env file (secrets) ever reaches the output.
    expect(JSON.stringify(sarifRun)).not.toContain('snippet');
  });

  it('percent-encodes characters that a URI reference cannot hold', async () => {
    const dir = project({ 'src/routes/users.ts': null, 'src/app/[id] x/route.ts': OFFENDER });
    const { run: sarifRun } = await sarifOf([dir]);
    expect(sarifRun.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri).sort()).toEqual(['src/app/%5Bid%5D%20x/route.ts', 'src/routes/orders.ts']);
  });
});

describe('--format github', () => {
  const annotation = /^::error file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(poolguard\/[a-z-]+)::(.+)$/;

  it('prints one ::error annotation per finding, with relative paths and the json positions', async () => {
    const copy = copyToTemp(DEMO);
    const expected = await jsonFindings(copy, copy);
    const { code, stdout, stderr } = await run(['check', copy, '--format', 'github']);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    // A plain last line (not a workflow command) counts them: GitHub shows only 10 annotations per step.
    expect(lines.pop()).toMatch(new RegExp(`^poolguard: ${expected.length} problems \\(${expected.length} errors, 0 warnings\\) in \\d+ files\\.$`));
    const parsed = lines.map((line) => {
      const match = annotation.exec(line);
      expect(match, line).not.toBeNull();
      const [, file, l, c, el, ec, title] = match!;
      return `${file} ${l}:${c}-${el}:${ec} ${title}`;
    });
    expect(parsed.sort()).toEqual(expected.sort());
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^::error file=apps\/web\/src\/app\/api\/users\/route\.ts,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=poolguard\/no-client-outside-singleton::`postgres\(\)` opens/),
      ]),
    );
  });

  it('inside a git work tree, paths are relative to its top (where the runner checked out)', async () => {
    const { stdout } = await run(['check', path.join(DEMO, 'apps/web'), '--format', 'github']);
    const files = new Set(stdout.trimEnd().split('\n').slice(0, -1).map((line) => annotation.exec(line)?.[1]));
    expect(files).toContain('fixtures/projects/demo/apps/web/src/app/api/users/route.ts');
    expect([...files].every((f) => f?.startsWith('fixtures/projects/demo/apps/web/src/'))).toBe(true);
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(workflowCommand('error', { file: 'src/a,b:c.ts', line: 3, col: undefined, title: 'poolguard/x' }, 'line one\nline two: 50%')).toBe(
      '::error file=src/a%2Cb%3Ac.ts,line=3,title=poolguard/x::line one%0Aline two: 50%25',
    );
  });

  it('escapes a real file name with a comma, and reports parse errors and skipped files', async () => {
    const dir = project({ 'src/routes/users.ts': null, 'src/routes/a,b.ts': OFFENDER });
    const { code, stdout } = await run(['check', dir, '--format', 'github']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.pop()).toBe('poolguard: 4 problems (3 errors, 1 warning) in 4 files.');
    lines.sort();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^::error file=src\/broken\.ts,line=4,col=\d+,title=poolguard parse error::Parsing error: /);
    expect(lines[1]).toMatch(/^::error file=src\/routes\/a%2Cb\.ts,line=3,col=13,endLine=3,endColumn=48,title=poolguard\/[a-z-]+::`postgres\(\)` /);
    expect(lines[2]).toMatch(/^::error file=src\/routes\/orders\.ts,line=3,col=13,endLine=3,endColumn=48,title=poolguard\/[a-z-]+::/);
    expect(lines[3]).toBe('::warning file=src/blob.js,title=poolguard::File skipped: binary content');
  });
});

describe('--format json and stylish, --quiet', () => {
  it('json keeps the eslint -f json shape with absolute paths; stylish ends with the same count', async () => {
    const json = await run(['check', DEMO, '--format', 'json']);
    expect(json.code).toBe(1);
    const results = JSON.parse(json.stdout) as JsonResult[];
    const count = results.reduce((n, r) => n + r.messages.length, 0);
    expect(count).toBeGreaterThan(20);
    expect(results.every((r) => path.isAbsolute(r.filePath))).toBe(true);
    const stylish = await run(['check', DEMO]);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toContain(`✖ ${count} problems (${count} errors, 0 warnings)`);
  });

  it('an unknown format names every format', async () => {
    expect(await run(['check', DEMO, '--format', 'xml'])).toEqual({ code: 2, stdout: '', stderr: 'poolguard: unknown format "xml" (expected one of stylish, json, sarif, github)\n' });
  });

  it('--quiet drops warnings (skipped files) and keeps errors', async () => {
    const dir = project();
    const loud = JSON.parse((await run(['check', dir, '-f', 'json'])).stdout) as JsonResult[];
    expect(loud.flatMap((r) => r.messages.map((m) => m.severity)).sort()).toEqual([1, 2, 2, 2]);
    expect((await run(['check', dir])).stdout).toContain('File skipped: binary content');
    const quiet = await run(['check', dir, '-f', 'json', '--quiet']);
    expect(quiet.code).toBe(1);
    const results = JSON.parse(quiet.stdout) as Array<JsonResult & { warningCount: number }>;
    expect(results.flatMap((r) => r.messages.map((m) => m.severity))).toEqual([2, 2, 2]);
    expect(results.every((r) => r.warningCount === 0)).toBe(true);
    const stylish = await run(['check', dir, '-q']);
    expect(stylish.stdout).not.toContain('File skipped');
    expect(stylish.stdout).toContain('3 problems (3 errors, 0 warnings)');
    // Only a warning left: exit 0 either way, and --quiet prints no problem at all.
    fs.rmSync(path.join(dir, 'src/routes'), { recursive: true });
    fs.rmSync(path.join(dir, 'src/broken.ts'));
    expect((await run(['check', dir])).code).toBe(0);
    const onlyWarning = await run(['check', dir, '--quiet']);
    expect(onlyWarning.code).toBe(0);
    expect(onlyWarning.stdout).toMatch(/^✔ No connection problems in 1 file \(/);
  });
});

describe('the progress line', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const ioWith = (stderrIsTTY: boolean, env: NodeJS.ProcessEnv = {}) => {
    const out = { stdout: '', stderr: '' };
    const io: Io = { cwd: ROOT, env, isTTY: false, stderrIsTTY, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
    return { io, out };
  };

  it('appears after the delay on a TTY, redraws in place, and is cleared at the end', () => {
    let now = 0;
    const { io, out } = ioWith(true);
    const progress = createProgress(io, () => now);
    progress.update(1, 50, 0);
    expect(out.stderr).toBe('');
    now = PROGRESS_DELAY_MS + 1;
    progress.update(20, 50, 1);
    now += 50;
    progress.update(21, 50, 1); // under 100 ms since the last draw: skipped
    now += 100;
    progress.update(50, 50, 3);
    progress.end();
    expect(out.stderr).toBe('\r\x1b[2Kpoolguard: 20/50 files, 1 finding\r\x1b[2Kpoolguard: 50/50 files, 3 findings\r\x1b[2K');
  });

  it('is silent when stderr is not a TTY, when CI is set, and for short runs', () => {
    let now = 0;
    for (const { io, out } of [ioWith(false), ioWith(true, { CI: 'true' }), ioWith(true, { CI: '1' })]) {
      const progress = createProgress(io, () => now);
      now += PROGRESS_DELAY_MS * 2;
      progress.update(1, 2, 0);
      progress.end();
      expect(out.stderr).toBe('');
    }
    const short = ioWith(true);
    const progress = createProgress(short.io, () => now);
    progress.update(2, 2, 0);
    progress.end();
    expect(short.out.stderr).toBe('');
  });

  it('shows on stderr during a long `check` run on a TTY and leaves stdout alone', async () => {
    const plain = (await run(['check', DEMO, '-f', 'json'])).stdout;
    let clock = 0;
    // Every clock read moves 1 s on: the run "lasts" long enough for the line to show.
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1000));
    const tty = ioWith(true);
    expect(await main(['check', DEMO, '-f', 'json'], tty.io)).toBe(1);
    expect(tty.out.stderr).toMatch(/^(?:\r\x1b\[2Kpoolguard: \d+\/\d+ files, \d+ findings?)+\r\x1b\[2K$/);
    const total = (JSON.parse(plain) as JsonResult[]).length;
    expect(tty.out.stderr).toContain(`poolguard: ${total}/${total} files,`);
    expect(tty.out.stdout).toBe(plain);
    const ci = ioWith(true, { CI: 'true' });
    expect(await main(['check', DEMO, '-f', 'json'], ci.io)).toBe(1);
    expect(ci.out.stderr).toBe('');
  });
});

describe('the workflows of docs/pull-requests.md', () => {
  const section = fs.readFileSync(path.join(ROOT, 'docs/pull-requests.md'), 'utf8');
  const workflows = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parseYaml(m[1]!) as { on: unknown; jobs: Record<string, { steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }> });

  it('has the three workflows: SARIF upload, annotations, changed files against a baseline', () => {
    expect(workflows).toHaveLength(3);
    const steps = workflows.map((w) => Object.values(w.jobs).flatMap((job) => job.steps));
    expect(steps[0]!.some((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))).toBe(true);
    expect(steps[0]!.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'))!.with!.sarif_file).toBe('poolguard.sarif');
    const commands = steps.map((list) => list.map((step) => step.run ?? '').filter((cmd) => cmd.includes('poolguard check')).join('\n'));
    expect(commands[0]).toContain('--format sarif > poolguard.sarif');
    expect(commands[1]).toContain('--format github');
    expect(commands[2]).toMatch(/--changed-since origin\/\$\{\{ github\.base_ref \}\}/);
    expect(commands[2]).toContain('--baseline poolguard-baseline.json');
    // --changed-since needs the history: the checkout fetches it.
    expect(steps[2]!.find((step) => step.uses?.startsWith('actions/checkout@'))!.with!['fetch-depth']).toBe(0);
  });

  it('uses only options that `poolguard check --help` lists', () => {
    const options = [...section.matchAll(/poolguard check([^\n`]*(?:\n\s+--[^\n]*)*)/g)].flatMap((m) => [...m[1]!.matchAll(/(?:^|\s)(--?[a-z-]+)/g)].map((o) => o[1]!));
    expect(options.length).toBeGreaterThan(5);
    for (const option of new Set(options)) expect(CHECK_USAGE, option).toMatch(new RegExp(`(?:^|[\\s,])${option}(?:[\\s,]|$)`, 'm'));
  });
});
