// `--fix`: `poolguard fix` on a temp copy of one repository, then checks that what it wrote parses,
// that a second fix changes nothing, and that check no longer reports what fix says it fixed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { parseCheckJson, runPoolguard } from './spawn.mjs';

const SKIP = new Set(['node_modules', '.git']);
const CODE = /\.(?:[cm]?[jt]sx?)$/;
const temps = new Set();

function removeTemps() {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  temps.clear();
}
// spawn.mjs turns SIGINT / SIGTERM into process.exit, so this also runs on an interrupt.
process.on('exit', removeTemps);

/** relative path → sha1 of every file under root (node_modules and .git skipped). */
export function hashTree(root) {
  const hashes = new Map();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hashes.set(path.relative(root, full).split(path.sep).join('/'), crypto.createHash('sha1').update(fs.readFileSync(full)).digest('hex'));
    }
  };
  walk(root);
  return hashes;
}

/** TypeScript's own parser: the syntax errors of one file (0 when it parses). */
export function parseErrors(file, text) {
  const kind = /\.[cm]?tsx$|\.jsx$/.test(file) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  return source.parseDiagnostics.length;
}

/** The "left as is" entries of fix's summary: `  file:line:col  rule  reason`. */
function leftSites(summary) {
  const left = [];
  let inLeft = false;
  for (const line of summary.split('\n')) {
    if (/^left as is \(\d+\):$/.test(line)) inLeft = true;
    else if (/^\S/.test(line)) inLeft = false;
    else if (inLeft) {
      const m = /^\s+(.+):(\d+):(\d+)\s+(\S+)\s/.exec(line);
      if (m) left.push({ file: m[1], line: Number(m[2]), rule: m[4] });
    }
  }
  return left;
}

const countBy = (items) => {
  const counts = new Map();
  for (const x of items) counts.set(`${x.file}\0${x.rule}`, (counts.get(`${x.file}\0${x.rule}`) ?? 0) + 1);
  return counts;
};

/**
 * @param dir the checkout
 * @param before today's findings of `check` on the checkout (from the main run)
 */
export async function verifyFix(name, dir, before, { timeoutMs }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `poolguard-eval-fix-${name}-`));
  temps.add(tmp);
  try {
    fs.cpSync(dir, tmp, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
    const original = hashTree(tmp);
    const first = await runPoolguard(tmp, ['fix', '--allow-dirty', '.'], { timeoutMs });
    if (first.crash) return { crash: `fix: ${first.crash}` };
    const afterFirst = hashTree(tmp);
    const changed = [...afterFirst].filter(([f, h]) => original.has(f) && original.get(f) !== h).map(([f]) => f);
    const created = [...afterFirst.keys()].filter((f) => !original.has(f));
    const parseFailures = [...changed, ...created].filter((f) => {
      if (!CODE.test(f)) return false;
      const now = parseErrors(f, fs.readFileSync(path.join(tmp, f), 'utf8'));
      const was = original.has(f) ? parseErrors(f, fs.readFileSync(path.join(dir, f), 'utf8')) : 0;
      return now > was; // a file that did not parse before is not the fix's doing
    });

    const second = await runPoolguard(tmp, ['fix', '--allow-dirty', '.'], { timeoutMs });
    if (second.crash) return { crash: `second fix: ${second.crash}` };
    const afterSecond = hashTree(tmp);
    const nonIdempotent = [...afterSecond].filter(([f, h]) => afterFirst.get(f) !== h).map(([f]) => f);

    const recheck = await runPoolguard(tmp, ['check', '.', '--format', 'json'], { timeoutMs });
    if (recheck.crash) return { crash: `check after fix: ${recheck.crash}` };
    const after = parseCheckJson(recheck.stdout, tmp).findings;
    const left = countBy(leftSites(first.stdout));
    const beforeCounts = countBy(before);
    const touched = new Set([...changed, ...created]);
    // In a file fix rewrote, a finding beyond the ones it reported as left is one it called fixed.
    const residual = [];
    const introduced = [];
    for (const [key, n] of countBy(after)) {
      const [file, rule] = key.split('\0');
      const items = after.filter((f) => f.file === file && f.rule === rule);
      const excess = n - (left.get(key) ?? 0);
      if (touched.has(file) && excess > 0) residual.push(...items.slice(0, excess));
      else if (!touched.has(file) && n > (beforeCounts.get(key) ?? 0)) introduced.push(...items.slice(0, n - (beforeCounts.get(key) ?? 0)));
    }
    return {
      summary: first.stdout.split('\n')[0],
      elapsedMs: first.elapsedMs,
      maxRssKb: first.maxRssKb,
      changed,
      created,
      parseFailures,
      nonIdempotent,
      residual,
      introduced,
      left: leftSites(first.stdout).length,
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    temps.delete(tmp);
  }
}
