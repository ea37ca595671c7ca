// oxlint runs the plugin under `jsPlugins` (its ESLint-compatible plugin API, with its own parser and
// scope manager). With the `.oxlintrc.json` shown in docs/editors.md ("oxlint") — read from that
// doc, so the documented configuration is the tested one — it reports on the demo monorepo and on
// every rule fixture exactly what ESLint reports: same files, lines, columns, rules and messages.
// KNOWN_DIFFERENCES pins what docs/editors.md says differs (nothing today), so a change on either side
// fails here.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../src/plugin.js';
import { cliRules } from '../../src/cli/lint.js';

/** What configs.recommended (and the .oxlintrc.json of docs/editors.md) turns on. */
const RECOMMENDED = cliRules();
import type { PoolguardSettings } from '../../src/core/policy.js';
import { ROOT } from '../helpers/fixtures.js';
import { DEMO, DEMO_SETTINGS, fixtureSettings, flatConfig, lintWith, writeFixtureTree, type ESLintClass, type Finding } from './corpus.js';
import { tempDir } from '../helpers/temp.js';

const OXLINT = path.join(ROOT, 'node_modules/oxlint/bin/oxlint');
const BUILT_PLUGIN = path.join(ROOT, 'dist/src/plugin.js');

/** Findings one linter reports and the other does not: none (docs/editors.md, "oxlint"). */
const KNOWN_DIFFERENCES: { onlyEslint: Finding[]; onlyOxlint: Finding[] } = { onlyEslint: [], onlyOxlint: [] };

interface Oxlintrc {
  jsPlugins: string[];
  settings: { poolguard: PoolguardSettings };
  rules: Record<string, string>;
  overrides: Array<{ files: string[]; rules: Record<string, string> }>;
}

/** The first ```json block after "## oxlint" in docs/editors.md. */
function docOxlintrc(): Oxlintrc {
  const doc = fs.readFileSync(path.join(ROOT, 'docs/editors.md'), 'utf8');
  const at = doc.indexOf('\n## oxlint\n');
  const block = at === -1 ? undefined : /```json\n([\s\S]*?)\n```/.exec(doc.slice(at))?.[1];
  if (!block) throw new Error('docs/editors.md has no ```json block after "## oxlint"');
  return JSON.parse(block) as Oxlintrc;
}

const DOC_CONFIG = docOxlintrc();

/** The documented configuration with the settings of the corpus being linted. */
const oxlintrc = (settings: PoolguardSettings): string => JSON.stringify({ ...DOC_CONFIG, settings: { poolguard: settings } });

/**
 * `jsPlugins: ["eslint-plugin-poolguard"]` resolves from the config's folder, as in a project that
 * installed the package; like such a project, the folder's .gitignore keeps oxlint out of node_modules.
 */
function linkPackage(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules/eslint-plugin-poolguard'), 'dir');
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n');
}

interface OxlintDiagnostic {
  message: string;
  code: string;
  filename: string;
  labels: Array<{ span: { line: number; column: number } }>;
}

interface OxlintRun {
  files: number;
  findings: Finding[];
  messages: string[];
}

/** Runs oxlint in `cwd` (with `-c config` or the nested `.oxlintrc.json` files); poolguard's findings from `-f json`. */
function oxlint(cwd: string, config?: string): OxlintRun {
  const child = spawnSync(process.execPath, [OXLINT, ...(config ? ['-c', config] : []), '-f', 'json', '.'], { cwd, encoding: 'utf8' });
  if (child.status !== 0 && child.status !== 1) throw new Error(`oxlint exited ${child.status}: ${child.stderr}${child.stdout}`);
  const out = JSON.parse(child.stdout) as { diagnostics: OxlintDiagnostic[]; number_of_files: number };
  const messages = out.diagnostics
    .flatMap((d) => {
      // oxlint's own default rules (the documented config keeps them) are not what is compared.
      const rule = /^poolguard\((.+)\)$/.exec(d.code)?.[1];
      if (!rule) return [];
      const { line, column } = d.labels[0]!.span;
      return [`${d.filename}:${line}:${column} poolguard/${rule} ${d.message}`];
    })
    .sort();
  return { files: out.number_of_files, findings: messages.map((m) => m.split(' ', 2).join(' ')), messages };
}

function difference(eslint: Finding[], ox: Finding[]): { onlyEslint: Finding[]; onlyOxlint: Finding[] } {
  return { onlyEslint: eslint.filter((f) => !ox.includes(f)), onlyOxlint: ox.filter((f) => !eslint.includes(f)) };
}


