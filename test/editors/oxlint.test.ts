// oxlint runs the plugin under `jsPlugins` (its ESLint-compatible plugin API, with its own parser and
// scope manager): on the demo monorepo and on every rule fixture it reports exactly what ESLint
// reports — same files, lines, columns, rules and messages — except the differences the README's
// "Editors" section documents, which this test pins (KNOWN_DIFFERENCES).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import plugin from '../../src/plugin.js';
import { RULE_IDS } from '../../src/core/findings.js';
import type { PoolguardSettings } from '../../src/core/policy.js';
import { ROOT } from '../helpers/fixtures.js';
import { DEMO, DEMO_SETTINGS, fixtureSettings, flatConfig, lintWith, writeFixtureTree, type ESLintClass, type Finding } from './corpus.js';

const OXLINT = path.join(ROOT, 'node_modules/oxlint/bin/oxlint');
const BUILT_PLUGIN = path.join(ROOT, 'dist/src/plugin.js');

/** Findings one linter reports and the other does not: none today. */
const KNOWN_DIFFERENCES: { onlyEslint: Finding[]; onlyOxlint: Finding[] } = { onlyEslint: [], onlyOxlint: [] };

const rules = (severity: 'error' | 'off'): Record<string, string> => Object.fromEntries(Object.keys(plugin.rules).map((id) => [`poolguard/${id}`, severity]));

/** The `.oxlintrc.json` the README recommends: the plugin, its rules, the recommended exemptions. */
function oxlintrc(settings: PoolguardSettings): object {
  return {
    plugins: [],
    categories: { correctness: 'off' },
    jsPlugins: [BUILT_PLUGIN],
    settings: { poolguard: settings },
    rules: rules('error'),
    overrides: [{ files: plugin.configs.recommended.ignores, rules: rules('off') }],
  };
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

/** Runs oxlint in `cwd` (with `-c config` or the nested `.oxlintrc.json` files) and parses `-f json`. */
function oxlint(cwd: string, config?: string): OxlintRun {
  const child = spawnSync(process.execPath, [OXLINT, ...(config ? ['-c', config] : []), '-f', 'json', '.'], { cwd, encoding: 'utf8' });
  if (child.status !== 0 && child.status !== 1) throw new Error(`oxlint exited ${child.status}: ${child.stderr}${child.stdout}`);
  const out = JSON.parse(child.stdout) as { diagnostics: OxlintDiagnostic[]; number_of_files: number };
  const messages = out.diagnostics
    .map((d) => {
      const rule = /^poolguard\((.+)\)$/.exec(d.code)?.[1];
      if (!rule) throw new Error(`oxlint reported something other than a poolguard rule: ${d.code}: ${d.message}`);
      const { line, column } = d.labels[0]!.span;
      return `${d.filename}:${line}:${column} poolguard/${rule} ${d.message}`;
    })
    .sort();
  return { files: out.number_of_files, findings: messages.map((m) => m.split(' ', 2).join(' ')), messages };
}

function difference(eslint: Finding[], ox: Finding[]): { onlyEslint: Finding[]; onlyOxlint: Finding[] } {
  return { onlyEslint: eslint.filter((f) => !ox.includes(f)), onlyOxlint: ox.filter((f) => !eslint.includes(f)) };
}

const temp: string[] = [];
afterAll(() => temp.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe('oxlint jsPlugins', () => {
  it('has the built plugin to load (npm run build)', () => {
    expect(fs.existsSync(BUILT_PLUGIN), `${BUILT_PLUGIN} is missing: run npm run build`).toBe(true);
  });

  it('reports on the demo monorepo exactly what ESLint reports', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-oxlint-'));
    temp.push(dir);
    const config = path.join(dir, '.oxlintrc.json');
    fs.writeFileSync(config, JSON.stringify(oxlintrc(DEMO_SETTINGS)));
    const ox = oxlint(DEMO, config);
    const es = await lintWith(ESLint as unknown as ESLintClass, DEMO, flatConfig([{ settings: DEMO_SETTINGS }]));
    expect(es.findings).toHaveLength(25);
    expect(ox.files).toBe(es.files.length);
    expect(difference(es.findings, ox.findings)).toEqual({ onlyEslint: [], onlyOxlint: [] });
    expect(ox.messages).toEqual(es.messages);
  });

  it('reports on every rule fixture what ESLint reports, apart from the documented differences', async () => {
    const tree = writeFixtureTree();
    temp.push(tree.root);
    // One nested config per fixture folder, whose settings root is that folder (as in ESLint).
    for (const { dir } of tree.entries) fs.writeFileSync(path.join(tree.root, dir, '.oxlintrc.json'), JSON.stringify(oxlintrc({ root: path.join(tree.root, dir) })));
    const ox = oxlint(tree.root);
    const es = await lintWith(ESLint as unknown as ESLintClass, tree.root, flatConfig(fixtureSettings(tree)));
    // Every rule reports something under oxlint, so each of them is compared.
    expect(new Set(ox.findings.map((f) => f.split(' ')[1]))).toEqual(new Set(RULE_IDS.map((id) => `poolguard/${id}`)));
    expect(ox.files).toBe(es.files.length);
    expect(difference(es.findings, ox.findings)).toEqual(KNOWN_DIFFERENCES);
    const same = (m: string): boolean => ![...KNOWN_DIFFERENCES.onlyEslint, ...KNOWN_DIFFERENCES.onlyOxlint].some((f) => m.startsWith(`${f} `));
    expect(ox.messages.filter(same)).toEqual(es.messages.filter(same));
  });
});
