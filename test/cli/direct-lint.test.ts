// `poolguard check` reports without ESLint's Linter and without TypeScript (src/cli/lint.ts): these
// hold it to what ESLint itself reports, on every fixture and project, and on directive comments;
// and hold oxc's tree to typescript-estree's on every fixture (src/estree/parse.ts).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { createFileLinter, cliRules } from '../../src/cli/lint.js';
import { RULE_IDS, type RuleId } from '../../src/core/findings.js';
import { classifyAll } from '../../src/core/classify.js';
import { extractFacts } from '../../src/estree/extract/index.js';
import { parseWithOxc, parseWithTypescriptEstree } from '../../src/estree/parse.js';
import { projectPolicy } from '../../src/project/policy.js';
import { environmentOf } from '../../src/project/environment.js';
import { applyDisableDirectives, locator, parseDirective } from '../../src/cli/directives.js';
import { FIXTURES, loadFixtures } from '../helpers/fixtures.js';
import { materialise, rootOf } from '../helpers/materialise.js';
import { tempPackage } from '../helpers/temp.js';

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f) && !f.split('/').includes('node_modules'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Both engines over every source file of a project, as `check` builds them (model included). */
async function bothEngines(root: string, rules: readonly RuleId[] = RULE_IDS) {
  const { config, files, model } = await loadProject([root], root);
  const direct = createFileLinter(model.settings, config.root, rules, new Set(['pool-options']), false, 'direct');
  const eslint = createFileLinter(model.settings, config.root, rules, new Set(['pool-options']), false, 'eslint');
  return files.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    // Key order too: `-f json` is compared byte for byte with eslint's.
    return { file, direct: JSON.stringify(direct.lintFile(file, text)), eslint: JSON.stringify(eslint.lintFile(file, text)) };
  });
}

describe('check without ESLint reports what ESLint reports', () => {
  const projects = fs.readdirSync(path.join(FIXTURES, 'projects')).filter((name) => fs.statSync(path.join(FIXTURES, 'projects', name)).isDirectory());
  it.each(projects)('project %s: every file, every rule', async (name) => {
    const results = await bothEngines(path.join(FIXTURES, 'projects', name));
    expect(results.length).toBeGreaterThan(0);
    for (const { file, direct, eslint } of results) expect({ file, messages: direct }).toEqual({ file, messages: eslint });
  });

  it('every rule fixture, input and output, in its materialised project', async () => {
    let messages = 0;
    for (const fixture of loadFixtures()) {
      const file = materialise(fixture);
      const root = rootOf(file);
      const { config, model } = await loadProject([root], root);
      const rules = [...new Set([...cliRules(), fixture.ruleId as RuleId])];
      const direct = createFileLinter(model.settings, config.root, rules, new Set(), false, 'direct');
      const eslint = createFileLinter(model.settings, config.root, rules, new Set(), false, 'eslint');
      const texts = [fixture.source, ...(fixture.outputPath ? [fs.readFileSync(fixture.outputPath, 'utf8')] : [])];
      for (const text of texts) {
        const expected = eslint.lintFile(file, text);
        messages += expected.messages.length;
        expect({ scenario: `${fixture.ruleId}/${fixture.scenario}`, result: JSON.stringify(direct.lintFile(file, text)) }).toEqual({
          scenario: `${fixture.ruleId}/${fixture.scenario}`,
          result: JSON.stringify(expected),
        });
      }
    }
    // The comparison covered findings, not only clean files.
    expect(messages).toBeGreaterThan(50);
  });
});

