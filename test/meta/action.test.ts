// The GitHub Action (action.yml), its example workflow and the pre-commit / lint-staged examples: their
// structure, and the action's shell steps run for real with a stand-in `npx` that records its
// arguments (test/consumer/run.sh runs the same check step against the packed package).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const readYaml = <T>(file: string): T => parseYaml(fs.readFileSync(path.join(ROOT, file), 'utf8')) as T;
const action = readYaml<Action>('action.yml');
const steps = action.runs.steps;
const step = (id: string): Step => steps.find((s) => s.id === id || s.name === id)!;
const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs a step's `run` as GitHub's `shell: bash` does (bash -e -o pipefail), with `npx` stood in for. */
function runStep(s: Step, env: Record<string, string>, npxExit = 0) {
  const dir = tempDir('poolguard-action-');
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'npx'), `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > "${dir}/npx-args"\necho '{"version":"2.1.0"}'\nexit ${npxExit}\n`, { mode: 0o755 });
  const output = path.join(dir, 'github-output');
  fs.writeFileSync(output, '');
  const child = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run!], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, POOLGUARD_SARIF: 'poolguard.sarif', ...env },
  });
  const read = (file: string) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8') : '');
  return { status: child.status, stderr: child.stderr, dir, args: read('npx-args').split('\n').filter(Boolean), output: read('github-output'), sarif: read('poolguard.sarif') };
}

describe('action.yml', () => {
  it('is a composite action with the inputs docs/ci.md documents', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'working-directory', 'changed-since', 'setup-node', 'upload', 'sarif-file']));
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
    const ci = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    for (const name of Object.keys(action.inputs)) expect(ci, name).toContain(`\`${name}\``);
  });

  it('sets Node up only when asked, checks, uploads unless the check failed to run, then exits with the check code', () => {
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.id ?? s.name)).toEqual(['actions/setup-node', 'check', 'github/codeql-action/upload-sarif', 'poolguard exit code']);
    expect(steps[0]!.if).toBe("inputs.setup-node == 'true'");
    expect(step('check')['working-directory']).toBe('${{ inputs.working-directory }}');
    const upload = steps[2]!;
    expect(upload.if).toBe("inputs.upload == 'true' && steps.check.outputs.exit-code != '2'");
    expect(upload.with).toEqual({ sarif_file: '${{ steps.check.outputs.sarif-file }}', category: '${{ inputs.category }}' });
    expect(step('poolguard exit code').env).toEqual({ POOLGUARD_EXIT: '${{ steps.check.outputs.exit-code }}' });
  });

  it('passes inputs to the shell as environment variables, never as ${{ }} inside a script', () => {
    for (const s of steps.filter((x) => x.run)) {
      expect(s.run).not.toContain('${{');
      expect(s.shell).toBe('bash');
    }
  });

  it('builds the check command from paths, changed-since and args, and records the exit code and SARIF path', () => {
    const check = step('check');
    const got = runStep(check, { POOLGUARD_PATHS: 'apps/api\npackages/db  *.ts', POOLGUARD_CHANGED_SINCE: 'origin/main', POOLGUARD_ARGS: '--baseline poolguard-baseline.json' }, 1);
    expect(got.status, got.stderr).toBe(0);
    expect(got.args).toEqual(['--no-install', 'poolguard', 'check', '--format', 'sarif', '--changed-since', 'origin/main', '--baseline', 'poolguard-baseline.json', 'apps/api', 'packages/db', '*.ts']);
    expect(got.sarif).toContain('"2.1.0"');
    expect(got.output).toBe(`exit-code=1\nsarif-file=${fs.realpathSync(got.dir)}/poolguard.sarif\n`);
    const plain = runStep(check, { POOLGUARD_PATHS: '', POOLGUARD_CHANGED_SINCE: '', POOLGUARD_ARGS: '' });
    expect(plain.args).toEqual(['--no-install', 'poolguard', 'check', '--format', 'sarif']);
    expect(plain.output).toMatch(/^exit-code=0\n/);
  });

  it('fails the job with the check code in its last step', () => {
    const last = step('poolguard exit code');
    expect(runStep(last, { POOLGUARD_EXIT: '1' }).status).toBe(1);
    expect(runStep(last, { POOLGUARD_EXIT: '0' }).status).toBe(0);
    // No output at all (the check step never ran): fail as an internal error.
    expect(runStep(last, { POOLGUARD_EXIT: '' }).status).toBe(2);
  });
});

describe('docs/examples/github-workflow.yml', () => {
  const workflow = readYaml<{ permissions: Record<string, string>; jobs: Record<string, { steps: Step[] }> }>('docs/examples/github-workflow.yml');
  const jobSteps = Object.values(workflow.jobs)[0]!.steps;

  it('installs the project, then runs this action at the tag of this version with known inputs', () => {
    expect(workflow.permissions['security-events']).toBe('write');
    const uses = jobSteps.findIndex((s) => s.uses?.startsWith('poolguard/eslint-plugin-poolguard@'));
    expect(jobSteps[uses]!.uses).toBe(`poolguard/eslint-plugin-poolguard@v${version}`);
    expect(jobSteps.findIndex((s) => s.run?.startsWith('npm ci'))).toBeLessThan(uses);
    for (const input of Object.keys(jobSteps[uses]!.with ?? {})) expect(Object.keys(action.inputs)).toContain(input);
    // Pull requests check what they change, which needs the merge base: the checkout fetches the history.
    expect(jobSteps[uses]!.with?.['changed-since']).toContain('github.base_ref');
    expect(jobSteps[0]!.with?.['fetch-depth']).toBe(0);
  });
});

describe('docs/ci.md', () => {
  it('names this version wherever it pins the action or the hook', () => {
    const ci = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    const pins = [...ci.matchAll(/poolguard\/eslint-plugin-poolguard@(v[\d.]+)|rev: (v[\d.]+)/g)].map((m) => m[1] ?? m[2]);
    expect(pins).toEqual([`v${version}`, `v${version}`]);
  });
});

describe('pre-commit and lint-staged examples', () => {
  it('.pre-commit-hooks.yaml runs poolguard check on source files in one process', () => {
    const [hook, ...rest] = readYaml<Array<Record<string, unknown>>>('.pre-commit-hooks.yaml');
    expect(rest).toEqual([]);
    expect(hook).toMatchObject({ id: 'poolguard', entry: 'poolguard check', language: 'node', require_serial: true });
    expect(hook!.types_or).toEqual(expect.arrayContaining(['ts', 'tsx', 'javascript']));
  });

  it('lint-staged.config.mjs runs poolguard check on staged TypeScript and JavaScript', async () => {
    const config = ((await import(pathToFileURL(path.join(ROOT, 'docs/examples/lint-staged.config.mjs')).href)) as { default: Record<string, string> }).default;
    expect(config).toEqual({ '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}': 'poolguard check' });
  });
});
