import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/doctor/args.js';
import { maskUrl, scrub } from '../../src/doctor/connect.js';
import { buildReport } from '../../src/doctor/report.js';

const settings = { max_connections: 100, superuser_reserved: 3, reserved: 2, database: 'app', pid: 42, server_version: '16.4' };
const row = (pid: number, state: string, application = 'web', database = 'app', seconds = 5) => ({
  pid, database, application_name: application, client_addr: '10.0.0.7', state, state_seconds: seconds,
});

describe('buildReport', () => {
  it('excludes its own connection and counts the current database by state', () => {
    const report = buildReport(settings, [row(42, 'active'), row(1, 'active'), row(2, 'idle', 'web', 'app', 900), row(3, 'idle in transaction (aborted)', 'jobs'), row(4, 'idle', 'web', 'other')], 600);
    expect(report.server).toEqual({ version: '16.4', maxConnections: 100, reserved: 5, usable: 95, open: 4, usagePercent: 4.2 });
    expect(report.database).toMatchObject({ total: 3, active: 1, idle: 1, idleInTransaction: 1, byApplication: { web: 2, jobs: 1 }, oldestIdleSeconds: 900 });
    expect(report.database.idleOverThreshold).toEqual([{ pid: 2, applicationName: 'web', client: '10.0.0.7', idleSeconds: 900 }]);
    expect(report.warnings).toHaveLength(1);
  });

  it('warns from 80 % of the usable connections', () => {
    const rows = Array.from({ length: 76 }, (_, i) => row(i + 100, 'idle'));
    expect(buildReport(settings, rows, 600).warnings).toEqual(['76 of 95 usable connections are open (80%): at 80% and above new clients start failing under load']);
    expect(buildReport(settings, rows.slice(1), 600).warnings).toEqual([]);
  });
});

describe('helpers', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
  ])('parseDuration(%s) = %i', (text, ms) => {
    expect(parseDuration(text, '--x')).toBe(ms);
  });

  it('rejects what is not a duration', () => {
    expect(() => parseDuration('10 minutes', '--idle-threshold')).toThrow('--idle-threshold: "10 minutes" is not a duration');
  });

  it('never shows a password', () => {
    const url = 'postgres://app:p%40ss%2Fword@db.example.com:5432/app?sslmode=require';
    expect(maskUrl(url)).toBe('postgres://app:****@db.example.com:5432/app?sslmode=require');
    expect(scrub('password p@ss/word and p%40ss%2Fword', url)).toBe('password **** and ****');
  });
});
