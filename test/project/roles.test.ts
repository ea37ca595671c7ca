// fileRole / isLibraryPackage / deployedAsOwnFunction on packages written to a temp dir: what a file
// is decides by what runs or loads it, and the server-shaped counterparts stay app code.
import { describe, expect, it } from 'vitest';
import { deployedAsOwnFunction } from '../../src/project/bundles.js';
import { fileRole, isLibraryPackage } from '../../src/project/roles.js';
import { tempPackage } from '../helpers/temp.js';

/** A package: its package.json and files (path → text). */
const pkg = (manifest: object, files: Record<string, string> = {}) => tempPackage('poolguard-roles-', manifest, files);

const role = (dir: string, file: string) => fileRole(`${dir}/${file}`, dir);

describe('a CLI (package.json bin)', () => {
  it('makes the files its bin runs scripts, and not the library files beside them', () => {
    const dir = pkg({ name: 'tool', main: 'dist/index.js', bin: { tool: 'dist/cli.js' } }, { 'src/cli.ts': "import { run } from './commands/run';\nrun();\n", 'src/commands/run.ts': 'export function run() {}\n', 'src/index.ts': 'export const x = 1;\n' });
    expect(role(dir, 'src/cli.ts')).toBe('script');
    expect(role(dir, 'src/commands/run.ts')).toBe('script');
    expect(role(dir, 'src/index.ts')).toBeUndefined();
  });
  it('is a server when what its bin runs listens', () => {
    const dir = pkg({ name: 'srv', bin: 'dist/cli.js' }, { 'src/cli.ts': "import { app } from './app';\napp.listen(3000);\n", 'src/app.ts': 'export const app = {};\n' });
    expect(role(dir, 'src/app.ts')).toBeUndefined();
  });
});

describe('a package of scripts', () => {
  it('makes every file a script when what its scripts run does its work and returns', () => {
    const dir = pkg({ name: 'ops', scripts: { start: 'tsx src/main.ts', dev: 'tsc --watch', 'ops:report': 'tsx ./src/report.ts' } }, { 'src/main.ts': "import { db } from './db';\nawait db();\n", 'src/report.ts': 'console.log(1);\n', 'src/db.ts': 'export const db = async () => {};\n' });
    expect(role(dir, 'src/db.ts')).toBe('script');
  });
  it.each([
    ['a server', 'app.listen(3000);\n'],
    ['a consumer loop', 'for await (const event of stream) console.log(event);\n'],
    ['a timer', 'setInterval(tick, 1000);\n'],
    ['a signal handler', "process.on('SIGTERM', stop);\n"],
  ])('is not one when a file it runs keeps running: %s', (_name, text) => {
    const dir = pkg({ name: 'svc', scripts: { start: 'tsx src/main.ts' } }, { 'src/main.ts': "import './loop';\n", 'src/loop.ts': text, 'src/db.ts': '' });
    expect(role(dir, 'src/db.ts')).toBeUndefined();
  });
  it('is not one when a file it runs is missing, a start script runs something else, or it has an entry point', () => {
    expect(role(pkg({ name: 'a', scripts: { start: 'node dist/server.js' } }, { 'src/db.ts': '' }), 'src/db.ts')).toBeUndefined();
    expect(role(pkg({ name: 'b', scripts: { start: 'next start', once: 'tsx src/x.ts' } }, { 'src/x.ts': '', 'src/db.ts': '' }), 'src/db.ts')).toBeUndefined();
    expect(role(pkg({ name: 'c', main: 'src/index.ts', scripts: { once: 'tsx src/x.ts' } }, { 'src/index.ts': '', 'src/x.ts': '', 'src/db.ts': '' }), 'src/db.ts')).toBeUndefined();
    expect(role(pkg({ name: 'd', scripts: { once: 'tsx src/x.ts' }, dependencies: { bullmq: '5.0.0' } }, { 'src/x.ts': '', 'src/db.ts': '' }), 'src/db.ts')).toBeUndefined();
    // A Koa app that only its migration script is started from package.json.
    const koa = pkg({ name: 'e', scripts: { 'migrate:latest': 'node dist/migrate.js' } }, { 'src/migrate.ts': '', 'src/app.ts': 'koa.listen(3000);\n', 'src/db.ts': '' });
    expect(role(koa, 'src/db.ts')).toBeUndefined();
    expect(fileRole(`${pkg({ name: 'f', scripts: { once: 'tsx src/x.ts' } }, { 'src/x.ts': '', 'src/db.ts': '' })}/src/db.ts`, '/', undefined, 'Koa')).toBeUndefined();
  });
  it('reads the file a script runs past flags that take a value', () => {
    const dir = pkg({ name: 'core', scripts: { start: 'next start', 'migration:run': 'yarn ts-node -r tsconfig-paths/register ./src/db/migration.ts run' } }, { 'src/db/migration.ts': '' });
    expect(role(dir, 'src/db/migration.ts')).toBe('script');
  });
});

