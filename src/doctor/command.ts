// `poolguard doctor [--url URL] [paths…]`: live PostgreSQL connections against what the code opens.
import fs from 'node:fs';
import path from 'node:path';
import type { Io } from '../io/process.js';
import { EXIT, UsageError } from '../io/process.js';
import { parseDoctorArgs } from './args.js';
import { connect, ConnectError, maskUrl, reasonOf, scrub } from './connect.js';
import { formatJson, formatStylish } from './format.js';
import { ACTIVITY_SQL, IDLE_CANDIDATES_SQL, SETTINGS_SQL, TERMINATE_IDLE_SQL, type ActivityRow, type IdleRow, type SettingsRow } from './queries.js';
import { buildReport, idleEntries } from './report.js';
import { parsePostgresUrl, urlProblem } from '../core/url.js';
import { databaseUrlFromEnvFiles } from './env-url.js';
import { isKeywordString, keywordsToUrl, parseKeywords } from './keywords.js';

export const DOCTOR_USAGE = `Usage: poolguard doctor [options] [paths...]

Check live connections on PostgreSQL (one short-lived, read-only connection) and, with paths,
put what the code opens beside them.

Options:
  --url <url>                          connection URL or libpq keyword string (host=… dbname=… user=…);
                                       sslmode is honoured. Default: $DATABASE_URL, else DATABASE_URL
                                       from .env.local or .env (the nearest folder, up to the project root)
  --idle-threshold <duration>          list idle connections older than this (default: 10m)
  --terminate-idle-older-than <dur>    terminate idle connections of this database older than this
  --yes                                required to actually terminate
  -f, --format <name>                  stylish (default) or json
  --connect-timeout <duration>         default 10s
  -h, --help                           show this help

Exit codes: 0 healthy, 1 warnings (>= 80% usage, idle in transaction), 2 cannot connect or bad arguments.
`;

export interface DoctorOptions {
  staticBudget?: (paths: string[], maxConnections: number) => Promise<{ total: number; sites: number; unbounded: number } | undefined>;
}

export async function runDoctor(args: string[], io: Io, options: DoctorOptions = {}): Promise<number> {
  const parsed = parseDoctorArgs(args);
  if (parsed.help) {
    io.stdout(DOCTOR_USAGE);
    return EXIT.clean;
  }
  const explicit = parsed.url || io.env.DATABASE_URL;
  const fromFile = explicit ? undefined : databaseUrlFromEnvFiles(path.resolve(io.cwd, parsed.paths[0] ?? '.'));
  const given = explicit || fromFile?.url;
  if (!given) throw new UsageError('no database URL: pass --url, set DATABASE_URL, or define DATABASE_URL in .env or .env.local');
  const where = (file: string) => ` (DATABASE_URL from ${path.relative(io.cwd, file) || file})`;
  const url = doctorUrl(given, fromFile ? where(fromFile.file) : '');
  checkDoctorUrl(url);
  // Say which file the URL came from: a stale .env is a common surprise.
  const target = fromFile ? `${maskUrl(url)}${where(fromFile.file)}` : maskUrl(url);

  let client;
  try {
    client = await connect(url, parsed.connectTimeoutMs);
  } catch (error) {
    if (error instanceof ConnectError) {
      io.stderr(`poolguard doctor: ${error.message}\n`);
      return EXIT.error;
    }
    throw error;
  }
  try {
    const settings = (await client.query<SettingsRow>(SETTINGS_SQL)).rows[0]!;
    const seconds = (ms: number) => ms / 1000;
    if (parsed.terminateOlderThanMs !== undefined && !parsed.yes) {
      const candidates = idleEntries((await client.query<IdleRow>(IDLE_CANDIDATES_SQL, [seconds(parsed.terminateOlderThanMs)])).rows);
      io.stdout(`would terminate ${candidates.length} idle connection${candidates.length === 1 ? '' : 's'} of ${settings.database}:\n`);
      for (const c of candidates) io.stdout(`  pid ${c.pid}  ${c.applicationName}  ${c.client}  idle ${c.idleSeconds}s\n`);
      io.stderr('poolguard doctor: nothing terminated; add --yes to terminate these connections\n');
      return EXIT.error;
    }
    let terminated;
    if (parsed.terminateOlderThanMs !== undefined) {
      terminated = idleEntries((await client.query<IdleRow>(TERMINATE_IDLE_SQL, [seconds(parsed.terminateOlderThanMs)])).rows.filter((r) => r.terminated));
      // pg_terminate_backend only signals the backend; wait (briefly) until the backends are gone so
      // the report below shows the state after termination. Works on servers older than 14, which
      // lack pg_terminate_backend(pid, timeout).
      await waitUntilGone(client, terminated.map((t) => t.pid), TERMINATE_WAIT_MS);
    }
    const rows = (await client.query<ActivityRow>(ACTIVITY_SQL)).rows;
    const report = buildReport(settings, rows, seconds(parsed.idleThresholdMs));
    if (terminated) report.terminated = terminated;
    if (parsed.paths.length > 0) {
      const budget = await options.staticBudget?.(parsed.paths, report.server.usable);
      if (budget) {
        report.staticBudget = budget;
        if (budget.total > report.server.usable || budget.unbounded > 0) {
          report.warnings.push(
            `your code can open ${budget.total} connections${budget.unbounded > 0 ? ` plus a new pool per request at ${budget.unbounded} site${budget.unbounded === 1 ? '' : 's'}` : ''}, more than the ${report.server.usable} the server allows: run poolguard budget`,
          );
        }
      }
    }
    io.stdout(parsed.format === 'json' ? formatJson(report) : formatStylish(report, target));
    return report.warnings.length > 0 ? EXIT.findings : EXIT.clean;
  } catch (error) {
    io.stderr(`poolguard doctor: ${scrub(reasonOf(error, url, parsed.connectTimeoutMs), url)}\n`);
    return EXIT.error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const TERMINATE_WAIT_MS = 5000;

async function waitUntilGone(client: { query: (sql: string, values: unknown[]) => Promise<{ rows: unknown[] }> }, pids: number[], timeoutMs: number): Promise<void> {
  if (pids.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await client.query('select 1 from pg_stat_activity where pid = any($1::int[])', [pids]);
    if (rows.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The URL doctor connects with: a libpq keyword string becomes the URL it stands for. */
function doctorUrl(given: string, from: string): string {
  if (!isKeywordString(given)) return given;
  const parsed = parseKeywords(given);
  // Not echoed, even masked: in a string that does not parse, nobody can tell where a password ends.
  if (!parsed.ok) throw new UsageError(`not a valid libpq connection string${from}: ${parsed.problem}`);
  return keywordsToUrl(parsed.pairs);
}

/** One-line usage errors, password masked, for a URL doctor cannot use; before any connection is tried. */
function checkDoctorUrl(url: string): void {
  const parsed = parsePostgresUrl(url);
  if (!parsed) throw new UsageError(`not a PostgreSQL URL: ${maskUrl(url)} (expected postgres://… or host=… dbname=… keywords)`);
  const problem = urlProblem(parsed);
  if (problem) throw new UsageError(`invalid --url ${maskUrl(url)}: ${problem}`);
  // pg reads these files itself, and a missing one would end in a stack trace.
  for (const key of ['sslrootcert', 'sslcert', 'sslkey']) {
    const file = parsed.params.get(key);
    if (file && !fs.existsSync(file)) throw new UsageError(`${key} file not found: ${file}`);
  }
}
