// `npm run fuzz [-- --count N --seed S --batch B --hang-seconds H]`: mutated fixture sources
// (truncations, byte flips, NUL, invalid UTF-8, BOM, CRLF, deep nesting, huge lines) through check and
// fix, in a child process per batch, in temp projects. Fails (exit 1) on any crash, a batch that hangs (no answer
// within H seconds: its process is killed and the run goes on), a file fix changed that did
// not parse before or does not parse after, a changed file that was not valid UTF-8 or lost its BOM /
// CRLF, bytes changed outside the edits (lines fix removed or replaced that hold no finding of the
// check before it and are no import), or a second fix that changes anything. Needs dist/ (npm run build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parse } from '@typescript-eslint/typescript-estree';
import { diffLines } from 'diff';

// --only N: run batch N alone (the inputs before it are still drawn, so it is the same batch);
// --keep DIR: copy each batch with a problem there, to rerun it by hand.
const { values } = parseArgs({ options: { count: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, 'hang-seconds': { type: 'string' }, only: { type: 'string' }, keep: { type: 'string' } } });
const ONLY = values.only === undefined ? undefined : Number(values.only);
const COUNT = Number(values.count ?? 10_000);
const SEED = Number(values.seed ?? 20240601);
const BATCH = Number(values.batch ?? 100);
const HANG_MS = Number(values['hang-seconds'] ?? 600) * 1000;

// mulberry32: a fixed seed gives the same inputs on every machine.
let state = SEED >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (n) => Math.floor(random() * n);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const seeds = [];
const walk = (dir) => {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(abs);
    else if (/\.input\.(?:[cm]?[jt]sx?)$/.test(entry.name)) seeds.push({ ext: path.extname(entry.name), bytes: fs.readFileSync(abs) });
  }
};
walk(path.join(root, 'fixtures'));

const mutations = {
  truncate: (b) => b.subarray(0, int(b.length + 1)),
  flip: (b) => { const c = Buffer.from(b); for (let i = 0, n = 1 + int(4); i < n && c.length; i++) c[int(c.length)] ^= 1 << int(8); return c; },
  nul: (b) => { const at = int(b.length + 1); return Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]); },
  invalidUtf8: (b) => { const at = int(b.length + 1); return Buffer.concat([b.subarray(0, at), Buffer.from(pick([[0xff], [0xc3], [0xe2, 0x28, 0xa1], [0xed, 0xa0, 0x80]])), b.subarray(at)]); },
  invalidUtf8InComment: (b) => Buffer.concat([b, Buffer.from('// '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
  bom: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  crlf: (b) => Buffer.from(b.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1'),
  deepNesting: (b) => { const n = 200 + int(2000); return Buffer.concat([b, Buffer.from(`\nexport const deep = ${'['.repeat(n)}${']'.repeat(n)};\n`)]); },
  hugeLine: (b) => Buffer.concat([b, Buffer.from(`\nexport const long = '${'x'.repeat(100_000 + int(400_000))}';\n`)]),
  duplicateLine: (b) => { const lines = b.toString('latin1').split('\n'); const i = int(lines.length); lines.splice(i, 0, lines[i] ?? ''); return Buffer.from(lines.join('\n'), 'latin1'); },
  deleteLine: (b) => { const lines = b.toString('latin1').split('\n'); lines.splice(int(lines.length), 1); return Buffer.from(lines.join('\n'), 'latin1'); },
  splice: (b) => { const other = pick(seeds).bytes; const at = int(b.length + 1); return Buffer.concat([b.subarray(0, at), other.subarray(int(other.length + 1))]); },
};
const names = Object.keys(mutations);

const strict = new TextDecoder('utf-8', { fatal: true });
const isUtf8 = (b) => { try { strict.decode(b); return true; } catch { return false; } };
const parses = (bytes, ext) => {
  try {
    parse(bytes.toString('utf8'), { jsx: /x$/.test(ext), loc: false, range: false });
    return true;
  } catch {
    return false;
  }
};

// check, fix and fix again run in a child process per batch (as the CLI runs, with no cache carried
// over from another batch), so a hang ends that process instead of the run.
const CHILD = fileURLToPath(new URL('./fuzz-worker.mjs', import.meta.url));
function runBatch(dir, files) {
  const child = fork(CHILD, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ hang: true }), HANG_MS);
    child.once('message', finish);
    child.once('exit', (code, signal) => finish({ crash: `the batch process ended (${signal ?? `exit ${code}`}): ${stderr.split('\n').slice(-5).join(' | ')}`, stage: 'first', first: [], findings: {} }));
    child.send({ dir, files });
  });
}

/**
 * Lines fix removes along with a finding without the finding's line in the same run: blank, `import …`,
 * `} from '…'`, a name of a multi-line import clause, a require(), and the close of a per-request
 * client it replaces (`await sql.end()`, its `finally {`, braces).
 */
