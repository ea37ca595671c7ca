// Every rule id has a rule, a doc, fixtures; names, URLs, descriptions and configs are consistent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../src/plugin.js';
import { MESSAGES, RULE_IDS } from '../src/core/findings.js';
import { CONFIG_IGNORES } from '../src/core/policy.js';
import { ROOT } from './helpers/fixtures.js';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

describe('plugin', () => {
  it('has meta from package.json', () => {
    expect(plugin.meta).toEqual({ name: pkg.name, version: pkg.version });
  });

  it('exports exactly the rule ids', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...RULE_IDS].sort());
  });

  it('recommended enables the recommended rules as errors and exempts tests and generated code (scripts are linted for require-script-close)', () => {
    const recommended = plugin.configs.recommended;
    const expected = Object.fromEntries(
      Object.entries(plugin.rules)
        .filter(([, rule]) => rule.meta.docs?.recommended)
        .map(([id]) => [`poolguard/${id}`, 'error']),
    );
    expect(recommended.rules).toEqual(expected);
    expect(recommended.ignores).toEqual([...CONFIG_IGNORES]);
    expect(recommended.ignores).not.toContain('**/{scripts,script,seeds,seed,seeders}/**');
    expect(recommended.plugins?.poolguard).toBe(plugin);
    expect(Object.keys(plugin.configs.all.rules ?? {})).toEqual(RULE_IDS.map((id) => `poolguard/${id}`));
  });

  it('is the plugin itself when required from CommonJS (eslint.config.cjs), not a namespace object', () => {
    const script = `const p = require(${JSON.stringify(path.join(ROOT, 'dist/src/plugin.js'))}); process.stdout.write(JSON.stringify([Object.keys(p), Object.keys(p.configs)]))`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stderr).not.toMatch(/Error/);
    expect(JSON.parse(child.stdout)).toEqual([['meta', 'rules', 'configs'], ['recommended', 'all']]);
  });
});

describe.each(RULE_IDS)('%s', (id) => {
  const rule = plugin.rules[id];

  it('is named after its file and documented at its URL', () => {
    expect(rule.name).toBe(id);
    expect(fs.existsSync(path.join(ROOT, 'rules', `${id}.ts`))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'rules', `${id}.md`))).toBe(true);
    expect(rule.meta.docs?.url).toBe(`https://github.com/poolguard/eslint-plugin-poolguard/blob/v${pkg.version}/rules/${id}.md`);
  });

  it('has a description that starts with Disallow/Require/Enforce, without a trailing period, matching its doc', () => {
    const description = rule.meta.docs?.description ?? '';
    expect(description).toMatch(/^(Disallow|Require|Enforce) /);
    expect(description.endsWith('.')).toBe(false);
    const doc = fs.readFileSync(path.join(ROOT, 'rules', `${id}.md`), 'utf8');
    expect(doc).toContain(`${description}.`);
  });

  it('uses the shared message texts', () => {
    expect(rule.meta.messages).toBe(MESSAGES[id]);
  });

  it('has fixtures', () => {
    const dir = path.join(ROOT, 'fixtures', id);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.input.')).length).toBeGreaterThan(1);
  });
});
