// isFactorySite() and perRequestByDesign(): the factory and Worker decisions, table-tested on plain facts.
import { describe, expect, it } from 'vitest';
import { isFactorySite } from '../../src/core/checks/factory.js';
import { perRequestByDesign } from '../../src/core/checks/per-request.js';
import type { CreateSite, FunctionFacts } from '../../src/core/facts.js';

const fn = (over: Partial<FunctionFacts>): FunctionFacts => ({ name: 'createDbConnection', shutdown: false, perInstance: false, exported: true, ...over });
const create = (over: Partial<CreateSite>): CreateSite => ({
  type: 'create', client: 'postgres()', family: 'postgres', kind: 'pool', module: 'postgres', factory: false,
  range: [10, 20], once: undefined, fn: fn({}), requestScopedConfig: false, binding: undefined, ...over,
});

describe('isFactorySite', () => {
  it.each([
    ['an exported function that returns the client it opens per call', create({}), false, true, true],
    ['the same function in a test or script file', create({}), true, true, false],
    ['a handler that uses its own client (does not return it)', create({ fn: fn({ name: 'GET' }) }), false, false, false],
    ['a function that is not exported', create({ fn: fn({ exported: false }) }), false, true, false],
    ['an anonymous exported function', create({ fn: fn({ name: undefined }) }), false, true, false],
    ['a class field or constructor (per instance)', create({ fn: fn({ perInstance: true }) }), false, true, false],
    ['a Worker client built from the request env', create({ requestScopedConfig: true }), false, true, false],
    ['a client created once at module scope', create({ once: 'module-scope', fn: undefined }), false, true, false],
    ['a memoised getter (created once)', create({ once: 'module-cache' }), false, true, false],
    ['a DI provider', create({ once: 'provider' }), false, true, false],
  ] as const)('%s', (_name, site, exemptFile, returned, expected) => {
    expect(isFactorySite({ site, exemptFile, returned })).toBe(expected);
  });
});

describe('perRequestByDesign', () => {
  it.each([
    ['per call from the request env (a Worker)', create({ requestScopedConfig: true }), true],
    ['per call from process.env', create({}), false],
    ['once from the request env type (module scope)', create({ once: 'module-scope', requestScopedConfig: true }), false],
  ] as const)('%s', (_name, site, expected) => {
    expect(perRequestByDesign(site)).toBe(expected);
  });
});
