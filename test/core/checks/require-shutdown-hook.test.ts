// require-shutdown-hook's decision (src/core/checks/require-shutdown-hook.ts), table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { lifetimeClients, requireShutdownHook } from '../../../src/core/checks/require-shutdown-hook.js';
import type { Environment } from '../../../src/core/environment.js';
import type { ClientConfig, CloseSite, CreateSite, Site } from '../../../src/core/facts.js';
import { createPolicy } from '../../../src/core/policy.js';

const policy = createPolicy({}, '/repo');
const create = (over: Partial<CreateSite>): CreateSite => ({
  type: 'create', client: 'postgres()', family: 'postgres', kind: 'pool', module: 'postgres', factory: false,
  range: [10, 20], once: 'module-scope', fn: undefined, requestScopedConfig: false, binding: undefined, ...over,
});
const closeOnSigterm: CloseSite = {
  type: 'close', method: 'end', target: 'sql', shared: 'module-client', range: [30, 40], once: undefined,
  fn: { name: undefined, shutdown: true, perInstance: false, exported: false }, statement: true,
};
const server: Environment = { hotReload: undefined, runtime: 'server', runsAsServer: true };
const singleton = '/repo/src/lib/db.ts';

describe('requireShutdownHook (a long-lived server)', () => {
  it.each([
    ['created at module scope', [create({})], singleton, server, ['shutdownHook']],
    ['cached on globalThis', [create({ once: 'global-cache' })], singleton, server, ['shutdownHook']],
    ['closed in a shutdown hook here', [create({}), closeOnSigterm], singleton, server, []],
    ['closed in the entry point', [create({})], singleton, { ...server, entryPointShutdown: true }, []],
    ['a framework owns the process', [create({})], singleton, { ...server, frameworkRuns: true }, []],
    ['a library, not a server', [create({})], singleton, { ...server, runsAsServer: false }, []],
    ['a serverless runtime', [create({})], singleton, { ...server, runtime: 'serverless' }, []],
    ['no environment known', [create({})], singleton, undefined, []],
    ['outside the singleton module', [create({})], '/repo/src/routes/a.ts', server, []],
    ['a DI provider', [create({ once: 'provider' })], singleton, server, []],
    ['created per call (another rule)', [create({ once: undefined })], singleton, server, []],
    ['built from the request env (a Worker)', [create({ requestScopedConfig: true })], singleton, server, []],
    ['in a test', [create({ closed: false })], singleton, { ...server, role: 'test' }, []],
    ['in a script (require-script-close)', [create({ closed: false })], singleton, { ...server, role: 'script' }, []],
  ] as const)('%s', (_name, sites: readonly Site[], filename, environment, expected) => {
    expect(requireShutdownHook(sites, { filename, policy, environment }).map((f) => f.messageId)).toEqual(expected);
  });
});

describe('requireShutdownHook (one finding per client)', () => {
  const onAdapter: ClientConfig = { options: {}, dynamic: ['adapter'], strings: [], spread: false, args: ['object'] };
  const pool = create({ client: 'pg.Pool', family: 'pg', module: 'pg', range: [0, 5] });
  const adapter = create({ client: 'PrismaPg', family: 'prisma', module: '@prisma/adapter-pg', range: [6, 9] });
  const prisma = create({ client: 'PrismaClient', family: 'prisma', module: '@prisma/client', config: onAdapter, range: [10, 20] });
  const clients = (sites: readonly Site[]) => requireShutdownHook(sites, { filename: singleton, policy, environment: server }).map((f) => f.data.client);

  it.each([
    ['pool, adapter and client', [pool, adapter, prisma], ['PrismaClient']],
    ['pool and a client with the adapter inline', [pool, prisma], ['PrismaClient']],
    ['a pool beside a Prisma client without an adapter', [pool, create({ client: 'PrismaClient', family: 'prisma', module: '@prisma/client', range: [10, 20] })], ['pg.Pool', 'PrismaClient']],
    ['an adapter alone (its client is elsewhere)', [adapter], ['PrismaPg']],
  ] as const)('%s', (_name, sites: readonly Site[], expected) => {
    expect(clients(sites)).toEqual(expected);
  });

  it('hands the parts to the client that owns them', () => {
    expect(lifetimeClients([pool, adapter, prisma])).toEqual([{ site: prisma, parts: [pool, adapter] }]);
  });
});
