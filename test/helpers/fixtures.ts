// Reads fixture pairs: fixtures/<id>/<scenario>.input.<ext>, whose header says where the file
// lives (`// @filename: …`) and which findings it must produce (`// @expect: <rule> <line>:<col>`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import plugin from '../../src/plugin.js';
import { RULE_IDS } from '../../src/core/findings.js';
import { cliRules } from '../../src/cli/lint.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
/** Fixture files pretend to live in this project root; nothing real is found there. */
export const VIRTUAL_ROOT = '/virtual';

export interface Fixture {
  ruleId: string;
  scenario: string;
  inputPath: string;
  outputPath: string | undefined;
  /** Where the code pretends to live, under VIRTUAL_ROOT. */
  filename: string;
  source: string;
  expected: string[];
  /** `// @package.json: {…}`: the nearest package.json's content (framework, scripts), when it matters. */
  packageJson: string | undefined;
  /** `// @file serverless.yml: "…"`: other files of the package (path from the root, JSON string content). */
  files: Array<[path: string, content: string]>;
}

/** Writes a fixture's `// @package.json:` over the package.json nearest to `file` under `root`. */
export function writePackageJson(root: string, file: string, json: string | undefined): void {
  if (json === undefined) return;
  let dir = path.dirname(file);
  while (dir !== root && dir.startsWith(root) && !fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  fs.writeFileSync(path.join(dir.startsWith(root) ? dir : root, 'package.json'), `${json}\n`);
}

/** Writes a fixture's `// @file` siblings (deployment files, test configs) under its project root. */
export function writeFixtureFiles(root: string, fixture: Fixture): void {
  for (const [other, content] of fixture.files) {
    fs.mkdirSync(path.dirname(path.join(root, other)), { recursive: true });
    fs.writeFileSync(path.join(root, other), content);
  }
}

export function loadFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const ruleId of fs.readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, ruleId);
    if (ruleId === 'projects' || !fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir).sort()) {
      const match = /^(.+)\.input\.(\w+)$/.exec(file);
      if (!match) continue;
      const [, scenario, ext] = match as unknown as [string, string, string];
      const inputPath = path.join(dir, file);
      const outputPath = path.join(dir, `${scenario}.output.${ext}`);
      const source = fs.readFileSync(inputPath, 'utf8');
      const filenameHeader = /^\/\/ @filename: (\S+)/.exec(source);
      const filename = path.posix.join(VIRTUAL_ROOT, filenameHeader?.[1] ?? `src/${scenario}.${ext}`);
      const expected = [...source.matchAll(/^\/\/ @expect: (\S+) (\d+:\d+)\r?$/gm)].map((m) => `${m[2]} ${m[1]}`);
      const packageJson = /^\/\/ @package\.json: (.+?)\r?$/m.exec(source)?.[1];
      const files = [...source.matchAll(/^\/\/ @file (\S+): (".*")\r?$/gm)].map((m) => [m[1]!, JSON.parse(m[2]!) as string] as [string, string]);
      fixtures.push({ ruleId, scenario, inputPath, outputPath: fs.existsSync(outputPath) ? outputPath : undefined, filename, source, expected, packageJson, files });
    }
  }
  return fixtures;
}

const linter = new Linter({ configType: 'flat', cwd: '/' });

/**
 * Lint with the rules the CLI runs (`configs.recommended`), plus any opt-in rules named (a fixture's
 * own rule); returns `line:col rule-id` strings.
 */
export function lint(source: string, filename: string, settings: Record<string, unknown> = {}, also: readonly string[] = []): string[] {
  const enabled = new Set<string>([...cliRules(), ...also]);
  const sourceType = /\.c[jt]s$/.test(filename) ? 'commonjs' : 'module';
  const messages = linter.verify(
    source,
    [
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.jsx', '**/*.mjs', '**/*.cjs'],
        languageOptions: { parser, sourceType, parserOptions: { ecmaFeatures: { jsx: !/\.(?:ts|mts|cts)$/.test(filename) } } },
        plugins: { poolguard: plugin as never },
        settings: { poolguard: { root: VIRTUAL_ROOT, ...settings } },
        rules: Object.fromEntries(RULE_IDS.filter((id) => enabled.has(id)).map((id) => [`poolguard/${id}`, 'error'])),
      },
    ],
    filename,
  );
  return messages.map((m) => (m.ruleId ? `${m.line}:${m.column} ${m.ruleId.replace('poolguard/', '')}` : `${m.line}:${m.column} ${m.message}`));
}
