// The plugin loads and reports in ESLint 9 and ESLint 10 flat config alike: the demo monorepo and
// every rule fixture give the same findings under both majors' `ESLint` class with
// `configs.recommended`.
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import { cliRules } from '../../src/cli/lint.js';
import { DEMO, DEMO_SETTINGS, fixtureSettings, flatConfig, isFixtureFile, lintWith, writeFixtureTree, type ESLintClass } from './corpus.js';

const tree = writeFixtureTree();
afterAll(() => fs.rmSync(tree.root, { recursive: true, force: true }));

describe('ESLint majors', () => {
  it('are really 9 and 10', () => {
    expect(ESLint9.version.split('.')[0]).toBe('9');
    expect(ESLint10.version.split('.')[0]).toBe('10');
  });

  it('report the same findings on the demo monorepo', async () => {
    const config = flatConfig([{ settings: DEMO_SETTINGS }]);
    const v10 = await lintWith(ESLint10 as unknown as ESLintClass, DEMO, config);
    const v9 = await lintWith(ESLint9 as unknown as ESLintClass, DEMO, config);
    // The CLI's 24 (README quick start), the `getDb()` call site included: a factory found in another
    // file, which the rules see through the project model they build as the CLI does.
    expect(v10.findings).toHaveLength(24);
    expect(v9.files).toEqual(v10.files);
    expect(v9.messages).toEqual(v10.messages);
  });

  it('report the same findings on every rule fixture, and each fixture exactly as declared', async () => {
    const config = flatConfig(fixtureSettings(tree));
    const v10 = await lintWith(ESLint10 as unknown as ESLintClass, tree.root, config);
    const v9 = await lintWith(ESLint9 as unknown as ESLintClass, tree.root, config);
    expect(v9.files).toEqual(v10.files);
    expect(v9.messages).toEqual(v10.messages);
    // configs.recommended: an opt-in rule's fixtures (pool-options, require-shutdown-hook) declare findings it does not report.
    const recommended = (finding: string) => (cliRules() as string[]).includes(finding.split(' ')[1]!);
    for (const { fixture, file } of tree.entries) {
      const mine = v10.findings.filter((f) => f.startsWith(`${file}:`)).map((f) => f.slice(file.length + 1).replace(' poolguard/', ' '));
      expect(mine.sort(), `${fixture.ruleId}/${fixture.scenario}`).toEqual(fixture.expected.filter(recommended).sort());
    }
    const declared = tree.entries.reduce((n, e) => n + e.fixture.expected.filter(recommended).length, 0);
    expect(declared).toBeGreaterThan(0);
    expect(v10.findings.filter((f) => isFixtureFile(tree, f.slice(0, f.indexOf(':'))))).toHaveLength(declared);
  });
});
