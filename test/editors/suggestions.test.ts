// Quick fixes in the editor: a finding's suggestion is the codemod's rewrite of that one site. For
// each fixture of the rules that offer them, applying the suggestions one at a time through ESLint
// (re-linting after each, as an editor does) gives the transform's own output (the .output file);
// valid-* and unsafe-* fixtures get none.
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import plugin from '../../src/plugin.js';
import { loadFixtures } from '../helpers/fixtures.js';
import { applyOne, materialise, rootOf } from '../helpers/materialise.js';

const SUGGESTING = ['no-client-outside-singleton', 'no-client-per-request', 'no-dynamic-db-import', 'no-close-in-handler'];
const fixtures = loadFixtures().filter((f) => SUGGESTING.includes(f.ruleId));
const rewritten = fixtures.filter((f) => f.outputPath !== undefined);
const untouched = fixtures.filter((f) => f.scenario.startsWith('valid-') || f.scenario.startsWith('unsafe-'));

const linter = new Linter({ configType: 'flat', cwd: '/' });

/** The fixture rule's messages on `source`, linted as the file at `file` in its project. */
function messagesOf(ruleId: string, file: string, source: string): Linter.LintMessage[] {
  const messages = linter.verify(
    source,
    [
      {
        files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
        languageOptions: { parser, sourceType: /\.c[jt]s$/.test(file) ? 'commonjs' : 'module', parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/.test(file) } } },
        plugins: { poolguard: plugin as never },
        settings: { poolguard: { root: rootOf(file) } },
        rules: { [`poolguard/${ruleId}`]: 'error' },
      },
    ],
    file,
  );
  const fatal = messages.find((m) => !m.ruleId);
  if (fatal) throw new Error(fatal.message);
  return messages;
}

/** Applies the first suggestion offered until none is left; returns the text and how many were applied. */
function applyAll(ruleId: string, file: string, source: string): { text: string; applied: number; left: Linter.LintMessage[] } {
  let text = source;
  for (let applied = 0; applied < 20; applied++) {
    const messages = messagesOf(ruleId, file, text);
    const suggestion = messages.flatMap((m) => m.suggestions ?? [])[0];
    if (!suggestion) return { text, applied, left: messages };
    text = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
  }
  throw new Error('suggestions never ran out');
}

describe.each(rewritten.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('applying its suggestions one at a time gives the .output file, one suggestion per rewritten site', () => {
    const file = materialise(fixture);
    const transform = applyOne(fixture.ruleId, file, fixture.source);
    const { text, applied, left } = applyAll(fixture.ruleId, file, fixture.source);
    expect(text).toBe(fs.readFileSync(fixture.outputPath!, 'utf8'));
    expect(applied).toBe(transform.rewritten.length);
    // What the transform leaves (an unsafe site beside the rewritten ones) is still reported.
    expect(left).toHaveLength(transform.unsafe.length);
  });
});

describe.each(untouched.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('offers no suggestion', () => {
    const file = materialise(fixture);
    const messages = messagesOf(fixture.ruleId, file, fixture.source);
    if (fixture.scenario.startsWith('unsafe-')) expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => m.suggestions?.length)).toEqual([]);
  });
});

describe('the suggestion', () => {
  it('is no autofix: `eslint --fix` leaves the file as it is', () => {
    const fixture = rewritten.find((f) => f.ruleId === 'no-close-in-handler')!;
    const file = materialise(fixture);
    const messages = messagesOf(fixture.ruleId, file, fixture.source);
    expect(messages.some((m) => m.suggestions?.length)).toBe(true);
    expect(messages.filter((m) => m.fix)).toEqual([]);
  });
});
