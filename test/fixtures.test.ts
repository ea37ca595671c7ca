// Fixtures are the specification: every input produces exactly the findings its header declares,
// and every `valid-*` scenario produces none.
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/core/findings.js';
import { loadFixtures } from './helpers/fixtures.js';
import { lintAt, materialise } from './helpers/materialise.js';

const fixtures = loadFixtures();

describe.each(fixtures.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('reports exactly the declared findings', () => {
    // On disk (a copy of fixture-root), so the package.json a fixture declares is read like a real one.
    const file = materialise(fixture);
    expect(lintAt(file, fixture.source).sort()).toEqual([...fixture.expected].sort());
  });

  if (fixture.scenario.startsWith('valid-')) {
    it('declares no findings', () => {
      expect(fixture.expected).toEqual([]);
    });
  } else {
    it(`declares at least one ${fixture.ruleId} finding`, () => {
      expect(fixture.expected.some((e) => e.endsWith(` ${fixture.ruleId}`))).toBe(true);
    });
  }
});

describe('fixture folders', () => {
  it.each(RULE_IDS)('%s has valid and invalid scenarios', (id) => {
    const mine = fixtures.filter((f) => f.ruleId === id);
    expect(mine.some((f) => f.scenario.startsWith('valid-'))).toBe(true);
    expect(mine.some((f) => !f.scenario.startsWith('valid-'))).toBe(true);
  });

  it('every folder is named after a rule', () => {
    expect(new Set(fixtures.map((f) => f.ruleId))).toEqual(new Set(RULE_IDS));
  });
});
