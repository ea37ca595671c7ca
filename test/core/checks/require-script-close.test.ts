// require-script-close's decision (src/core/checks/require-script-close.ts), table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { requireScriptClose } from '../../../src/core/checks/require-script-close.js';
import type { Environment } from '../../../src/core/environment.js';
import type { ClientConfig, CreateSite } from '../../../src/core/facts.js';
import { createPolicy } from '../../../src/core/policy.js';

const policy = createPolicy({}, '/repo');
const create = (over: Partial<CreateSite>): CreateSite => ({
  type: 'create', client: 'postgres()', family: 'postgres', kind: 'pool', module: 'postgres', factory: false,
  range: [10, 20], once: 'module-scope', fn: undefined, requestScopedConfig: false, binding: undefined, ...over,
});
const script: Environment = { hotReload: undefined, runtime: 'serverless', role: 'script' };
const server: Environment = { hotReload: undefined, runtime: 'server', runsAsServer: true };
const seed = '/repo/scripts/seed.ts';

describe('requireScriptClose', () => {
  it.each([
    ['never closed', create({ closed: false }), ['scriptClose']],
    ['never closed, created per call', create({ once: undefined, closed: false }), ['scriptClose']],
    ['closed in the script', create({ closed: true }), []],
    ['not looked at (a hand-made fact)', create({}), []],
    ['a DI provider', create({ once: 'provider', closed: false }), []],
    ['built from the request env', create({ requestScopedConfig: true, closed: false }), []],
  ] as const)('%s', (_name, site, expected) => {
    expect(requireScriptClose([site], { filename: '/repo/scripts/seed.ts', policy, environment: script }).map((f) => f.messageId)).toEqual(expected);
  });

  it('names the client and its kind', () => {
    expect(requireScriptClose([create({ closed: false })], { filename: '/repo/scripts/seed.ts', policy, environment: script })).toEqual([
      { ruleId: 'require-script-close', messageId: 'scriptClose', data: { client: 'postgres()', kind: 'pool' }, range: [10, 20] },
    ]);
  });
});

describe('requireScriptClose (what holds the process open)', () => {
  const onAdapter: ClientConfig = { options: {}, dynamic: ['adapter'], strings: [], spread: false, args: ['object'] };
  const prisma = (over: Partial<CreateSite>) => create({ client: 'PrismaClient', family: 'prisma', module: '@prisma/client', closed: false, ...over });
  const clients = (sites: readonly CreateSite[], environment: Environment = script) => requireScriptClose(sites, { filename: seed, policy, environment }).map((f) => f.data.client);

  it.each([
    ["Prisma's engine lets the process exit", [prisma({ config: { options: {}, dynamic: [], strings: [], spread: false, args: [] } })], []],
    ['a Prisma client on a driver adapter holds a pool', [prisma({ config: onAdapter })], ['PrismaClient']],
    ['its pool and adapter are the same client: one finding', [create({ client: 'pg.Pool', family: 'pg', closed: false, range: [0, 5] }), create({ client: 'PrismaPg', family: 'prisma', closed: false, range: [6, 9] }), prisma({ config: onAdapter })], ['PrismaClient']],
    ['exported: its importer closes it', [create({ closed: false, binding: { name: 'sql', range: [0, 20], exported: true } })], []],
    ['handed on: its holder closes it', [create({ closed: false, handedOn: true })], []],
  ] as const)('%s', (_name, sites: readonly CreateSite[], expected) => {
    expect(clients(sites)).toEqual(expected);
  });

  it('is not a server file\'s rule', () => {
    expect(clients([create({ closed: false })], server)).toEqual([]);
  });
});
