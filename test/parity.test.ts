// One detection core: for every fixture, the rule reports exactly the sites its transform rewrites or
// reports as unsafe; the output lints clean of the fixed findings (only the unsafe ones remain); a
// second run changes nothing; and so does a second run of the whole codemod (every transform, in the registry's order).
import { describe, expect, it } from 'vitest';
import type { Range } from '../src/core/facts.js';
import { loadFixtures } from './helpers/fixtures.js';
import { applyAll, applyOne, lintAt, materialise } from './helpers/materialise.js';

/** `line:col rule` (ESLint's 1-based column) for an offset range. */
function position(source: string, range: Range, ruleId: string): string {
  const before = source.slice(0, range[0]);
  const line = before.split('\n').length;
  const column = range[0] - (before.lastIndexOf('\n') + 1) + 1;
  return `${line}:${column} ${ruleId}`;
}

describe.each(loadFixtures().map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('the rule reports exactly the sites the transform rewrote or reported', () => {
    const file = materialise(fixture);
    const reported = lintAt(file, fixture.source).filter((f) => f.endsWith(` ${fixture.ruleId}`));
    const result = applyOne(fixture.ruleId, file, fixture.source);
    const handled = [...result.rewritten, ...result.unsafe].map((s) => position(fixture.source, s.range, s.ruleId));
    expect(handled.sort()).toEqual(reported.sort());
  });

  it('the output lints clean of what was fixed, and a second run is a no-op', () => {
    const file = materialise(fixture);
    const first = applyOne(fixture.ruleId, file, fixture.source);
    const output = first.output ?? fixture.source;
    expect(lintAt(file, output).filter((f) => f.endsWith(` ${fixture.ruleId}`))).toHaveLength(first.unsafe.length);
    const second = applyOne(fixture.ruleId, file, output);
    expect(second.output).toBeUndefined();
    expect(second.rewritten).toEqual([]);
  });

  if (fixture.ruleId === 'pool-options') {
    it('has no automatic fix: every finding is left as is and reported as such', () => {
      const file = materialise(fixture);
      const result = applyOne(fixture.ruleId, file, fixture.source);
      expect(result.output).toBeUndefined();
      expect(result.rewritten).toEqual([]);
      expect(result.unsafe.map((u) => u.reason)).toEqual(result.unsafe.map(() => expect.stringMatching(/^no automatic fix \(the numbers depend on your deployment\): \S/)));
    });
  }

  it('the whole codemod is idempotent and leaves only what it reported', () => {
    const file = materialise(fixture);
    const first = applyAll(file, fixture.source);
    const output = first.output ?? fixture.source;
    expect(lintAt(file, output)).toHaveLength(first.unsafe.length);
    expect(applyAll(file, output).output).toBeUndefined();
  });
});
