// classify() is the one decision; table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/core/classify.js';
import type { CloseSite, CreateSite, DynamicImportSite } from '../../src/core/facts.js';
import { createPolicy } from '../../src/core/policy.js';

const policy = createPolicy({}, '/repo');
const create = (over: Partial<CreateSite>): CreateSite => ({
  type: 'create', client: 'PrismaClient', family: 'prisma', kind: 'pool', module: '@prisma/client', factory: false,
  range: [10, 20], once: 'module-scope', fn: undefined, requestScopedConfig: false, binding: undefined, ...over,
});
const handler = { name: 'GET', shutdown: false, perInstance: false, exported: true };

describe('classify(create)', () => {
  it.each([
    ['module scope outside the singleton', create({}), '/repo/src/routes/a.ts', 'no-client-outside-singleton'],
    ['module scope in the singleton module', create({}), '/repo/src/lib/prisma.ts', undefined],
    ['module cache outside the singleton', create({ once: 'module-cache', fn: handler }), '/repo/src/routes/a.ts', 'no-client-outside-singleton'],
    ['global cache in the singleton', create({ once: 'global-cache', fn: handler }), '/repo/src/lib/db.ts', undefined],
    ['a DI provider', create({ once: 'provider', fn: handler }), '/repo/src/app.module.ts', undefined],
    ['per call in a handler', create({ once: undefined, fn: handler }), '/repo/app/api/route.ts', 'no-client-per-request'],
    ['per call even in the singleton module', create({ once: undefined, fn: { ...handler, name: 'getDb' } }), '/repo/src/lib/db.ts', 'no-client-per-request'],
    ['per request from the Worker env', create({ once: undefined, fn: handler, requestScopedConfig: true }), '/repo/src/index.ts', undefined],
  ] as const)('%s', (_name, site, filename, expected) => {
    expect(classify(site, { filename, policy })?.ruleId).toBe(expected);
  });

  it('says clientPerInstance for class fields and constructors', () => {
    const finding = classify(create({ once: undefined, fn: { name: 'prisma', shutdown: false, perInstance: true, exported: false } }), { filename: '/repo/a.ts', policy });
    expect(finding).toMatchObject({ ruleId: 'no-client-per-request', messageId: 'clientPerInstance', data: { client: 'PrismaClient', kind: 'pool' } });
  });

  it('names the singleton when one is known', () => {
    const finding = classify(create({}), { filename: '/repo/src/a.ts', policy, singletonFor: () => 'src/lib/prisma.ts' });
    expect(finding?.data.singleton).toBe('`src/lib/prisma.ts`');
  });
});

describe('classify(close)', () => {
  const close = (over: Partial<CloseSite>): CloseSite => ({
    type: 'close', method: 'end', target: 'sql', shared: 'singleton-import', range: [0, 5], once: undefined, fn: handler, statement: true, ...over,
  });
  it.each([
    ['in a handler', close({}), 'no-close-in-handler'],
    ['in a shutdown hook', close({ fn: { ...handler, shutdown: true } }), undefined],
    ['in code that runs once (a script)', close({ once: 'called-once' }), undefined],
    ['at module scope', close({ once: 'module-scope', fn: undefined }), undefined],
  ] as const)('%s', (_name, site, expected) => {
    expect(classify(site, { filename: '/repo/a.ts', policy })?.ruleId).toBe(expected);
  });
});

describe('classify(dynamic import)', () => {
  const dyn = (over: Partial<DynamicImportSite>): DynamicImportSite => ({
    type: 'dynamic-import', specifier: '../lib/prisma.js', target: 'singleton', range: [0, 5], commonjs: false, runtimeGuarded: false, ...over,
  });
  it.each([
    ['in ESM', dyn({}), 'no-dynamic-db-import'],
    ['of a driver package', dyn({ target: 'package', specifier: 'pg' }), undefined],
    ['once, at startup', dyn({ once: 'called-once' }), undefined],
    ['in a shutdown hook', dyn({ fn: { ...handler, shutdown: true } }), undefined],
    ['in CommonJS', dyn({ commonjs: true }), undefined],
    ['behind a NEXT_RUNTIME check', dyn({ runtimeGuarded: true }), undefined],
  ] as const)('%s', (_name, site, expected) => {
    expect(classify(site, { filename: '/repo/a.ts', policy })?.ruleId).toBe(expected);
  });
  it.each([
    ['a plain Node.js server', { hotReload: undefined, runtime: 'server' as const, runsAsServer: true }, 'no-dynamic-db-import'],
    ['a full-stack framework bundles it', { hotReload: undefined, runtime: 'server' as const, frameworkRuns: true }, undefined],
    ['a script', { hotReload: undefined, runtime: 'server' as const, role: 'script' as const }, undefined],
    ['a command-line tool', { hotReload: undefined, runtime: 'server' as const, cli: true }, undefined],
  ])('per request, in %s', (_name, environment, expected) => {
    expect(classify(dyn({}), { filename: '/repo/a.ts', policy, environment })?.ruleId).toBe(expected);
  });
});
