// Every ❌ example in a rule doc is reported by that rule, every ✅ example is clean, and the
// Options text equals the schema's descriptions.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../src/core/findings.js';
import { SHARED_OPTIONS_SCHEMA } from '../src/eslint/rule.js';
import { lint, ROOT, VIRTUAL_ROOT } from './helpers/fixtures.js';
import { tempDir } from './helpers/temp.js';

interface Example {
  kind: 'incorrect' | 'correct';
  filename: string;
  code: string;
}

function examples(doc: string): Example[] {
  const out: Example[] = [];
  let kind: Example['kind'] | undefined;
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,3} .*❌/.test(line)) kind = 'incorrect';
    else if (/^#{2,3} .*✅/.test(line)) kind = 'correct';
    else if (/^## /.test(line)) kind = undefined;
    else if (kind && /^```(ts|tsx|js)$/.test(line)) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
      const code = body.join('\n');
      const filename = /^\/\/ @filename: (\S+)/.exec(code)?.[1] ?? 'src/example.ts';
      out.push({ kind, filename: path.posix.join(VIRTUAL_ROOT, filename), code });
    }
  }
  return out;
}

/** Lint an example; one that declares `// @package.json:` is written to disk next to that package.json. */
function lintExample(block: Example, id: string): string[] {
  const manifest = /^\/\/ @package\.json: (.+)$/m.exec(block.code)?.[1];
  if (manifest === undefined) return lint(block.code, block.filename, {}, [id]);
  const root = tempDir('poolguard-doc-');
  fs.writeFileSync(path.join(root, 'package.json'), manifest);
  const file = path.join(root, path.relative(VIRTUAL_ROOT, block.filename));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, block.code);
  return lint(block.code, file, { root }, [id]);
}

describe.each(RULE_IDS)('rules/%s.md', (id) => {
  const doc = fs.readFileSync(path.join(ROOT, 'rules', `${id}.md`), 'utf8');
  const blocks = examples(doc);

  it('has the sections in order: why, examples, options, codemod, when not to use it', () => {
    const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Why', 'Examples', 'Options', 'Codemod', 'When Not To Use It']);
    expect(doc.startsWith(`# poolguard/${id}\n`)).toBe(true);
    expect(blocks.some((b) => b.kind === 'incorrect')).toBe(true);
    expect(blocks.some((b) => b.kind === 'correct')).toBe(true);
  });

  it.each(blocks.filter((b) => b.kind === 'incorrect').map((b, n) => [n, b] as const))('❌ example %i is reported', (_n, block) => {
    expect(lintExample(block, id).filter((f) => f.endsWith(` ${id}`)).length).toBeGreaterThan(0);
  });

  it.each(blocks.filter((b) => b.kind === 'correct').map((b, n) => [n, b] as const))('✅ example %i is clean', (_n, block) => {
    expect(lintExample(block, id)).toEqual([]);
  });

  it('documents every option with the schema description', () => {
    for (const [name, schema] of Object.entries((SHARED_OPTIONS_SCHEMA as { properties?: Record<string, unknown> }).properties ?? {})) {
      expect(doc).toContain(`- \`${name}\``);
      expect(doc).toContain(String((schema as { description: string }).description));
    }
  });
});
