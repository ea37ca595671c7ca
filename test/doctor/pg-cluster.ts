// A throwaway PostgreSQL cluster for the doctor tests: initdb in a temp dir, started on a free
// loopback port (and a socket inside the temp dir), stopped and removed afterwards. As root (CI), the
// server runs as the unprivileged `postgres` user that Debian's package creates.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  port: number;
  user: string;
  password: string;
  stop(): void;
}

function findBin(name: string): string {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name));
  const debian = fs.existsSync('/usr/lib/postgresql')
    ? fs
        .readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join('/usr/lib/postgresql', v, 'bin', name))
    : [];
  const found = [...debian, ...fromPath].find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`${name} not found: install Debian's postgresql package (.ci/run does)`);
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-pg-'));
  const data = path.join(dir, 'data');
  const socket = path.join(dir, 'socket');
  fs.mkdirSync(socket);
  const user = 'doctor';
  const password = 'S3cret-pass!word';
  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`);
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) => {
    const command = asRoot ? ['runuser', '-u', 'postgres', '--', findBin(bin), ...args] : [findBin(bin), ...args];
    execFileSync(command[0]!, command.slice(1), { stdio: 'pipe', cwd: dir });
  };
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['-R', 'postgres', dir]);
  }
  run('initdb', ['-D', data, '-U', user, '--auth=scram-sha-256', `--pwfile=${path.join(dir, 'pwfile')}`, '-E', 'UTF8', '--no-instructions']);
  const port = await freePort();
  const options = { listen_addresses: '127.0.0.1', unix_socket_directories: socket, max_connections: '20', superuser_reserved_connections: '3', ...settings };
  const flags = Object.entries(options)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  run('pg_ctl', ['-D', data, '-o', `-p ${port} ${flags}`, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  return {
    url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    user,
    password,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
