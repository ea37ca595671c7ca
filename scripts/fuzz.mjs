// `npm run fuzz [-- --count N --seed S --batch B]`: mutated fixture sources (truncations, byte flips,
// NUL, invalid UTF-8, BOM, CRLF, deep nesting, huge lines) through check and fix, in-process, in temp
// projects. Fails (exit 1) on any crash, a file fix changed that did not parse before or does not parse
// after, a changed file that was not valid UTF-8 or lost its BOM / CRLF, or a second fix that changes
// anything. Needs dist/ (npm run build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from '@typescript-eslint/typescript-estree';
import { runFix } from '../dist/src/cli/fix.js';
import { runCheck } from '../dist/src/cli/check.js';

const { values } = parseArgs({ options: { count: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' } } });
const COUNT = Number(values.count ?? 10_000);
const SEED = Number(values.seed ?? 20240601);
const BATCH = Number(values.batch ?? 100);

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

const totals = { inputs: 0, crashes: 0, changedUnparsed: 0, brokeParse: 0, nonIdempotent: 0, invalidUtf8Changed: 0, bomOrEolLost: 0, changed: 0, parsedBefore: 0 };
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
    try {
      await runCheck(['.'], dir);
      await runFix(['.'], dir, { allowDirty: true });
    } catch (error) {
      totals.crashes++;
      problems.push(`${where}: crash: ${error?.stack ?? error}`);
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    const first = inputs.map((input) => fs.readFileSync(input.file));
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
    }
    try {
      await runFix(['.'], dir, { allowDirty: true });
    } catch (error) {
      totals.crashes++;
      problems.push(`${where}: crash on the second fix: ${error?.stack ?? error}`);
    }
    for (const [i, input] of inputs.entries()) {
      if (!fs.readFileSync(input.file).equals(first[i])) { totals.nonIdempotent++; problems.push(`${where} ${path.basename(input.file)} [${input.applied.join(', ')}]: a second fix changed it again`); }
    }
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`\rfuzz: ${totals.inputs}/${COUNT} inputs, ${problems.length} problems`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stderr.write('\n');
for (const problem of problems.slice(0, 50)) process.stdout.write(`${problem}\n`);
process.stdout.write(`fuzz: seed ${SEED}, ${totals.inputs} inputs (${totals.parsedBefore} parsed before) in ${seconds} s: ${totals.changed} changed by fix; ${totals.crashes} crashes, ${totals.changedUnparsed} changed that did not parse before, ${totals.brokeParse} parsed before and not after, ${totals.nonIdempotent} not idempotent, ${totals.invalidUtf8Changed} invalid UTF-8 rewritten, ${totals.bomOrEolLost} lost a BOM or CRLF\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
