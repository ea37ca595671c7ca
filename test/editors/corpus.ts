// The corpus the editor tests run through ESLint 10, ESLint 9 and oxlint: the demo monorepo as it is,
// and every rule fixture written to disk at its `// @filename:` path, each in its own folder (a copy
// of fixtures/projects/fixture-root) that is its `settings.poolguard.root`.
import fs from 'node:fs';
import path from 'node:path';
import parser from '@typescript-eslint/parser';
import plugin from '../../src/plugin.js';
import type { PoolguardSettings } from '../../src/core/policy.js';
import { FIXTURES, ROOT, VIRTUAL_ROOT, loadFixtures, writeFixtureFiles, writePackageJson, type Fixture } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

export const DEMO = path.join(ROOT, 'fixtures/projects/demo');
export const DEMO_SETTINGS = JSON.parse(fs.readFileSync(path.join(DEMO, 'poolguard.config.json'), 'utf8')) as PoolguardSettings;
export const SOURCE_FILES = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** One finding, comparable across linters: `file:line:column rule-id` (file relative to the corpus root). */
export type Finding = string;

export interface FixtureTree {
  /** The temp folder holding one sub-folder per fixture. */
  root: string;
  /** Per fixture: its folder (relative to root, = its settings root) and its file (relative to root). */
  entries: Array<{ fixture: Fixture; dir: string; file: string }>;
}

const SKELETON = path.join(FIXTURES, 'projects/fixture-root');

/** Writes every rule fixture into `<tmp>/<rule-id>/<scenario>/` on top of the fixture-root skeleton. */
export function writeFixtureTree(): FixtureTree {
  const root = tempDir('poolguard-editors-');
  const entries = loadFixtures().map((fixture) => {
    const dir = `${fixture.ruleId}/${fixture.scenario}`;
    fs.cpSync(SKELETON, path.join(root, dir), { recursive: true });
    const file = path.posix.join(dir, path.posix.relative(VIRTUAL_ROOT, fixture.filename));
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), fixture.source);
    writePackageJson(path.join(root, dir), path.join(root, file), fixture.packageJson);
    writeFixtureFiles(path.join(root, dir), fixture);
    return { fixture, dir, file };
  });
  return { root, entries };
}

/** The skeleton's own files are not part of the comparison's subject, but they are linted too. */
export function isFixtureFile(tree: FixtureTree, file: string): boolean {
  return tree.entries.some((e) => e.file === file);
}

/** The flat config an editor would use: a TypeScript parser, `configs.recommended`, settings. */
export function flatConfig(settingsByFolder: Array<{ files?: string[]; settings: PoolguardSettings }>): unknown[] {
  return [
    {
      files: [SOURCE_FILES],
      languageOptions: { parser },
    },
    { files: ['**/*.{cjs,cts}'], languageOptions: { sourceType: 'commonjs' } },
    plugin.configs.recommended,
    ...settingsByFolder.map(({ files, settings }) => (files ? { files, settings: { poolguard: settings } } : { settings: { poolguard: settings } })),
  ];
}

/** The settings of each fixture folder: its own root. */
export function fixtureSettings(tree: FixtureTree): Array<{ files: string[]; settings: PoolguardSettings }> {
  return tree.entries.map((e) => ({ files: [`${e.dir}/**`], settings: { root: path.join(tree.root, e.dir) } }));
}

/** The part of ESLint's `ESLint` class both majors share. */
interface ESLintLike {
  lintFiles(patterns: string[]): Promise<Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; column: number; message: string }> }>>;
}
export type ESLintClass = new (options: { cwd: string; overrideConfigFile: true; overrideConfig: never }) => ESLintLike;

export interface LintRun {
  /** Files linted, relative to cwd, sorted. */
  files: string[];
  findings: Finding[];
  /** `finding message`, in the order of findings. */
  messages: string[];
}

/** Lints `cwd` with an ESLint class (10 or 9) and the given flat config. */
export async function lintWith(ESLint: ESLintClass, cwd: string, config: unknown[]): Promise<LintRun> {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config as never });
  const results = await eslint.lintFiles(['.']);
  const rel = (file: string): string => path.relative(cwd, file).split(path.sep).join('/');
  const messages = results
    .flatMap((r) =>
      r.messages.map((m) => {
        if (!m.ruleId) throw new Error(`ESLint could not lint ${rel(r.filePath)}: ${m.message}`);
        return `${rel(r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`;
      }),
    )
    .sort();
  const findings = messages.map((m) => m.split(' ', 2).join(' '));
  return { files: results.map((r) => rel(r.filePath)).sort(), findings, messages };
}
