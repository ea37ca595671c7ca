#!/usr/bin/env node
// `node eval/tsc.mjs`: does `poolguard fix` add type errors on real code? For every repository whose
// checkout `fix --dry` would change, a scratch copy gets its dependencies installed (npm registry
// only), `tsc --noEmit` runs on each package fix touches, then fix, then tsc again; the diagnostics
// are compared per (file, code, message). See eval/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { hashTree, parseErrors } from './fix.mjs';
import { DEFAULT_REPOS_DIR, locate, readExpectations } from './repos.mjs';
import { CLI_MAIN, runPoolguard } from './spawn.mjs';
import { dryRunFiles, installRoot, newDiagnostics, owningConfig, readJson } from './tsc-lib.mjs';
import { install, prepare, typecheck } from './tsc-steps.mjs';

const USAGE = `Usage: node eval/tsc.mjs [options]

Options:
  --only <name,...>   only these repositories (default: every one in expectations.json)
  --repos <dir>       the checkouts, read only (default: $POOLGUARD_REAL_DIR or ${DEFAULT_REPOS_DIR})
  --scratch <dir>     where the copies are installed and fixed (default: /work/tsc-scratch)
  --record            write the results into eval/tsc-results.json (entries of other repositories kept)
  --keep              keep the scratch copies
  --json              print the results as JSON
  --timeout <seconds> per command (default 1800)
  -h, --help
`;

const here = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(here, 'tsc-results.json');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    repos: { type: 'string' },
    scratch: { type: 'string' },
    record: { type: 'boolean' },
    keep: { type: 'boolean' },
    json: { type: 'boolean' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!fs.existsSync(CLI_MAIN)) {
  console.error(`eval: ${CLI_MAIN} is missing; run "npm run build" first`);
  process.exit(2);
}
const reposDir = path.resolve(values.repos ?? process.env.POOLGUARD_REAL_DIR ?? DEFAULT_REPOS_DIR);
const scratchDir = path.resolve(values.scratch ?? '/work/tsc-scratch');
const timeoutMs = Number(values.timeout ?? 1800) * 1000;
const data = readExpectations(path.join(here, 'expectations.json'));
const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((name) => !data.repos.some((e) => e.name === name)) ?? [];
if (unknown.length) {
  console.error(`eval: not in expectations.json: ${unknown.join(', ')}`);
  process.exit(2);
}
const log = (text) => process.stderr.write(text);
const SKIP = new Set(['node_modules', '.git']);
const CODE = /\.(?:[cm]?[jt]sx?)$/;