describe('test support', () => {
  it('is a file a test runner config names, or one that imports the test runner or test containers', () => {
    const dir = pkg({ name: 'web', scripts: { dev: 'next dev' } }, { 'vitest.integration.config.mts': "export default { test: { globalSetup: ['./integration/global-setup.ts'] }, resolve: { alias: { '@acme/db': 'integration/db.ts' } } };\n" });
    expect(role(dir, 'integration/global-setup.ts')).toBe('test');
    expect(role(dir, 'integration/db.ts')).toBe('test');
    expect(fileRole(`${dir}/src/helpers/pg.ts`, dir, "import { PostgreSqlContainer } from '@testcontainers/postgresql';\n")).toBe('test');
    expect(fileRole(`${dir}/src/lib/db.ts`, dir, "import { Pool } from 'pg';\n")).toBeUndefined();
  });
  it.each(['type-tests/pg.ts', 'src/db.test-d.ts', 'web/tools/migrate/x.ts', 'src/seed/users.ts'])('%s by its path', (file) => {
    const dir = pkg({ name: 'p' });
    expect(role(dir, file)).toBe(/type-tests|test-d/.test(file) ? 'test' : 'script');
  });
});

describe('isLibraryPackage', () => {
  it('is an entry point with nothing that runs it', () => {
    expect(isLibraryPackage(`${pkg({ name: 'orm', main: 'index.cjs', scripts: { build: 'tsc' } })}/src/x.ts`, false)).toBe(true);
    expect(isLibraryPackage(`${pkg({ name: 'kit', exports: { '.': './dist/index.js' }, devDependencies: { express: '4.21.0' } })}/src/x.ts`, false)).toBe(true);
    expect(isLibraryPackage(`${pkg({ name: 'api', main: 'dist/index.js', scripts: { start: 'node dist/index.js' } })}/src/x.ts`, false)).toBe(false);
    expect(isLibraryPackage(`${pkg({ name: 'srv', main: 'dist/server.js' }, { 'src/server.ts': 'app.listen(3000);\n' })}/src/x.ts`, false)).toBe(false);
    expect(isLibraryPackage(`${pkg({ name: 'web', exports: { '.': './dist/index.js' } })}/src/x.ts`, true)).toBe(false);
    expect(isLibraryPackage(`${pkg({ name: 'app' })}/src/x.ts`, false)).toBe(false);
  });
});

describe('deployedAsOwnFunction', () => {
  it('is a handler serverless.yml or a SAM template lists, not the modules they share', () => {
    const dir = pkg({ name: 'fns' }, { 'serverless.yml': 'functions:\n  users:\n    handler: handlers/users.handler\n', 'handlers/users.js': '', 'lib/db.js': '' });
    expect(deployedAsOwnFunction(`${dir}/handlers/users.js`)).toBe(true);
    expect(deployedAsOwnFunction(`${dir}/lib/db.js`)).toBe(false);
    const sam = pkg({ name: 'sam' }, { 'template.yaml': 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Handler: app.lambdaHandler\n', 'src/app.ts': '' });
    expect(deployedAsOwnFunction(`${sam}/src/app.ts`)).toBe(true);
  });
});
