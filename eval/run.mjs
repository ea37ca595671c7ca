#!/usr/bin/env node
// `npm run eval:real`: poolguard check (and with --fix, fix) over pinned public repositories,
// compared with the judged findings in eval/expectations.json. See eval/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { judgeRepo } from './match.mjs';
import { DEFAULT_REPOS_DIR, howToGet, locate, readExpectations } from './repos.mjs';
import { formatReport, totals } from './report.mjs';
import { CLI_MAIN, parseCheckJson, runPoolguard } from './spawn.mjs';

const USAGE = `Usage: npm run eval:real -- [options]

Options:
  --repos <dir>          the checkouts (default: $POOLGUARD_REAL_DIR or ${DEFAULT_REPOS_DIR})
  --only <name,...>      only these repositories (names from expectations.json)
  --fix                  also run fix on a temp copy and verify what it wrote
  --json                 print the results as JSON
  --strict               exit 1 on unjudged findings or missing checkouts
  --add-unjudged         append unjudged findings to expectations.json as verdict "todo"
  --expectations <file>  default: eval/expectations.json
  --timeout <seconds>    per command (default 1200)
  -h, --help
`;

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    repos: { type: 'string' },
    only: { type: 'string' },
    fix: { type: 'boolean' },
    json: { type: 'boolean' },
    strict: { type: 'boolean' },
    'add-unjudged': { type: 'boolean' },
    expectations: { type: 'string' },
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
const expectationsFile = path.resolve(values.expectations ?? path.join(here, 'expectations.json'));
const timeoutMs = Number(values.timeout ?? 1200) * 1000;
const data = readExpectations(expectationsFile);
const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((name) => !data.repos.some((e) => e.name === name)) ?? [];
if (unknown.length) {
  console.error(`eval: not in ${path.basename(expectationsFile)}: ${unknown.join(', ')} (known: ${data.repos.map((e) => e.name).join(', ')})`);
  process.exit(2);
}
const entries = only ? data.repos.filter((e) => only.includes(e.name)) : data.repos;
// Imported lazily: it installs exit handlers that remove its temp copies.
const { verifyFix } = values.fix ? await import('./fix.mjs') : {};

// A judged finding or known miss of an opt-in rule (marked `"optIn": true`) cannot come from the default
// run: that rule alone is run for it, and only its findings in those files count (its other findings
// there are not judged). Entries of opt-in rules without the mark are history: no longer reported.
const recommended = new Set(Object.entries((await import(path.join(here, '../dist/src/plugin.js'))).default.rules).filter(([, rule]) => rule.meta.docs?.recommended).map(([id]) => id));
async function optInFindings(entry, dir) {
  const out = [];
  const judged = [...(entry.findings ?? []), ...(entry.misses ?? [])].filter((e) => e.optIn && !recommended.has(e.rule));
  for (const rule of new Set(judged.map((e) => e.rule))) {
    const run = await runPoolguard(dir, ['check', '.', '--rule', rule, '--format', 'json'], { timeoutMs });
    if (run.crash) continue;
    const files = new Set(judged.filter((e) => e.rule === rule).map((e) => e.file));
    out.push(...parseCheckJson(run.stdout, dir).findings.filter((f) => f.rule === rule && files.has(f.file)));
  }
  return out;
}

const rows = [];
const missing = [];
for (const [index, entry] of entries.entries()) {
  const where = locate(entry, reposDir);
  if (!where.present) {
    missing.push({ name: entry.name, repo: entry.repo, commit: entry.commit, commands: howToGet(entry, reposDir) });
    continue;
  }
  process.stderr.write(`eval: [${index + 1}/${entries.length}] ${entry.name} … `);
  const run = await runPoolguard(where.dir, ['check', '.', '--format', 'json'], { timeoutMs });
  const row = { name: entry.name, repo: entry.repo, commit: entry.commit, onDisk: where.onDisk, stale: where.stale, elapsedMs: run.elapsedMs, maxRssKb: run.maxRssKb };
  if (run.crash) {
    rows.push({ ...row, status: 'crash', crash: run.crash });
    process.stderr.write('crash\n');
    continue;
  }
  const parsed = parseCheckJson(run.stdout, where.dir);
  const judged = judgeRepo([...parsed.findings, ...(await optInFindings(entry, where.dir))], entry);
  rows.push({ ...row, status: 'ok', filesScanned: parsed.filesScanned, findings: parsed.findings.length, unparsed: parsed.unparsed, notes: parsed.notes, judged, allFindings: parsed.findings });
  process.stderr.write(`${parsed.findings.length} findings, ${(run.elapsedMs / 1000).toFixed(1)} s\n`);
  if (verifyFix) {
    process.stderr.write(`eval:   fix ${entry.name} … `);
    rows.at(-1).fix = await verifyFix(entry.name, where.dir, parsed.findings, { timeoutMs });
    process.stderr.write(`${rows.at(-1).fix.crash ? 'crash' : 'done'}\n`);
  }
}

if (values['add-unjudged']) {
  let added = 0;
  for (const row of rows.filter((r) => r.judged)) {
    const entry = data.repos.find((e) => e.name === row.name);
    for (const f of row.judged.unjudged) {
      entry.findings.push({ file: f.file, line: f.line, rule: f.rule, verdict: 'todo', why: '' });
      added++;
    }
    entry.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  }
  fs.writeFileSync(expectationsFile, `${JSON.stringify(data, null, 2)}\n`);
  process.stderr.write(`eval: added ${added} unjudged findings to ${expectationsFile} as "todo"\n`);
}

if (values.json) {
  const strip = ({ allFindings: _all, notes, ...row }) => ({ ...row, notes: notes?.length });
  process.stdout.write(`${JSON.stringify({ totals: totals(rows), repos: rows.map(strip), missing }, null, 2)}\n`);
} else {
  process.stdout.write(formatReport(rows, { missing }));
}
const t = totals(rows);
const failed = rows.some((r) => r.crash || r.fix?.crash) || (values.strict && (t.unjudged + t.todo > 0 || missing.length > 0));
process.exit(failed ? 1 : 0);
