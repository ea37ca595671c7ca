// `npm run bench [-- <dir>] [--slope <smaller dir>]`: times `poolguard check` against ESLint's zero-rule
// parse (typescript-eslint parser, the same files) and against ast-grep with four simple patterns,
// each tool a child process, rounds alternating the tools; prints medians, ratios, files parsed and
// peak RSS. Without a dir: the synthetic monorepo of bench/generate.js (whose seeded offenders check
// and ESLint must both find), plus ESLint with typescript-eslint's recommended rules with and without
// poolguard's (`--rules` adds these runs to a dir's). `--slope`: check's peak RSS on a second,
// smaller tree gives MiB per 1,000 files.
// Prints, never asserts timings (so it is not a flaky test).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const slopeAt = args.indexOf('--slope');
const slopeDir = slopeAt >= 0 ? path.resolve(args[slopeAt + 1]) : undefined;
const dirArg = args.find((arg, i) => !arg.startsWith('--') && (slopeAt < 0 || i !== slopeAt + 1));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-bench-'));

let dir;
let expectedTotal;
if (dirArg) {
  dir = path.resolve(dirArg);
  console.log(`${dir}`);
} else {
  dir = path.join(root, '.bench', 'monorepo');
  const { files, expected } = generate(dir);
  expectedTotal = Object.values(expected).reduce((a, b) => a + b, 0);
  console.log(`synthetic monorepo: ${files} files (${dir}), ${expectedTotal} seeded offenders ${JSON.stringify(expected)}`);
}
console.log(`node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, median of ${runs} runs each, peak RSS by ${TIME ?? 'process.resourceUsage() in each Node tool'}\n`);

const LANGUAGES = ['TypeScript', 'Tsx', 'JavaScript'];
const PATTERNS = ['new PrismaClient($$$)', 'new Pool($$$)', 'postgres($$$)', 'drizzle($$$)'];
const astGrepRules = LANGUAGES.flatMap((language) => PATTERNS.map((pattern, i) => `id: p${i}-${language}\nlanguage: ${language}\nrule:\n  pattern: ${pattern}\n`)).join('---\n');
const node = (script, ...rest) => [process.execPath, '--import', path.join(root, 'bench/maxrss.js'), path.join(root, script), ...rest];

