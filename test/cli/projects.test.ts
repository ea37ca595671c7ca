// `poolguard check --format json` on every fixture project, compared with its expected file
// (fixtures/projects/<name>.expected.json). Set UPDATE_EXPECTED=1 to rewrite them, then review the diff.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseJson, run } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/fixtures.js';

const PROJECTS = path.join(FIXTURES, 'projects');
const projects = fs.readdirSync(PROJECTS).filter((name) => fs.statSync(path.join(PROJECTS, name)).isDirectory());

describe.each(projects)('fixtures/projects/%s', (name) => {
  it('prints the expected findings and exit code', async () => {
    const dir = path.join(PROJECTS, name);
    const { code, stdout, stderr } = await run(['check', dir, '--format', 'json']);
    expect(stderr).toBe('');
    const actual = { exitCode: code, results: normaliseJson(stdout, dir) };
    const expectedFile = path.join(PROJECTS, `${name}.expected.json`);
    if (process.env.UPDATE_EXPECTED) fs.writeFileSync(expectedFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
  });
});
