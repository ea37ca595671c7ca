// `poolguard doctor` against a real PostgreSQL server: known numbers of connections in known states,
// exact figures, termination that touches only what it should, and the failure modes.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';
import { tempPackage } from '../helpers/temp.js';
import { freePort, startCluster, type Cluster } from './pg-cluster.js';

let cluster: Cluster;
const clients: pg.Client[] = [];

async function open(application: string, setup?: (c: pg.Client) => Promise<unknown> | void): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: cluster.url, application_name: application });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  if (setup) await setup(client);
  return client;
}

/** Close our clients and end any backend still running (a `pg_sleep` outlives its client). */
async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
  if (!cluster) return;
  const admin = new pg.Client({ connectionString: cluster.url, application_name: 'test-admin' });
  await admin.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query(
        "select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()) t",
      );
      if (rows[0].n === 0) break;
      await sleep(50);
    }
  } finally {
    await admin.end();
  }
}

async function doctor(...args: string[]) {
  const result = await run(['doctor', '--url', cluster.url, ...args]);
  return { ...result, json: result.stdout.startsWith('{') ? JSON.parse(result.stdout) : undefined };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  cluster = await startCluster();
}, 90_000);

// Every test starts from an empty server, even when the previous one failed.
afterEach(closeAll);

afterAll(async () => {
  await closeAll();
  cluster?.stop();
});

describe('poolguard doctor on a live server', () => {
  it('counts connections by state, application and client exactly, without its own', async () => {
    await open('web');
    await open('web');
    await open('worker', (c) => c.query('begin'));
    const busy = await open('worker');
    void busy.query('select pg_sleep(20)').catch(() => undefined);
    await sleep(300);

    const { code, json, stderr } = await doctor('--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1); // idle in transaction is a warning
    expect(json.server).toMatchObject({ maxConnections: 20, reserved: 3, usable: 17, open: 4, usagePercent: 23.5 });
    expect(json.database).toMatchObject({
      name: 'postgres',
      total: 4,
      active: 1,
      idle: 2,
      idleInTransaction: 1,
      other: 0,
      byApplication: { web: 2, worker: 2 },
      byClient: { '127.0.0.1': 4 },
      idleOverThreshold: [],
    });
    expect(json.warnings).toEqual(['1 connection is idle in transaction: they hold locks and a connection slot until the transaction ends']);
  });

  it('lists idle connections over the threshold, and the stylish output says what it excluded', async () => {
    await open('reports');
    await sleep(1500);
    const { code, stdout } = await doctor('--idle-threshold', '1s');
    expect(code).toBe(0);
    expect(stdout).toContain('database postgres: 1 connection — 0 active, 1 idle, 0 idle in transaction');
    expect(stdout).toMatch(/idle longer than 1s: 1\n {2}pid \d+ {2}reports {2}127\.0\.0\.1 {2}idle \ds/);
    expect(stdout).toContain("[this doctor's own connection");
    expect(stdout).toContain('✔ healthy');
    expect(stdout).not.toContain(cluster.password);
  });

  it('warns at 80 % usage', async () => {
    for (let i = 0; i < 14; i++) await open('burst');
    const { code, json } = await doctor('--format', 'json');
    expect(code).toBe(1);
    expect(json.server).toMatchObject({ open: 14, usable: 17, usagePercent: 82.4 });
    expect(json.warnings[0]).toBe('14 of 17 usable connections are open (82.4%): at 80% and above new clients start failing under load');
  });

  it('terminates only old idle connections of this database, only with --yes', async () => {
    const pidOf = async (c: pg.Client) => (await c.query('select pg_backend_pid() as pid')).rows[0].pid as number;
    const idleA = await open('stale');
    const idleB = await open('stale');
    const expected = [await pidOf(idleA), await pidOf(idleB)].sort();
    const inTransaction = await open('tx', (c) => c.query('begin'));
    const active = await open('busy');
    void active.query('select pg_sleep(20)').catch(() => undefined);
    await sleep(1500);
    const fresh = await open('fresh');

    const refused = await doctor('--terminate-idle-older-than', '1s');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/^would terminate 2 idle connections of postgres:\n {2}pid \d+ {2}stale/);
    expect(refused.stderr).toBe('poolguard doctor: nothing terminated; add --yes to terminate these connections\n');

    const { code, json } = await doctor('--terminate-idle-older-than', '1s', '--yes', '--format', 'json');
    expect(code).toBe(1); // the idle-in-transaction one is still there: a warning
    expect(json.terminated.map((t: { pid: number }) => t.pid).sort()).toEqual(expected);
    expect(json.database).toMatchObject({ total: 3, active: 1, idle: 1, idleInTransaction: 1 });
    await expect(fresh.query('select 1')).resolves.toBeDefined();
    await expect(inTransaction.query('select 1')).resolves.toBeDefined();
    await expect(idleA.query('select 1')).rejects.toThrow();
  });

  it('puts the static picture beside the live one when given paths', async () => {
    const { code, stdout } = await run(['doctor', '--url', cluster.url, 'fixtures/projects/demo']);
    // `poolguard budget` of the demo (174 connections, 4 pools per request) against the live server.
    expect(stdout).toMatch(/code {5}your code can open 174 connections \(plus a new pool per request at 4 sites\); the server allows 17; 0 are open now/);
    expect(stdout).toContain('your code can open 174 connections plus a new pool per request at 4 sites, more than the 17 the server allows: run poolguard budget');
    expect(code).toBe(1);
  });
});