describe('oxlint jsPlugins', () => {
  it('has the built plugin to load (npm run build)', () => {
    expect(fs.existsSync(BUILT_PLUGIN), `${BUILT_PLUGIN} is missing: run npm run build`).toBe(true);
  });

  it("the .oxlintrc.json of docs/editors.md enables the recommended rules and exempts what configs.recommended exempts", () => {
    const rules = (severity: string): Record<string, string> => Object.fromEntries(RECOMMENDED.map((id) => [`poolguard/${id}`, severity]));
    expect(DOC_CONFIG.jsPlugins).toEqual(['eslint-plugin-poolguard']);
    expect(DOC_CONFIG.rules).toEqual(rules('error'));
    expect(DOC_CONFIG.overrides).toEqual([{ files: plugin.configs.recommended.ignores, rules: rules('off') }]);
  });

  it('reports on the demo monorepo exactly what ESLint reports', async () => {
    const dir = tempDir('poolguard-oxlint-');
    linkPackage(dir);
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), oxlintrc(DEMO_SETTINGS));
    const ox = oxlint(DEMO, path.join(dir, '.oxlintrc.json'));
    const es = await lintWith(ESLint as unknown as ESLintClass, DEMO, flatConfig([{ settings: DEMO_SETTINGS }]));
    // The CLI's 24 (README quick start): both run the project model the CLI builds.
    expect(es.findings).toHaveLength(24);
    expect(ox.files).toBe(es.files.length);
    expect(difference(es.findings, ox.findings)).toEqual({ onlyEslint: [], onlyOxlint: [] });
    expect(ox.messages).toEqual(es.messages);
  });

  it('reports on every rule fixture what ESLint reports, apart from the documented differences', async () => {
    const tree = writeFixtureTree();
    linkPackage(tree.root);
    // One nested config per fixture folder, whose settings root is that folder (as in ESLint).
    for (const { dir } of tree.entries) fs.writeFileSync(path.join(tree.root, dir, '.oxlintrc.json'), oxlintrc({ root: path.join(tree.root, dir) }));
    const ox = oxlint(tree.root);
    const es = await lintWith(ESLint as unknown as ESLintClass, tree.root, flatConfig(fixtureSettings(tree)));
    // Every rule reports something under oxlint, so each of them is compared.
    expect(new Set(ox.findings.map((f) => f.split(' ')[1]))).toEqual(new Set(RECOMMENDED.map((id) => `poolguard/${id}`)));
    expect(ox.files).toBe(es.files.length);
    expect(difference(es.findings, ox.findings)).toEqual(KNOWN_DIFFERENCES);
    const same = (m: string): boolean => ![...KNOWN_DIFFERENCES.onlyEslint, ...KNOWN_DIFFERENCES.onlyOxlint].some((f) => m.startsWith(`${f} `));
    expect(ox.messages.filter(same)).toEqual(es.messages.filter(same));
  });

  it('honours eslint-disable and oxlint-disable comments for poolguard rules, as ESLint does', async () => {
    const dir = tempDir('poolguard-oxlint-');
    linkPackage(dir);
    fs.mkdirSync(path.join(dir, 'src/lib'), { recursive: true });
    // The shared module: without it the project model takes the only creating module for the singleton.
    fs.writeFileSync(path.join(dir, 'src/lib/db.ts'), "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n");
    fs.writeFileSync(
      path.join(dir, 'src/clients.ts'),
      [
        "import { PrismaClient } from '@prisma/client';",
        '// eslint-disable-next-line poolguard/no-client-outside-singleton',
        'export const a = new PrismaClient();',
        'export const b = new PrismaClient(); // oxlint-disable-line poolguard/no-client-outside-singleton',
        'export const c = new PrismaClient();',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), oxlintrc({}));
    const ox = oxlint(dir);
    expect(ox.findings).toEqual(['src/clients.ts:5:18 poolguard/no-client-outside-singleton']);
    const es = await lintWith(ESLint as unknown as ESLintClass, dir, flatConfig([{ settings: {} }]));
    // ESLint does not know `oxlint-disable-line`: it reports line 4 too.
    expect(es.findings).toEqual(['src/clients.ts:4:18 poolguard/no-client-outside-singleton', 'src/clients.ts:5:18 poolguard/no-client-outside-singleton']);
  });
});
