// Every link a user follows out of poolguard (a rule's docs.url in the editor, a SARIF helpUri on a
// code-scanning alert, npm's repository/homepage/bugs) opens a real page: it names package.json's
// repository, the tag of this version, and a file the published package ships.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/plugin.js';
import { buildSarif, INFORMATION_URI } from '../../src/cli/formats/sarif.js';
import { ROOT } from '../helpers/fixtures.js';

interface Manifest {
  version: string;
  homepage: string;
  bugs: { url: string };
  repository: { type: string; url: string };
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

/** `git+https://github.com/o/r.git` → `https://github.com/o/r`: the form the links are built on. */
const REPO = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The files `npm pack` puts in the tarball (what a user's node_modules and the tag both hold). */
function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [packed] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return new Set(packed!.files.map((f) => f.path));
}

/** The file a doc link points at, or a reason it is not one of ours at this version. */
function linkedFile(url: string): string {
  const prefix = `${REPO}/blob/v${pkg.version}/`;
  expect(url.startsWith(prefix), `${url} is not under ${prefix}`).toBe(true);
  return url.slice(prefix.length);
}

describe('package.json links', () => {
  it('names the GitHub repository, its readme and its issues', () => {
    expect(pkg.repository.type).toBe('git');
    expect(REPO).toMatch(/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    expect(pkg.homepage).toBe(`${REPO}#readme`);
    expect(pkg.bugs.url).toBe(`${REPO}/issues`);
  });

  it('is the SARIF informationUri', () => {
    expect(INFORMATION_URI).toBe(REPO);
  });
});

describe('doc links', () => {
  const shipped = packedFiles();

  it.each(Object.entries(plugin.rules))('the docs.url of %s is its rules/<id>.md in the package', (id, rule) => {
    const url = (rule.meta.docs as { url?: string } | undefined)?.url ?? '';
    expect(linkedFile(url)).toBe(`rules/${id}.md`);
    expect(shipped.has(`rules/${id}.md`)).toBe(true);
  });

  it('every SARIF helpUri is a file the package ships, and the help text links it', () => {
    const driver = buildSarif([], ROOT).runs[0]!.tool.driver;
    const descriptors = driver.rules ?? [];
    expect(descriptors.length).toBe(Object.keys(plugin.rules).length + 1);
    for (const descriptor of descriptors) {
      expect(descriptor.helpUri, descriptor.id).toBeDefined();
      const file = linkedFile(descriptor.helpUri!);
      expect(shipped.has(file), `${descriptor.id}: ${file} is not in npm pack's file list`).toBe(true);
      expect(descriptor.help?.markdown).toContain(`(${descriptor.helpUri})`);
    }
    // A rule's alert links the same page as its docs.url.
    const ruleUris = Object.fromEntries(descriptors.filter((d) => d.id !== 'poolguard/database-url').map((d) => [d.id, d.helpUri]));
    expect(ruleUris).toEqual(Object.fromEntries(Object.entries(plugin.rules).map(([id, rule]) => [`poolguard/${id}`, (rule.meta.docs as { url?: string }).url])));
  });
});