async function checkRepo(entry) {
  const where = locate(entry, reposDir);
  const row = { name: entry.name, repo: entry.repo, commit: entry.commit };
  if (!where.present) return { ...row, status: 'missing' };
  if (where.stale) return { ...row, status: 'stale', onDisk: where.onDisk };
  // --dry writes nothing, so it runs on the read-only checkout itself.
  const dry = await runPoolguard(where.dir, ['fix', '--dry', '--allow-dirty', '.'], { timeoutMs });
  if (dry.crash) return { ...row, status: 'crash', why: `fix --dry: ${dry.crash}` };
  const planned = dryRunFiles(dry.stdout);
  if (planned.length === 0) return { ...row, status: 'unchanged' };

  const copy = path.join(scratchDir, entry.name);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(scratchDir, { recursive: true });
  fs.cpSync(where.dir, copy, { recursive: true, filter: (src) => !SKIP.has(path.basename(src)) });
  try {
    const configs = [...new Set(planned.map((f) => owningConfig(copy, f)).filter(Boolean))].sort();
    const uncovered = planned.filter((f) => !owningConfig(copy, f));
    const installs = [];
    const roots = new Map();
    const syntaxOnly = new Set(configs.filter((c) => uncheckedJs(copy, c, planned.filter((f) => owningConfig(copy, f) === c))));
    for (const config of configs.filter((c) => !syntaxOnly.has(c))) {
      const pkgDir = path.posix.dirname(config);
      const dir = installRoot(copy, pkgDir);
      const name = readJson(path.join(copy, pkgDir, 'package.json'))?.name;
      roots.set(dir, [...(roots.get(dir) ?? []), ...(name && dir !== pkgDir ? [name] : [])]);
    }
    for (const [dir, names] of [...roots].sort()) {
      log(`eval:   ${entry.name}: install ${dir} … `);
      installs.push({ dir, ...(await install(path.join(copy, dir), names, { timeoutMs })) });
      log(`${installs.at(-1).ok ? 'ok' : 'failed'}\n`);
    }
    const packages = [];
    for (const config of configs) {
      const prep = await prepare(path.join(copy, path.posix.dirname(config)), { timeoutMs });
      log(`eval:   ${entry.name}: tsc -p ${config} (before) … `);
      const before = await typecheck(copy, config, { timeoutMs });
      log(before.crash ? 'crash\n' : `${before.diagnostics.length} diagnostics\n`);
      packages.push({ config, prep, before, ...(syntaxOnly.has(config) ? { syntaxOnly: true } : {}) });
    }

    const original = hashTree(copy);
    const fix = await runPoolguard(copy, ['fix', '--allow-dirty', '.'], { timeoutMs });
    if (fix.crash) return { ...row, status: 'crash', why: `fix: ${fix.crash}` };
    const afterFix = hashTree(copy);
    const written = [...afterFix].filter(([f, h]) => original.get(f) !== h).map(([f]) => f).sort();
    const parseFailures = written.filter((f) => CODE.test(f) && parseErrors(f, fs.readFileSync(path.join(copy, f), 'utf8')) > (original.has(f) ? parseErrors(f, fs.readFileSync(path.join(where.dir, f), 'utf8')) : 0));

    for (const pkg of packages) {
      log(`eval:   ${entry.name}: tsc -p ${pkg.config} (after) … `);
      const after = await typecheck(copy, pkg.config, { timeoutMs });
      log(after.crash ? 'crash\n' : `${after.diagnostics.length} diagnostics\n`);
      pkg.after = after;
    }
    return {
      ...row,
      status: 'checked',
      fixSummary: fix.stdout.split('\n')[0],
      written,
      // fix on an installed copy must do what it does on the bare checkout (the eval's --fix)
      sameAsDryRun: JSON.stringify(written) === JSON.stringify([...planned].sort()),
      parseFailures,
      uncovered,
      installs,
      packages: packages.map((pkg) => summarisePackage(pkg, written)),
    };
  } finally {
    if (!values.keep) fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * A jsconfig.json that does not turn checkJs on, owning only JS files fix changes: tsc checks their
 * syntax only, so the package's dependencies are not installed for it.
 */
function uncheckedJs(root, config, files) {
  if (path.posix.basename(config) !== 'jsconfig.json' || !files.every((f) => /\.[cm]?jsx?$/.test(f))) return false;
  const { config: raw } = ts.readConfigFile(path.join(root, config), ts.sys.readFile);
  return raw !== undefined && raw.extends === undefined && raw.compilerOptions?.checkJs !== true;
}

function summarisePackage({ config, prep, before, after, syntaxOnly }, written) {
  const out = { config, prep, typescript: before.typescript ?? after.typescript, ...(syntaxOnly ? { syntaxOnly } : {}) };
  if (before.crash || after.crash) return { ...out, crash: before.crash ?? after.crash };
  const added = newDiagnostics(before.diagnostics, after.diagnostics);
  const inProgram = new Set(after.files);
  return {
    ...out,
    ownTypescript: before.ownTypescript,
    programFiles: after.files.length,
    fixedFilesTypechecked: written.filter((f) => inProgram.has(f)),
    before: before.diagnostics.length,
    after: after.diagnostics.length,
    gone: newDiagnostics(after.diagnostics, before.diagnostics).length,
    new: added.map(({ file, line, code, message }) => ({ file, line, code, message })),
  };
}

const rows = [];
const entries = only ? data.repos.filter((e) => only.includes(e.name)) : data.repos;
for (const [index, entry] of entries.entries()) {
  log(`eval: [${index + 1}/${entries.length}] ${entry.name} … `);
  const started = performance.now();
  const row = await checkRepo(entry);
  row.elapsedMs = Math.round(performance.now() - started);
  rows.push(row);
  log(`${row.status}\n`);
}

if (values.record) {
  const previous = fs.existsSync(RESULTS) ? JSON.parse(fs.readFileSync(RESULTS, 'utf8')) : { repos: [] };
  const poolguard = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim();
  const fresh = new Map(rows.map((r) => [r.name, { ...record(r), poolguard, node: process.version, date: new Date().toISOString().slice(0, 10) }]));
  const kept = previous.repos.filter((r) => !fresh.has(r.name));
  const repos = [...kept, ...fresh.values()].sort((a, b) => a.name.localeCompare(b.name));
  const note = 'Written by node eval/tsc.mjs --record. Paths, counts and TypeScript diagnostic codes only; no code from the repositories.';
  fs.writeFileSync(RESULTS, `${JSON.stringify({ note, repos }, null, 2)}\n`);
  log(`eval: wrote ${path.relative(process.cwd(), RESULTS)}\n`);
}

/** What the committed results keep: no diagnostic messages (they quote the repositories' identifiers). */
function record(row) {
  const { elapsedMs: _elapsed, fixSummary: _summary, ...rest } = row;
  if (!rest.packages) return rest;
  return { ...rest, packages: rest.packages.map((p) => ({ ...p, new: p.new?.map(({ file, code }) => ({ file, code })) })) };
}

if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
else process.stdout.write(formatTable(rows));

function formatTable(all) {
  const head = ['repository', 'package (tsconfig)', 'ts', 'fixed files typechecked', 'before', 'after', 'new'];
  const body = [];
  const notes = [];
  for (const r of all) {
    if (r.status !== 'checked') {
      notes.push(`${r.name}: ${r.status}${r.why ? ` (${r.why.split('\n')[0]})` : ''}`);
      continue;
    }
    for (const p of r.packages) {
      if (p.crash) body.push([r.name, p.config, p.typescript ?? '-', '-', '-', '-', 'crash']);
      else body.push([r.name, p.config + (p.syntaxOnly ? ' (JS, syntax only)' : ''), p.typescript, `${p.fixedFilesTypechecked.length}`, p.before, p.after, p.new.length]);
      for (const n of p.new ?? []) notes.push(`${r.name}: NEW ${n.file}:${n.line} ${n.code} ${n.message.split('\n')[0]}`);
      for (const s of p.prep.filter((s) => !s.ok)) notes.push(`${r.name}: ${path.posix.dirname(p.config)}: ${s.step} failed (${s.why.split('\n').at(-1)})`);
      if (p.crash) notes.push(`${r.name}: ${p.config}: tsc crashed (${p.crash.split('\n').at(-1)})`);
    }
    for (const i of r.installs.filter((i) => !i.ok)) notes.push(`${r.name}: install in ${i.dir} failed (${i.why.split('\n').at(-1)})`);
    if (r.uncovered.length) notes.push(`${r.name}: no tsconfig/jsconfig covers ${r.uncovered.join(', ')}`);
    if (r.parseFailures.length) notes.push(`${r.name}: does not parse after fix: ${r.parseFailures.join(', ')}`);
    if (!r.sameAsDryRun) notes.push(`${r.name}: fix on the installed copy wrote other files than fix --dry on the checkout: ${r.written.join(', ')}`);
    const notChecked = r.written.filter((f) => !r.packages.some((p) => p.fixedFilesTypechecked?.includes(f)));
    if (notChecked.length) notes.push(`${r.name}: written but in no typechecked program: ${notChecked.join(', ')}`);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  const newTotal = all.flatMap((r) => r.packages ?? []).reduce((n, p) => n + (p.new?.length ?? 0), 0);
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line), '', `new type errors: ${newTotal}`, ...notes, ''].join('\n');
}

process.exit(rows.some((r) => r.status === 'crash' || r.packages?.some((p) => p.crash || p.new.length || r.parseFailures.length)) ? 1 : 0);
