// The doctor's report, built from query rows by a pure function (unit-tested on plain data).
import type { ActivityRow, IdleRow, SettingsRow } from './queries.js';

export interface DoctorReport {
  server: { version: string; maxConnections: number; reserved: number; usable: number; open: number; usagePercent: number };
  database: {
    name: string;
    total: number;
    active: number;
    idle: number;
    idleInTransaction: number;
    other: number;
    byApplication: Record<string, number>;
    byClient: Record<string, number>;
    oldestIdleSeconds: number | null;
    idleOverThreshold: Array<{ pid: number; applicationName: string; client: string; idleSeconds: number }>;
    idleThresholdSeconds: number;
  };
  /** Our own connection is never counted. */
  excludedPid: number;
  staticBudget?: { sites: number; total: number; unbounded: number };
  terminated?: Array<{ pid: number; applicationName: string; client: string; idleSeconds: number }>;
  warnings: string[];
}

export const USAGE_WARNING_PERCENT = 80;

const client = (addr: string | null) => addr ?? 'local socket';
const app = (name: string) => name || '(none)';

export function buildReport(settings: SettingsRow, rows: readonly ActivityRow[], idleThresholdSeconds: number): DoctorReport {
  const others = rows.filter((r) => r.pid !== settings.pid);
  const mine = others.filter((r) => r.database === settings.database);
  const count = (state: string) => mine.filter((r) => r.state === state).length;
  const idleInTransaction = mine.filter((r) => r.state?.startsWith('idle in transaction')).length;
  const idle = mine.filter((r) => r.state === 'idle');
  const tally = (key: (r: ActivityRow) => string) =>
    Object.fromEntries(
      Object.entries(
        mine.reduce<Record<string, number>>((acc, r) => {
          acc[key(r)] = (acc[key(r)] ?? 0) + 1;
          return acc;
        }, {}),
      ).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    );
  const reserved = settings.superuser_reserved + settings.reserved;
  const usable = Math.max(1, settings.max_connections - reserved);
  const open = others.length;
  const usagePercent = Math.round((open / usable) * 1000) / 10;
  const report: DoctorReport = {
    server: { version: settings.server_version, maxConnections: settings.max_connections, reserved, usable, open, usagePercent },
    database: {
      name: settings.database,
      total: mine.length,
      active: count('active'),
      idle: idle.length,
      idleInTransaction,
      other: mine.length - count('active') - idle.length - idleInTransaction,
      byApplication: tally((r) => app(r.application_name)),
      byClient: tally((r) => client(r.client_addr)),
      oldestIdleSeconds: idle.length ? Math.round(Math.max(...idle.map((r) => r.state_seconds ?? 0))) : null,
      idleOverThreshold: idle
        .filter((r) => (r.state_seconds ?? 0) >= idleThresholdSeconds)
        .sort((a, b) => (b.state_seconds ?? 0) - (a.state_seconds ?? 0))
        .map((r) => ({ pid: r.pid, applicationName: app(r.application_name), client: client(r.client_addr), idleSeconds: Math.round(r.state_seconds ?? 0) })),
      idleThresholdSeconds,
    },
    excludedPid: settings.pid,
    warnings: [],
  };
  if (usagePercent >= USAGE_WARNING_PERCENT) {
    report.warnings.push(`${open} of ${usable} usable connections are open (${usagePercent}%): at ${USAGE_WARNING_PERCENT}% and above new clients start failing under load`);
  }
  if (idleInTransaction > 0) {
    report.warnings.push(`${idleInTransaction} connection${idleInTransaction === 1 ? ' is' : 's are'} idle in transaction: they hold locks and a connection slot until the transaction ends`);
  }
  return report;
}

export function idleEntries(rows: readonly IdleRow[]) {
  return rows.map((r) => ({ pid: r.pid, applicationName: app(r.application_name), client: client(r.client_addr), idleSeconds: Math.round(r.state_seconds) }));
}
