// require-shutdown-hook's decision (src/core/checks/require-shutdown-hook.ts), table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { requireShutdownHook } from '../../../src/core/checks/require-shutdown-hook.js';
import type { Environment } from '../../../src/core/environment.js';
import type { CloseSite, CreateSite, Site } from '../../../src/core/facts.js';
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
const script: Environment = { hotReload: undefined, runtime: 'serverless', role: 'script' };
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
  ] as const)('%s', (_name, sites: readonly Site[], filename, environment, expected) => {
    expect(requireShutdownHook(sites, { filename, policy, environment }).map((f) => f.messageId)).toEqual(expected);
  });
});

describe('requireShutdownHook (a script)', () => {
  it.each([
    ['never closed', create({ closed: false }), ['scriptClose']],
    ['never closed, created per call', create({ once: undefined, closed: false }), ['scriptClose']],
    ['closed in the script', create({ closed: true }), []],
    ['not looked at (a hand-made fact)', create({}), []],
    ['a DI provider', create({ once: 'provider', closed: false }), []],
    ['built from the request env', create({ requestScopedConfig: true, closed: false }), []],
  ] as const)('%s', (_name, site, expected) => {
    expect(requireShutdownHook([site], { filename: '/repo/scripts/seed.ts', policy, environment: script }).map((f) => f.messageId)).toEqual(expected);
  });

  it('names the client and its kind', () => {
    expect(requireShutdownHook([create({ closed: false })], { filename: '/repo/scripts/seed.ts', policy, environment: script })).toEqual([
      { ruleId: 'require-shutdown-hook', messageId: 'scriptClose', data: { client: 'postgres()', kind: 'pool' }, range: [10, 20] },
    ]);
  });
});