describe('eslint-disable comments, as ESLint applies them', () => {
  // Two clients on lines 3 and 4 of a route file, each built per call: a no-client-per-request finding each.
  const header = "import { PrismaClient } from '@prisma/client';\nimport { Pool } from 'pg';\n";
  const A = 'export function a() { return new PrismaClient().user.findMany(); }';
  const B = "export function b() { return new Pool().query('select 1'); }";
  const body = `${A}\n${B}\n`;
  const rule = 'poolguard/no-client-per-request';
  const cases: Array<[name: string, text: string, kept: number]> = [
    ['none', header + body, 2],
    ['disable all (block)', `/* eslint-disable */\n${header}${body}`, 0],
    ['disable the rule', `/* eslint-disable ${rule} */\n${header}${body}`, 0],
    ['disable another rule', `/* eslint-disable no-console, @typescript-eslint/no-explicit-any */\n${header}${body}`, 2],
    ['disable then enable between the two', `${header}/* eslint-disable ${rule} */\n${A}\n/* eslint-enable ${rule} */\n${B}\n`, 1],
    ['disable all, enable the rule', `/* eslint-disable */\n/* eslint-enable ${rule} */\n${header}${body}`, 2],
    ['disable the rule, enable all', `/* eslint-disable ${rule} */\n/* eslint-enable */\n${header}${body}`, 2],
    ['a line comment is no block directive', `// eslint-disable\n${header}${body}`, 2],
    ['next line', `${header}// eslint-disable-next-line ${rule}\n${body}`, 1],
    ['next line, quoted, with a reason', `${header}// eslint-disable-next-line "${rule}" -- one pool, on purpose\n${body}`, 1],
    ['next line, block comment', `${header}/* eslint-disable-next-line */\n${body}`, 1],
    ['next line after a multi-line comment', `${header}/* eslint-disable-next-line\n  ${rule} */\n${body}`, 1],
    ['same line', `${header}${A} // eslint-disable-line ${rule}\n${B}\n`, 1],
    ['same line, multi-line block comment is ignored', `${header}${A} /* eslint-disable-line\n */ ${B}\n`, 2],
    ['same line, another rule', `${header}${A} // eslint-disable-line no-console\n${B}\n`, 2],
    ['disable after the finding on its line', `${header}${A} /* eslint-disable */\n${B}\n`, 1],
    ['CRLF line breaks', (header + body).replace(/\n/g, '\r\n').replace('export function b', '// eslint-disable-next-line\r\nexport function b'), 1],
    ['not a directive: a word before it', `// see eslint-disable-next-line\n${header}${body}`, 2],
  ];
  it.each(cases)('%s', async (_name, text, kept) => {
    const root = tempPackage('poolguard-directives-', { name: 'app', dependencies: { '@prisma/client': '6.0.0', pg: '8.0.0' } }, { 'src/routes/users.ts': text });
    const results = await bothEngines(root, cliRules());
    const users = results.find((r) => r.file.endsWith('users.ts'))!;
    expect(users.direct).toEqual(users.eslint);
    expect((JSON.parse(users.direct) as { messages: Array<{ ruleId: string }> }).messages.filter((m) => m.ruleId === rule)).toHaveLength(kept);
  });

  it('an inline rule setting goes through ESLint, which applies it', async () => {
    const text = `/* eslint ${rule}: "warn" */\n${header}${body}`;
    const root = tempPackage('poolguard-inline-', { name: 'app', dependencies: { '@prisma/client': '6.0.0', pg: '8.0.0' } }, { 'src/routes/users.ts': text });
    const [users] = (await bothEngines(root, cliRules())).filter((r) => r.file.endsWith('users.ts'));
    expect(users!.direct).toEqual(users!.eslint);
    expect((JSON.parse(users!.direct) as { warningCount: number; errorCount: number })).toMatchObject({ warningCount: 2, errorCount: 0 });
  });

  it('reads a directive as ESLint does: label, value, no justification', () => {
    expect(parseDirective(' eslint-disable-next-line a, b -- why ')).toEqual({ label: 'eslint-disable-next-line', value: 'a, b' });
    expect(parseDirective('eslint-disable')).toEqual({ label: 'eslint-disable', value: '' });
    expect(parseDirective(' TODO: eslint-disable')).toBeUndefined();
    const at = locator('a\r\nb\u2028c\rd');
    expect([0, 3, 5, 7].map(at)).toEqual([{ line: 1, column: 0 }, { line: 2, column: 0 }, { line: 3, column: 0 }, { line: 4, column: 0 }]);
    expect(applyDisableDirectives([], [{ type: 'Block', value: 'eslint-disable', range: [0, 18] }], at)).toEqual([]);
  });
});

describe('oxc reads every fixture as typescript-estree does', () => {
  const files = [
    ...loadFixtures().flatMap((f) => [f.inputPath, ...(f.outputPath ? [f.outputPath] : [])]),
    ...sourceFiles(path.join(FIXTURES, 'projects')),
  ];
  it('same facts and findings on each file; oxc parses all but a few', () => {
    const policy = projectPolicy({}, FIXTURES);
    let byOxc = 0;
    let withSites = 0;
    const brokenButReadByOxc: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const judge = (parsed: ReturnType<typeof parseWithTypescriptEstree>) => {
        const facts = extractFacts({ ast: parsed.ast, scopeManager: parsed.scopeManager, text, filename: file, policy });
        const findings = classifyAll(facts.sites, { filename: file, policy, environment: environmentOf(file, policy, text) });
        return JSON.stringify({ sites: facts.sites, findings });
      };
      let expected: string;
      try {
        expected = judge(parseWithTypescriptEstree(file, text));
      } catch {
        // A broken fixture: oxc must not read it either (check then reports typescript-estree's error).
        if (parseWithOxc(file, text)) brokenButReadByOxc.push(file);
        continue;
      }
      const oxc = parseWithOxc(file, text);
      if (!oxc) continue;
      byOxc++;
      const actual = judge(oxc);
      if (actual.includes('"range"')) withSites++;
      expect({ file, facts: actual }).toEqual({ file, facts: expected });
    }
    expect(brokenButReadByOxc).toEqual([]);
    expect(byOxc).toBeGreaterThan(files.length * 0.95);
    expect(withSites).toBeGreaterThan(150);
  });
});
