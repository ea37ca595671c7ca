// Fixture pairs: every `<scenario>.input` rewritten by its rule's transform equals `<scenario>.output`;
// `valid-*` and `unsafe-*` scenarios come out byte-identical (unsafe ones are reported, with a reason).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import jscodeshift from 'jscodeshift';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from './helpers/fixtures.js';
import { applyOne, materialise, rootOf } from './helpers/materialise.js';

const fixtures = loadFixtures();

const rewritten = fixtures.filter((f) => !f.scenario.startsWith('valid-') && !f.scenario.startsWith('unsafe-'));
const unchanged = fixtures.filter((f) => f.scenario.startsWith('valid-') || f.scenario.startsWith('unsafe-'));
const unsafe = fixtures.filter((f) => f.scenario.startsWith('unsafe-'));

describe.each(rewritten.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('comes out as its .output file', () => {
    const file = materialise(fixture);
    expect(fixture.outputPath, 'needs an .output file').toBeDefined();
    expect(applyOne(fixture.ruleId, file, fixture.source).output).toBe(fs.readFileSync(fixture.outputPath!, 'utf8'));
  });
});

describe.each(unchanged.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('comes out byte-identical and has no .output file', () => {
    const file = materialise(fixture);
    const result = applyOne(fixture.ruleId, file, fixture.source);
    expect(fixture.outputPath).toBeUndefined();
    expect(result.output).toBeUndefined();
    expect(result.rewritten).toEqual([]);
  });
});

describe.each(unsafe.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('is reported as unsafe, with a reason', () => {
    const file = materialise(fixture);
    const result = applyOne(fixture.ruleId, file, fixture.source);
    expect(result.unsafe.length).toBeGreaterThan(0);
    expect(result.unsafe.every((site) => site.reason.length > 20)).toBe(true);
  });
});

describe('under stock jscodeshift', () => {
  const require = createRequire(import.meta.url);
  const { applyTransform } = require('jscodeshift/dist/testUtils') as {
    applyTransform: (module: unknown, options: Record<string, unknown>, input: { path: string; source: string }) => string;
  };

  it('rewrites with the singleton passed as an option, and reports what it leaves', async () => {
    const fixture = fixtures.find((f) => f.scenario === 'express-route')!;
    const file = materialise(fixture);
    const transform = await import('../transforms/no-client-outside-singleton.js');
    const singleton = path.join(rootOf(file), 'apps/api/src/lib/prisma.ts');
    const output = applyTransform(transform, { singleton, root: rootOf(file) }, { path: file, source: fixture.source });
    expect(`${output}\n`).toBe(fs.readFileSync(fixture.outputPath!, 'utf8'));

    const unsafe = fixtures.find((f) => f.scenario === 'unsafe-differing-options')!;
    const unsafeFile = materialise(unsafe);
    const reports: string[] = [];
    const api = { jscodeshift, j: jscodeshift, stats: () => undefined, report: (message: string) => void reports.push(message) };
    const untouched = transform.default({ path: unsafeFile, source: unsafe.source }, api as never, { root: rootOf(unsafeFile) });
    expect(untouched).toBeUndefined();
    expect(reports).toEqual([expect.stringMatching(/left as is \(no-client-outside-singleton\): passes options the shared instance lacks: `\{datasources/)]);
  });
});
