// `npm run bench`: times `poolguard check` against ESLint's bare parse (typescript-eslint parser, zero
// rules) of the same synthetic monorepo, and ESLint with vs without poolguard's rules, in one run.
// Prints ratios; never asserts timings (so it is not a flaky test).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import parser from '@typescript-eslint/parser';
import plugin from '../dist/src/plugin.js';
import { runCheck } from '../dist/src/cli/check.js';
import tseslint from 'typescript-eslint';
import { generate } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.bench', 'monorepo');
const runs = Number(process.env.BENCH_RUNS ?? 3);

const { files, expected } = generate(dir);
const expectedTotal = Object.values(expected).reduce((a, b) => a + b, 0);
console.log(`synthetic monorepo: ${files} files (${dir}), ${expectedTotal} seeded offenders ${JSON.stringify(expected)}`);
console.log(`node ${process.version}, ${os.cpus().length} cpus, median of ${runs} runs each\n`);

const tsFiles = ['**/*.ts'];
const ruleCount = Object.keys(plugin.rules).length;
const poolguardRules = Object.fromEntries(Object.keys(plugin.rules).map((id) => [`poolguard/${id}`, 'error']));
// A realistic existing setup: typescript-eslint's recommended rules (no type information).
const tsRecommended = tseslint.configs.recommended.map((config) => ({ ...config, files: tsFiles }));
const eslintWith = (configs) => new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [{ files: tsFiles, languageOptions: { parser } }, ...configs] });
const withPoolguard = { files: tsFiles, plugins: { poolguard: plugin }, rules: poolguardRules };

// The time spent inside poolguard's rules (create() and their listeners), measured in the same run as
// the ESLint total: a direct figure that machine load cannot inflate the way a difference of two
// long timings can.
const insideRules = {
  ms: [],
  current: 0,
  active: false,
  start() { this.current = 0; this.active = true; },
  stop() { this.active = false; this.ms.push(this.current); },
};
const timed = (fn) => (...args) => {
  const t = performance.now();
  try {
    return fn(...args);
  } finally {
    if (insideRules.active) insideRules.current += performance.now() - t;
  }
};
const timedPlugin = {
  ...plugin,
  rules: Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [id, {
    ...rule,
    create: timed((context) => Object.fromEntries(Object.entries(rule.create(context)).map(([selector, listener]) => [selector, timed(listener)]))),
  }])),
};

const count = (results) => results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('poolguard/')).length, 0);

const tasks = {
  check: async () => {
    const outcome = await runCheck([dir], dir);
    const found = count(outcome.results);
    if (found !== expectedTotal) throw new Error(`poolguard check found ${found} findings, expected ${expectedTotal}`);
    return `${outcome.filesChecked} files, ${outcome.filesParsed} parsed, ${found} findings`;
  },
  checkNoModel: async () => {
    const outcome = await runCheck([dir], dir, undefined, { projectModel: false });
    return `${outcome.filesChecked} files, ${count(outcome.results)} findings`;
  },
  bare: async () => `${(await eslintWith([]).lintFiles(['.'])).length} files`,
  recommended: async () => `${(await eslintWith(tsRecommended).lintFiles(['.'])).length} files`,
  recommendedPlus: async () => {
    insideRules.start();
    const results = await eslintWith([...tsRecommended, { ...withPoolguard, plugins: { poolguard: timedPlugin } }]).lintFiles(['.']);
    insideRules.stop();
    const found = count(results);
    if (found !== expectedTotal) throw new Error(`ESLint found ${found} findings, expected ${expectedTotal}`);
    return `${results.length} files, ${found} findings`;
  },
  bareOnlyPoolguard: async () => `${count(await eslintWith([withPoolguard]).lintFiles(['.']))} findings`,
};
const labels = {
  check: 'poolguard check',
  checkNoModel: 'poolguard check without the project model',
  bare: 'ESLint + ts parser, 0 rules (bare parse)',
  bareOnlyPoolguard: `ESLint + ts parser, only the ${ruleCount} rules`,
  recommended: 'ESLint + typescript-eslint recommended',
  recommendedPlus: `ESLint + ts-eslint recommended + ${ruleCount} rules`,
};

// One unmeasured warm-up of the in-process checks (module loading, JIT, tsconfig caches), so the
// first measured round does not charge one-time costs to whichever task happens to run first.
await tasks.check();
await tasks.checkNoModel();

// Interleave the tasks in every round so machine drift hits all of them alike; report medians.
const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
const details = {};
for (let round = 0; round < runs; round++) {
  for (const [name, task] of Object.entries(tasks)) {
    const start = performance.now();
    details[name] = await task();
    samples[name].push(performance.now() - start);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
for (const name of Object.keys(tasks)) {
  console.log(`${labels[name].padEnd(44)} ${(m[name] / 1000).toFixed(2).padStart(7)} s   ${details[name]}`);
}

const speedup = m.bare / m.check;
const modelCost = ((m.check - m.checkNoModel) / m.checkNoModel) * 100;
const inside = median(insideRules.ms);
const insidePct = (inside / m.recommendedPlus) * 100;
const overhead = ((m.recommendedPlus - m.recommended) / m.recommended) * 100;
const overBare = ((m.bareOnlyPoolguard - m.bare) / m.bare) * 100;
const pct = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
console.log(`\ncheck vs ESLint bare parse: ${speedup.toFixed(1)}x faster (target >= 10x) ${speedup >= 10 ? 'OK' : 'MISSED'}`);
console.log(`project model's share of check: ${pct(modelCost)} (target <= 50%) ${modelCost <= 50 ? 'OK' : 'MISSED'}`);
console.log(`${ruleCount} rules added to a typescript-eslint recommended setup: ${pct(overhead)} (target <= 5%) ${overhead <= 5 ? 'OK' : 'MISSED'}`);
console.log(`  of which inside the ${ruleCount} rules (create + listeners): ${(inside / 1000).toFixed(2)} s = ${insidePct.toFixed(1)}% of that ESLint run (the rest of the difference is ESLint's own per-rule work and run-to-run variation)`);
console.log(`${ruleCount} rules alone vs 0 rules: ${pct(overBare)} (includes ESLint's own per-node traversal, which any enabled rule triggers)`);
