// `poolguard budget` output: every pool site with its size and where that number came from, the
// subtotal per package (× processes), and the total against the database's limit.
import path from 'node:path';
import type { Budget } from './compute.js';
import { workflowCommand } from '../io/github.js';

export function formatBudgetJson(budget: Budget, cwd: string): string {
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/') || '.';
  return `${JSON.stringify(
    {
      total: budget.total,
      unbounded: budget.unbounded,
      maxConnections: budget.maxConnections,
      headroom: budget.headroom,
      share: budget.share,
      overBudget: budget.overBudget,
      packages: budget.packages.map((p) => ({
        dir: rel(p.dir),
        name: p.name ?? null,
        processes: p.processes.count,
        processesSource: p.processes.source,
        perProcess: p.perProcess,
        total: p.total,
        unbounded: p.unbounded,
        overShare: p.overShare,
        sites: p.sites.map((s) => ({
          file: rel(s.file),
          line: s.line,
          column: s.column,
          client: s.client,
          how: s.how,
          pools: s.pools ?? null,
          max: s.max?.max ?? null,
          maxSource: s.max?.source ?? 'unknown',
          maxDetail: s.max?.detail ?? 'not known statically',
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

export function formatBudgetStylish(budget: Budget, cwd: string): string {
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/') || '.';
  const lines: string[] = [];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('s') ? 'es' : 's'}`;
  if (budget.packages.length === 0) return 'poolguard budget: no code here opens a database pool or connection.\n';
  // Driver defaults are long (with their documentation URL): print each once, as a numbered note.
  const notes: string[] = [];
  const note = (detail: string) => {
    if (!notes.includes(detail)) notes.push(detail);
    return `[${notes.indexOf(detail) + 1}]`;
  };
  for (const p of budget.packages) {
    lines.push(`${rel(p.dir)}${p.name ? ` (${p.name})` : ''}: ${plural(p.processes.count, 'process')}, ${p.processes.source}`);
    const rows = p.sites.map((s) => {
      const where = `${rel(s.file)}:${s.line}:${s.column}`;
      if (s.pools === undefined) return [where, s.client, s.how, 'a new pool each time: no upper bound'];
      const size = !s.max ? 'max unknown (counted as 0)' : s.max.source === 'default' ? `max ${s.max.max} default ${note(s.max.detail)}` : `max ${s.max.max} from ${s.max.detail}`;
      return [where, s.client, s.how, size];
    });
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) lines.push(`  ${row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`);
    const unbounded = p.unbounded > 0 ? `, plus ${plural(p.unbounded, 'site')} with no bound` : '';
    lines.push(`  = ${p.perProcess} per process × ${p.processes.count} = ${p.total}${unbounded}; one service's share is ${p.share}${p.overShare ? '  ✖ over' : '  ✔'}`);
    lines.push('');
  }
  const pct = Math.round(budget.headroom * 100);
  lines.push(`total   the code can open ${budget.total} connections${budget.unbounded > 0 ? `, plus a new pool per request or call at ${plural(budget.unbounded, 'site')}` : ''}`);
  lines.push(`limit   max_connections ${budget.maxConnections}; one service may use ${pct}% = ${budget.share}`);
  lines.push(budget.overBudget ? '✖ over budget' : '✔ within budget');
  if (notes.length > 0) {
    lines.push('', 'defaults:');
    notes.forEach((detail, i) => lines.push(`  [${i + 1}] ${detail}`));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * GitHub workflow annotations: an error on every site that opens a pool per request or call, and on
 * the sites of a package over its share; a summary line at the end.
 */
export function formatBudgetGithub(budget: Budget, cwd: string): string {
  const rel = (file: string) => path.relative(cwd, file).split(path.sep).join('/');
  const lines: string[] = [];
  for (const p of budget.packages) {
    for (const s of p.sites) {
      if (s.pools === undefined) {
        lines.push(workflowCommand('error', { file: rel(s.file), line: s.line, col: s.column, title: 'poolguard budget' }, `${s.client} (${s.how}) opens a new pool each time: no upper bound on connections`));
      } else if (p.overShare) {
        const size = s.max ? `max ${s.max.max} (${s.max.source === 'default' ? 'default' : s.max.detail})` : 'max unknown';
        lines.push(workflowCommand('warning', { file: rel(s.file), line: s.line, col: s.column, title: 'poolguard budget' }, `${s.client} (${s.how}), ${size} × ${p.processes.count} process${p.processes.count === 1 ? '' : 'es'}: ${rel(p.dir) || '.'} can open ${p.total}, over its share of ${p.share}`));
      }
    }
  }
  lines.push(`poolguard budget: the code can open ${budget.total} connections${budget.unbounded > 0 ? ` plus a pool per request at ${budget.unbounded} sites` : ''}; max_connections ${budget.maxConnections}, one service's share ${budget.share}: ${budget.overBudget ? 'over budget' : 'within budget'}`);
  return `${lines.join('\n')}\n`;
}
