// require-global-cache's decision (src/core/checks/require-global-cache.ts), table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { requireGlobalCache } from '../../../src/core/checks/require-global-cache.js';
import type { Environment } from '../../../src/core/environment.js';
import type { CreateSite } from '../../../src/core/facts.js';
import { createPolicy } from '../../../src/core/policy.js';

const policy = createPolicy({}, '/repo');
const create = (over: Partial<CreateSite>): CreateSite => ({
  type: 'create', client: 'PrismaClient', family: 'prisma', kind: 'pool', module: '@prisma/client', factory: false,
  range: [10, 20], once: 'module-scope', fn: undefined, requestScopedConfig: false, binding: undefined, ...over,
});
const nextDev: Environment = { hotReload: 'Next.js (next dev)', runtime: 'server' };
const singleton = '/repo/src/lib/db.ts';

describe('requireGlobalCache', () => {
  it.each([
    ['created at module scope', create({}), singleton, nextDev, ['require-global-cache']],
    ['created once by a module cache', create({ once: 'module-cache' }), singleton, nextDev, ['require-global-cache']],
    ['created by a function called once', create({ once: 'called-once' }), singleton, nextDev, ['require-global-cache']],
    ['cached on globalThis', create({ once: 'global-cache' }), singleton, nextDev, []],
    ['a DI provider', create({ once: 'provider' }), singleton, nextDev, []],
    ['created per call (another rule)', create({ once: undefined }), singleton, nextDev, []],
    ['created only in production', create({ productionOnly: true }), singleton, nextDev, []],
    ['built from the request env (a Worker)', create({ requestScopedConfig: true }), singleton, nextDev, []],
    ['outside the singleton module', create({}), '/repo/src/routes/a.ts', nextDev, []],
    ['no hot reload', create({}), singleton, { hotReload: undefined, runtime: 'server' }, []],
    ['in a script', create({}), singleton, { ...nextDev, role: 'script' }, []],
    ['in a test', create({}), singleton, { ...nextDev, role: 'test' }, []],
  ] as const)('%s', (_name, site, filename, environment, expected) => {
    expect(requireGlobalCache([site], { filename, policy, environment }).map((f) => f.ruleId)).toEqual(expected);
  });

  it('names the client, its kind and the reloader', () => {
    expect(requireGlobalCache([create({})], { filename: singleton, policy, environment: nextDev })).toEqual([
      { ruleId: 'require-global-cache', messageId: 'globalCache', data: { client: 'PrismaClient', kind: 'pool', reloader: 'Next.js (next dev)' }, range: [10, 20] },
    ]);
  });
});
