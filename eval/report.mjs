// Text report of an eval run: the per-repository table, the totals, and what needs a look
// (unjudged findings, entries no longer reported, known misses, crashes, --fix problems).

const pct = (n, d) => (d === 0 ? '   -  ' : `${((100 * n) / d).toFixed(1).padStart(5)}%`);
const mb = (kb) => (kb ? `${Math.round(kb / 1024)} MB` : '-');
const secs = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

export function totals(rows) {
  const t = { findings: 0, real: 0, arguable: 0, false: 0, todo: 0, unjudged: 0, knownRealFound: 0, knownRealTotal: 0, falseByClass: {} };
  for (const row of rows) {
    if (!row.judged) continue;
    t.findings += row.findings;
    for (const k of ['real', 'arguable', 'false', 'todo']) t[k] += row.judged.counts[k];
    t.unjudged += row.judged.unjudged.length;
    t.knownRealFound += row.judged.knownRealFound;
    t.knownRealTotal += row.judged.knownRealTotal;
    for (const [cls, n] of Object.entries(row.judged.falseByClass)) t.falseByClass[cls] = (t.falseByClass[cls] ?? 0) + n;
  }
  t.precision = t.real + t.false === 0 ? null : t.real / (t.real + t.false);
  t.precisionStrict = t.real + t.false + t.arguable === 0 ? null : t.real / (t.real + t.false + t.arguable);
  t.recall = t.knownRealTotal === 0 ? null : t.knownRealFound / t.knownRealTotal;
  return t;
}

function columns(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => String(b[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)];
}

function table(rows) {
  const head = ['repo', 'files', 'finds', 'real', 'arg', 'false', 'unjudged', 'misses f/m', 'time', 'peak RSS'];
  return columns(head, rows.map((r) => {
    if (r.status !== 'ok') return [r.name, r.status, '', '', '', '', '', '', secs(r.elapsedMs), mb(r.maxRssKb)];
    const j = r.judged;
    return [r.name, r.filesScanned, r.findings, j.counts.real, j.counts.arguable, j.counts.false, j.unjudged.length + j.counts.todo, `${j.missesFound.length}/${j.missesMissed.length}`, secs(r.elapsedMs), mb(r.maxRssKb)];
  }));
}

export function formatReport(rows, { missing }) {
  const out = [...table(rows), ''];
  const t = totals(rows);
  out.push(`precision ${pct(t.real, t.real + t.false).trim()} (real / (real + false): ${t.real} / ${t.real + t.false}); counting arguable as false ${pct(t.real, t.real + t.false + t.arguable).trim()}`);
  out.push(`recall on known real ${pct(t.knownRealFound, t.knownRealTotal).trim()} (${t.knownRealFound} / ${t.knownRealTotal})`);
  const classes = Object.entries(t.falseByClass).sort((a, b) => b[1] - a[1]);
  if (classes.length) out.push(`false alarms by class: ${classes.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  if (t.unjudged + t.todo) out.push(`unjudged: ${t.unjudged + t.todo} (judge them in eval/expectations.json)`);

  for (const r of rows) {
    const lines = [];
    if (r.stale) lines.push(`  checkout is at ${r.onDisk}, expectations pin ${r.commit}: re-run eval/checkout.mjs`);
    if (r.crash) lines.push(`  CRASH: ${r.crash.replace(/\n/g, '\n    ')}`);
    if (r.judged) {
      for (const f of r.judged.unjudged) lines.push(`  unjudged  ${f.file}:${f.line}  ${f.rule}  ${f.message.slice(0, 110)}`);
      for (const m of r.judged.matched.filter((m) => !['real', 'arguable', 'false'].includes(m.expectation.verdict))) lines.push(`  todo      ${m.finding.file}:${m.finding.line}  ${m.finding.rule}`);
      for (const e of r.judged.gone) lines.push(`  no longer reported (${e.verdict === 'real' ? 'REGRESSION' : e.verdict})  ${e.file}:${e.line}  ${e.rule}`);
      for (const m of r.judged.missesFound) lines.push(`  known miss now found  ${m.miss.file}:${m.miss.line}  ${m.miss.rule}`);
      for (const m of r.judged.missesMissed) lines.push(`  known miss  ${m.file}:${m.line}  ${m.rule}  ${m.why}`);
      if (r.unparsed?.length) lines.push(`  ${r.unparsed.length} files did not parse: ${r.unparsed.slice(0, 3).join(', ')}${r.unparsed.length > 3 ? ', …' : ''}`);
    }
    if (r.fix) lines.push(...fixLines(r.fix));
    if (lines.length) out.push('', `${r.name}:`, ...lines);
  }
  if (rows.some((r) => r.fix)) out.push('', ...fixTable(rows));
  if (missing.length) {
    out.push('', `missing checkouts (${missing.length}):`);
    for (const m of missing) out.push(`  ${m.name}:`, ...m.commands.map((c) => `    ${c}`));
  }
  return `${out.join('\n')}\n`;
}

function fixLines(fix) {
  if (fix.crash) return [`  FIX CRASH: ${fix.crash.replace(/\n/g, '\n    ')}`];
  const lines = [`  fix: ${fix.summary}`];
  for (const f of fix.created) lines.push(`    created: ${f}`);
  for (const f of fix.parseFailures) lines.push(`    does not parse after fix: ${f}`);
  for (const f of fix.nonIdempotent) lines.push(`    changed again by a second fix: ${f}`);
  for (const f of fix.residual) lines.push(`    still reported after fix: ${f.file}:${f.line}  ${f.rule}`);
  for (const f of fix.introduced) lines.push(`    new finding after fix: ${f.file}:${f.line}  ${f.rule}`);
  return lines;
}

function fixTable(rows) {
  const head = ['--fix', 'changed', 'created', 'unparsable', 'not idempotent', 'still reported', 'new findings', 'left', 'time', 'peak RSS'];
  return columns(head, rows.filter((r) => r.fix).map(({ name, fix: f }) => f.crash
    ? [name, 'CRASH', '', '', '', '', '', '', '', '']
    : [name, f.changed.length, f.created.length, f.parseFailures.length, f.nonIdempotent.length, f.residual.length, f.introduced.length, f.left, secs(f.elapsedMs), mb(f.maxRssKb)]));
}
