// Stylish and JSON output of the doctor's report.
import type { DoctorReport } from './report.js';

const duration = (seconds: number): string => {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
};

export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatStylish(report: DoctorReport, target: string): string {
  const { server, database: db } = report;
  const lines = [
    `poolguard doctor — ${target} (PostgreSQL ${server.version})`,
    '',
    `server   max_connections ${server.maxConnections}, reserved ${server.reserved}, usable ${server.usable}`,
    `         open ${server.open} (${server.usagePercent}% of usable)  [this doctor's own connection, pid ${report.excludedPid}, is not counted]`,
    `database ${db.name}: ${db.total} connection${db.total === 1 ? '' : 's'} — ${db.active} active, ${db.idle} idle, ${db.idleInTransaction} idle in transaction${db.other ? `, ${db.other} other` : ''}`,
  ];
  if (report.staticBudget) {
    const { total, unbounded } = report.staticBudget;
    const perRequest = unbounded > 0 ? ` (plus a new pool per request at ${unbounded} site${unbounded === 1 ? '' : 's'})` : '';
    lines.push(`code     your code can open ${total} connections${perRequest}; the server allows ${server.usable}; ${server.open} are open now`);
  }
  const table = (title: string, entries: Record<string, number>) => {
    if (Object.keys(entries).length === 0) return;
    lines.push('', title);
    for (const [key, n] of Object.entries(entries)) lines.push(`  ${String(n).padStart(4)}  ${key}`);
  };
  table('by application_name', db.byApplication);
  table('by client address', db.byClient);
  lines.push('', `oldest idle connection: ${db.oldestIdleSeconds === null ? 'none' : duration(db.oldestIdleSeconds)}`);
  lines.push(`idle longer than ${duration(db.idleThresholdSeconds)}: ${db.idleOverThreshold.length}`);
  for (const c of db.idleOverThreshold) lines.push(`  pid ${c.pid}  ${c.applicationName}  ${c.client}  idle ${duration(c.idleSeconds)}`);
  if (report.terminated) {
    lines.push('', `terminated ${report.terminated.length} idle connection${report.terminated.length === 1 ? '' : 's'}:`);
    for (const c of report.terminated) lines.push(`  pid ${c.pid}  ${c.applicationName}  ${c.client}  idle ${duration(c.idleSeconds)}`);
  }
  lines.push('');
  if (report.warnings.length === 0) lines.push('✔ healthy');
  for (const warning of report.warnings) lines.push(`⚠ ${warning}`);
  return `${lines.join('\n')}\n`;
}
