// Quick fixes in the editor: a finding's suggestion is the codemod's rewrite of that one site. For
// each fixture of the rules that offer them, applying the suggestions one at a time through ESLint
// (re-linting after each, as an editor does) gives the transform's own output (the .output file);
// valid-* and unsafe-* fixtures get none.
import parser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import plugin from '../../src/plugin.js';
import { loadFixtures, VIRTUAL_ROOT, type Fixture } from '../helpers/fixtures.js';
import { applyOne, materialise, rootOf } from '../helpers/materialise.js';

const SUGGESTING = ['no-client-outside-singleton', 'no-client-per-request', 'no-dynamic-db-import', 'no-close-in-handler'];
const fixtures = loadFixtures().filter((f) => SUGGESTING.includes(f.ruleId));
const rewritten = fixtures.filter((f) => f.outputPath !== undefined);
const valid = fixtures.filter((f) => f.scenario.startsWith('valid-'));
const unsafe = fixtures.filter((f) => f.scenario.startsWith('unsafe-'));

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

describe.each(valid.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('has no finding, so no suggestion', () => {
    expect(messagesOf(fixture.ruleId, materialise(fixture), fixture.source)).toEqual([]);
  });
});

describe.each(unsafe.map((f) => [`${f.ruleId}/${f.scenario}`, f] as const))('%s', (_name, fixture) => {
  it('is reported, with no suggestion (the transform leaves it)', () => {
    const messages = messagesOf(fixture.ruleId, materialise(fixture), fixture.source);
    expect(messages.length).toBeGreaterThan(0);
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

// Two sites of one rule in one file: each suggestion rewrites its own site only (the transform is
// restricted to it), and taking both gives what the transform does to the whole file.
const TWO_SITES: Record<string, string> = {
  'no-close-in-handler': "import { sql } from '../lib/db';\n\nexport async function GET() {\n  const rows = await sql`select 1`;\n  await sql.end();\n  return Response.json(rows);\n}\n\nexport async function POST() {\n  await sql`insert into t default values`;\n  await sql.end();\n  return new Response(null, { status: 201 });\n}\n",
  'no-dynamic-db-import': "export async function GET() {\n  const { sql } = await import('../lib/db');\n  return Response.json(await sql`select 1`);\n}\n\nexport async function POST() {\n  const { pool } = await import('../lib/db');\n  await pool.query('select 1');\n  return new Response(null, { status: 201 });\n}\n",
  'no-client-per-request': "import postgres from 'postgres';\n\nexport async function GET() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  return Response.json(await sql`select 1`);\n}\n\nexport async function POST() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  await sql`insert into t default values`;\n  return new Response(null, { status: 201 });\n}\n",
  // Not two adjacent declarations: removed together, the whole-file rewrite leaves two blank lines
  // where removing them one at a time leaves one (a cosmetic difference of TextEdits.removeStatement).
  'no-client-outside-singleton': "import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\nexport const count = () => prisma.user.count();\n\nconst reports = new PrismaClient();\nexport const last = () => reports.report.findFirst();\n",
};

describe.each(Object.entries(TWO_SITES))('%s, two sites in one file', (ruleId, source) => {
  const fixture: Fixture = { ruleId, scenario: 'two-sites', inputPath: '', outputPath: undefined, filename: `${VIRTUAL_ROOT}/src/routes/two.ts`, source, expected: [], packageJson: undefined, files: [] };

  it('offers one suggestion per site that rewrites it alone; taking both gives the whole-file rewrite', () => {
    const file = materialise(fixture);
    const whole = applyOne(ruleId, file, source);
    expect(whole.rewritten).toHaveLength(2);
    const messages = messagesOf(ruleId, file, source);
    expect(messages.map((m) => m.suggestions?.length)).toEqual([1, 1]);
    // Either one alone leaves the other site as it was: still reported, still with its suggestion.
    for (const message of messages) {
      const { fix } = message.suggestions![0]!;
      const after = source.slice(0, fix.range[0]) + fix.text + source.slice(fix.range[1]);
      expect(after).not.toBe(whole.output);
      const left = messagesOf(ruleId, file, after);
      expect(left.map((m) => [m.message, m.suggestions?.length])).toEqual(messages.filter((m) => m !== message).map((m) => [m.message, 1]));
    }
    expect(applyAll(ruleId, file, source).text).toBe(whole.output);
  });
});