const count = (re, text) => Number(re.exec(text)?.[1]?.replace(/,/g, '') ?? NaN);
const tasks = {
  check: {
    label: 'poolguard check',
    cmd: (target) => node('bin/poolguard.js', 'check', target),
    read: (out) => ({
      checked: count(/(?:in |^)(\d[\d,]*) files?\b/m, out),
      parsed: count(/\((\d[\d,]*) parsed/, out),
      findings: /No connection problems/.test(out) ? 0 : count(/✖ (\d+) problems?/, out),
    }),
  },
  eslint: {
    label: 'ESLint + ts parser, 0 rules',
    cmd: (target) => node('bench/eslint-parse.js', target),
    read: (out) => ({ parsed: JSON.parse(out).files }),
  },
  astGrep: {
    label: `ast-grep, ${PATTERNS.length} patterns`,
    cmd: (target) => [path.join(root, 'node_modules/.bin/ast-grep'), 'scan', '--inline-rules', astGrepRules, '--inspect', 'summary', '--json=compact', target],
    read: (out, err) => ({ parsed: count(/scannedFileCount=(\d+)/, err), findings: JSON.parse(out || '[]').length }),
  },
};
if (!dirArg || args.includes('--rules')) {
  tasks.recommended = { label: 'ESLint + ts-eslint recommended', cmd: (target) => node('bench/eslint-parse.js', target, '--recommended'), read: (out) => ({ parsed: JSON.parse(out).files }) };
  // As `npx eslint .` runs: a one-shot run, where the rules trust the project model they built
  // (src/project/project-settings.ts isSingleRun; the bench drives ESLint's API, so it says so).
  tasks.recommendedPlus = {
    label: 'ESLint + ts-eslint recommended + poolguard',
    cmd: (target) => node('bench/eslint-parse.js', target, '--recommended', '--poolguard'),
    env: { POOLGUARD_SINGLE_RUN: 'true' },
    read: (out) => ({ parsed: JSON.parse(out).files, findings: JSON.parse(out).findings }),
  };
  // As an editor's long-lived server: every lint re-checks the files the model was built from.
  tasks.recommendedPlusEditor = { ...tasks.recommendedPlus, label: '  same, editor mode (freshness per lint)', env: { POOLGUARD_SINGLE_RUN: 'false' } };
}

/** One child process: wall time, peak RSS (MiB), what it says it parsed and found. */
function measure(task, target) {
  const rssFile = path.join(scratch, 'rss');
  fs.rmSync(rssFile, { force: true });
  const [cmd, ...rest] = task.cmd(target);
  const [file, argv] = TIME ? [TIME, ['-f', '%M %U %S', '-o', rssFile, cmd, ...rest]] : [cmd, rest];
  const start = performance.now();
  const child = spawnSync(file, argv, { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, ...task.env, BENCH_RSS_FILE: TIME ? '' : rssFile, FORCE_COLOR: '0' } });
  const ms = performance.now() - start;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${task.label} exited ${child.status}: ${child.stderr.slice(-2000)}`);
  // /usr/bin/time: "maxRSS user sys"; bench/maxrss.js: "maxRSS".
  const [kib, user, sys] = fs.existsSync(rssFile) ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  return { ms, rss: kib / 1024, cpu: (user + sys) * 1000, ...task.read(child.stdout, child.stderr) };
}

// Rounds alternate the tools so machine drift hits all of them alike; medians are reported.
const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
for (let round = 0; round < runs; round++) {
  for (const [name, task] of Object.entries(tasks)) samples[name].push(measure(task, dir));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, { ms: median(xs.map((x) => x.ms)), cpu: median(xs.map((x) => x.cpu)), rss: Math.max(...xs.map((x) => x.rss)), last: xs.at(-1) }]));
for (const [name, task] of Object.entries(tasks)) {
  const { ms, cpu, rss, last } = m[name];
  const found = last.findings === undefined ? '' : `, ${last.findings} findings`;
  const cpuText = Number.isNaN(cpu) ? '' : ` (${(cpu / 1000).toFixed(2)} s cpu)`;
  console.log(`${task.label.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(7)} s${cpuText.padEnd(16)} ${`${rss.toFixed(0)} MiB`.padStart(9)}   ${last.parsed} files parsed${found}`);
}

const ratio = (a, b, key) => (m[a][key] / m[b][key]).toFixed(key === 'ms' ? 1 : 2);
// CPU time is the steadier figure on a loaded machine; wall time is what a user waits.
console.log(`\ncheck vs ESLint's zero-rule parse: ${ratio('eslint', 'check', 'ms')}x faster wall, ${ratio('eslint', 'check', 'cpu')}x cpu (target >= 20x)`);
console.log(`check vs ast-grep: ${ratio('check', 'astGrep', 'ms')}x ast-grep's wall time, ${ratio('check', 'astGrep', 'cpu')}x its cpu (target <= 1)`);
console.log(`check's peak RSS: ${m.check.rss.toFixed(0)} MiB (target <= 250)`);
if (expectedTotal !== undefined) {
  for (const name of ['check', 'recommendedPlus', 'recommendedPlusEditor']) {
    if (m[name].last.findings !== expectedTotal) console.log(`WRONG: ${tasks[name].label} found ${m[name].last.findings} findings, expected ${expectedTotal}`);
  }
}
if (tasks.recommendedPlus) {
  const overhead = (task, key) => ((m[task][key] - m.recommended[key]) / m.recommended[key]) * 100;
  const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
  console.log(`poolguard's rules added to a typescript-eslint recommended setup: ${signed(overhead('recommendedPlus', 'ms'))} wall, ${signed(overhead('recommendedPlus', 'cpu'))} cpu (target <= 5%)`);
  console.log(`  in editor mode (a long-lived ESLint, every lint re-checks the model's files): ${signed(overhead('recommendedPlusEditor', 'ms'))} wall, ${signed(overhead('recommendedPlusEditor', 'cpu'))} cpu`);
}
if (slopeDir) {
  const small = Array.from({ length: runs }, () => measure(tasks.check, slopeDir));
  const [nSmall, nBig] = [small[0].checked, m.check.last.checked];
  const [rssSmall, rssBig] = [Math.max(...small.map((x) => x.rss)), m.check.rss];
  console.log(`memory slope: ${(((rssBig - rssSmall) / (nBig - nSmall)) * 1000).toFixed(1)} MiB per 1,000 files (check: ${rssSmall.toFixed(0)} MiB on ${nSmall} files, ${rssBig.toFixed(0)} MiB on ${nBig})`);
}
fs.rmSync(scratch, { recursive: true, force: true });
