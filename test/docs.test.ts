// Every ❌ example in a rule doc is reported by that rule, every ✅ example is clean, and the
// Options text equals the schema's descriptions. The README's samples and numbers are what the CLI
// prints now (scripts/readme-samples.mjs), and every link in the README and the docs resolves.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { produce, renderAll } from '../scripts/readme-samples.mjs';
import { RULE_IDS } from '../src/core/findings.js';
import { SHARED_OPTIONS_SCHEMA } from '../src/eslint/rule.js';
import { lint, ROOT, VIRTUAL_ROOT } from './helpers/fixtures.js';
import { anchors, linkTargets, withoutCode } from './helpers/markdown.js';
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

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README.md', () => {
  it('has the samples and numbers the CLI prints now (node scripts/readme-samples.mjs rewrites them)', async () => {
    for (const { file, text, next } of renderAll(await produce())) expect(text, file).toBe(next);
  });

  it('is at most 300 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(300);
  });

  it('has no number that a script did not write', () => {
    const prose = withoutCode(
      README.replace(/<!-- begin auto-generated rules list -->[\s\S]*?<!-- end auto-generated rules list -->/, '')
        .replace(/<!-- sample:([\w.-]+) -->[\s\S]*?<!-- \/sample:\1 -->/g, '')
        .replace(/<!-- n:[\w.-]+ -->[^<]*<!-- \/n -->/g, ''),
    ).replace(/\]\([^)]*\)/g, ']');
    expect(prose.match(/(?<![\p{L}\p{N}_])\d+(?:[.,]\d+)*(?![\p{L}_])/gu) ?? []).toEqual([]);
  });

  it('names no internal module, test or branch', () => {
    const prose = README.replace(/<!-- sample:([\w.-]+) -->[\s\S]*?<!-- \/sample:\1 -->/g, '');
    expect(prose).not.toMatch(/\b(?:src|test|dist|transforms)\/|\bh-[a-z]+\b|\bseed \d/);
  });

  it('installs from npm before the clone, which takes two commands: install and check the demo, test', () => {
    const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    const npm = blocks.findIndex((b) => b.startsWith('npm i -D eslint-plugin-poolguard\n'));
    const clone = blocks.indexOf('npm ci && node bin/poolguard.js check fixtures/projects/demo\nnpm test\n');
    expect(npm).toBeGreaterThanOrEqual(0);
    expect(clone).toBeGreaterThan(npm);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.prepare).toBe('npm run build');
  });
});

describe('links in the README and the docs', () => {
  const docs = (dir: string) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.md')).map((f) => `${dir}/${f}`);
  const files = ['README.md', ...docs('docs'), ...docs('rules'), 'bench/README.md', 'eval/README.md'];

  it.each(files)('%s: every relative link and anchor resolves', (file) => {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const broken: string[] = [];
    for (const target of linkTargets(text)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [rel = '', anchor] = target.split('#');
      const abs = rel ? path.resolve(path.dirname(path.join(ROOT, file)), decodeURIComponent(rel)) : path.join(ROOT, file);
      if (!fs.existsSync(abs)) {
        broken.push(target);
        continue;
      }
      if (anchor && abs.endsWith('.md') && !anchors(fs.readFileSync(abs, 'utf8')).has(anchor)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