describe('poolguard doctor failures', () => {
  it('a wrong password: exit 2, one line, and no password anywhere', async () => {
    const wrong = cluster.url.replace(encodeURIComponent(cluster.password), 'not-the-password');
    const result = await run(['doctor', '--url', wrong]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`poolguard doctor: authentication failed for 127.0.0.1:${cluster.port}\n`);
    expect(result.stdout + result.stderr).not.toContain('not-the-password');
  });

  it('a closed port: connection refused', async () => {
    const port = await freePort();
    const result = await run(['doctor', '--url', `postgres://doctor:hunter2@127.0.0.1:${port}/postgres`]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `poolguard doctor: connection refused by 127.0.0.1:${port} (is PostgreSQL listening there?)\n` });
  });

  it('a server that never answers: timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const result = await run(['doctor', '--url', `postgres://doctor:hunter2@127.0.0.1:${port}/postgres`, '--connect-timeout', '500ms']);
    silent.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`poolguard doctor: timed out after 0.5s connecting to 127.0.0.1:${port}\n`);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('bad arguments and a missing URL: exit 2 with one line', async () => {
    expect(await run(['doctor'], tempPackage('poolguard-doctor-', { name: 'none' }), {})).toEqual({
      code: 2,
      stdout: '',
      stderr: 'poolguard: no database URL: pass --url, set DATABASE_URL, or define DATABASE_URL in .env or .env.local\n',
    });
    expect((await run(['doctor', '--url', cluster.url, '--idle-threshold', 'soon'])).stderr).toBe(
      'poolguard: --idle-threshold: "soon" is not a duration (examples: 30s, 10m, 1h30m)\n',
    );
    expect((await run(['doctor', '--url', 'mysql://x@y/z'])).stderr).toBe('poolguard: not a PostgreSQL URL: mysql://x@y/z (expected postgres://… or host=… dbname=… keywords)\n');
    expect((await run(['doctor', '--bogus'])).code).toBe(2);
    expect(await run(['doctor', '--idle-treshold', '5m'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'poolguard: unknown option --idle-treshold, did you mean "--idle-threshold"? (run "poolguard doctor --help" for the options)\n',
    });
  });

  it('a libpq keyword string, quoted password and all, connects as its URL would', async () => {
    const keywords = `host=127.0.0.1 port=${cluster.port} user=${cluster.user} password='${cluster.password.replace(/'/g, "\\'")}' dbname=postgres`;
    const result = await run(['doctor', '--url', keywords]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`poolguard doctor — postgresql://doctor:****@127.0.0.1:${cluster.port}/postgres (PostgreSQL `);
    expect(result.stdout + result.stderr).not.toContain(cluster.password);
  });

  it('without --url or DATABASE_URL: DATABASE_URL from .env.local, else .env, and the report says which file', async () => {
    const refused = `postgres://doctor:hunter2@127.0.0.1:${await freePort()}/postgres`;
    const dir = tempPackage('poolguard-doctor-', { name: 'app' }, { '.env': `DATABASE_URL="${cluster.url}"\n` });
    const fromEnv = await run(['doctor'], dir, {});
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toContain(`(DATABASE_URL from .env) (PostgreSQL `);
    expect(fromEnv.stdout).not.toContain(cluster.password);
    fs.writeFileSync(path.join(dir, '.env.local'), `DATABASE_URL=${refused}\n`);
    expect((await run(['doctor'], dir, {})).stderr).toMatch(/^poolguard doctor: connection refused by /);
    // The environment wins over both files.
    expect((await run(['doctor'], dir, { DATABASE_URL: cluster.url })).code).toBe(0);
    // A folder below the package reads the package's files.
    fs.mkdirSync(path.join(dir, 'src'));
    expect((await run(['doctor', 'src'], dir, {})).stderr).toMatch(/^poolguard doctor: connection refused by /);
  });
});