const EDIT_LINE = /^\s*$|^\s*import\b|^\s*\}?\s*from\s*['"]|^\s*(?:type\s+)?[\w$]+(?:\s+as\s+[\w$]+)?,?\s*$|\brequire\s*\(|^\s*(?:await\s+)?[\w$.]+\.(?:end|\$disconnect|close|quit|destroy|disconnect|release)\(\)\s*;?\s*$|^\s*\}?\s*(?:finally|try)?\s*\{?\s*$/;

/**
 * Bytes of `before` that fix removed or replaced away from what it edits: a removed run of lines is
 * an edit when it overlaps a finding's lines (`[line, endLine]`, 1-based) or holds only EDIT_LINEs.
 * Added lines change no existing byte.
 */
function bytesOutsideEdits(before, after, findings) {
  let line = 1;
  let outside = 0;
  for (const part of diffLines(before.toString('utf8'), after.toString('utf8'))) {
    const lines = part.count ?? part.value.split('\n').length - 1;
    if (part.removed) {
      const from = line;
      const to = line + lines - 1;
      const edited = findings.some(([start, end]) => start <= to && end >= from);
      const structural = part.value.split(/\r?\n/).every((text) => EDIT_LINE.test(text));
      if (!edited && !structural) outside += Buffer.byteLength(part.value);
    }
    if (!part.added) line += lines;
  }
  return outside;
}

const totals = { inputs: 0, crashes: 0, hangs: 0, bytesOutsideEdits: 0, changedUnparsed: 0, brokeParse: 0, nonIdempotent: 0, invalidUtf8Changed: 0, bomOrEolLost: 0, changed: 0, parsedBefore: 0 };
const problems = [];
const started = performance.now();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-fuzz-'));
try {
  for (let batch = 0; totals.inputs < COUNT; batch++) {
    const dir = path.join(tmp, `b${batch}`);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "fuzz", "type": "module" }\n');
    const inputs = [];
    for (let i = 0; i < BATCH && totals.inputs < COUNT; i++, totals.inputs++) {
      const seed = pick(seeds);
      let bytes = seed.bytes;
      const applied = [];
      for (let k = 0, n = 1 + int(3); k < n; k++) { const m = pick(names); applied.push(m); bytes = mutations[m](bytes); }
      const file = path.join(dir, 'src', `f${i}${seed.ext}`);
      fs.writeFileSync(file, bytes);
      inputs.push({ file, ext: seed.ext, bytes, applied, parsed: parses(bytes, seed.ext) });
    }
    const where = `batch ${batch} (seed ${SEED})`;
    if (ONLY !== undefined && batch !== ONLY) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (values.keep) fs.cpSync(dir, path.join(values.keep, `b${batch}`), { recursive: true });
    const before = problems.length;
    const outcome = await runBatch(dir, inputs.map((input) => input.file));
    if (outcome.hang) {
      totals.hangs++;
      problems.push(`${where}: no answer within ${HANG_MS / 1000} s (a hang)`);
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (outcome.crash) {
      totals.crashes++;
      problems.push(`${where}: crash${outcome.stage === 'second' ? ' on the second fix' : ''}: ${outcome.crash}`);
      if (outcome.stage !== 'second') {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
    }
    const first = outcome.first.map((bytes) => Buffer.from(bytes));
    for (const [i, input] of inputs.entries()) {
      if (input.parsed) totals.parsedBefore++;
      if (first[i].equals(input.bytes)) continue;
      totals.changed++;
      const label = `${where} ${path.basename(input.file)} [${input.applied.join(', ')}]`;
      if (!input.parsed) { totals.changedUnparsed++; problems.push(`${label}: changed but did not parse before`); }
      if (input.parsed && !parses(first[i], input.ext)) { totals.brokeParse++; problems.push(`${label}: parsed before, not after`); }
      if (!isUtf8(input.bytes)) { totals.invalidUtf8Changed++; problems.push(`${label}: not valid UTF-8, rewritten`); }
      const bom = (b) => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
      const crlf = (b) => b.includes('\r\n') && !/(?<!\r)\n/.test(b.toString('latin1'));
      if (bom(input.bytes) !== bom(first[i]) || (crlf(input.bytes) && !crlf(first[i]))) { totals.bomOrEolLost++; problems.push(`${label}: BOM or CRLF line endings lost`); }
      const outside = bytesOutsideEdits(input.bytes, first[i], outcome.findings[input.file] ?? []);
      if (outside > 0) { totals.bytesOutsideEdits += outside; problems.push(`${label}: ${outside} bytes changed outside the edits`); }
    }
    for (const [i, input] of inputs.entries()) {
      if (!fs.readFileSync(input.file).equals(first[i])) { totals.nonIdempotent++; problems.push(`${where} ${path.basename(input.file)} [${input.applied.join(', ')}]: a second fix changed it again`); }
    }
    if (values.keep && problems.length === before) fs.rmSync(path.join(values.keep, `b${batch}`), { recursive: true, force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`\rfuzz: ${totals.inputs}/${COUNT} inputs, ${problems.length} problems`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stderr.write('\n');
for (const problem of problems.slice(0, 50)) process.stdout.write(`${problem}\n`);
process.stdout.write(`fuzz: seed ${SEED}, ${totals.inputs} inputs (${totals.parsedBefore} parsed before) in ${seconds} s: ${totals.changed} changed by fix; ${totals.crashes} crashes, ${totals.hangs} hangs, ${totals.changedUnparsed} changed that did not parse before, ${totals.brokeParse} parsed before and not after, ${totals.nonIdempotent} not idempotent, ${totals.invalidUtf8Changed} invalid UTF-8 rewritten, ${totals.bomOrEolLost} lost a BOM or CRLF, ${totals.bytesOutsideEdits} bytes changed outside edits\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
