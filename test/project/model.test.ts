// The project model on fixture projects: inferred singletons, factories followed across files,
// re-exports through a workspace package, and one decision whether one file or the whole project
// is checked.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import { modelRoot } from '../../src/project/model/index.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { run } from '../helpers/cli.js';

const PROJECTS = path.join(FIXTURES, 'projects');
const MONOREPO = path.join(PROJECTS, 'inferred-monorepo');
const SEED_004 = path.join(PROJECTS, 'seed-004-factories');

const rel = (root: string) => (file: string) => path.relative(root, file).split(path.sep).join('/');

describe('an unconfigured pnpm monorepo', async () => {
  const { model } = await loadProject([MONOREPO], MONOREPO);
  const r = rel(MONOREPO);

  it('finds the workspace packages and the names they are imported by', () => {
    expect(model.packages.map((p) => [r(p.dir), p.name, p.entry && r(p.entry)])).toEqual([
      ['', 'shop', undefined],
      ['apps/api', '@shop/api', undefined],
      ['apps/jobs', '@shop/jobs', undefined],
      ['packages/db', '@shop/db', 'packages/db/src/index.ts'], // main: dist/index.js, mapped back to src
      ['packages/legacy', '@shop/legacy', undefined],
    ]);
  });

  it('infers the singleton of each package: the most imported module that creates and exports a client, or the sole creator', () => {
    expect(model.singletons.map((s) => [r(s.file), s.source, s.importers])).toEqual([
      ['apps/api/src/clients/pool.ts', 'inferred', 3], // two routes and the server
      ['apps/jobs/src/main.ts', 'sole-creator', 0],
      ['packages/db/src/client.ts', 'inferred', 1],
      ['packages/legacy/src/orders-db.ts', 'inferred', 2],
    ]);
  });

  it('reports a package with two competing singleton modules', () => {
    expect(model.competing.map((c) => [r(c.packageDir), c.files.map(r)])).toEqual([
      ['packages/legacy', ['packages/legacy/src/orders-db.ts', 'packages/legacy/src/stock-db.ts']],
    ]);
  });

  it('follows the re-export to the workspace package that other packages import', () => {
    expect(model.reexports.map(r)).toEqual(['packages/db/src/index.ts']);
    expect(model.settings.sharedModules).toEqual(['@shop/db']);
  });

  it('turns into settings the rules read: conventions plus the inferred modules, escaped as globs', () => {
    expect(model.settings.singletonModules).toEqual(
      expect.arrayContaining(['apps/api/src/clients/pool.ts', 'apps/jobs/src/main.ts', 'packages/db/src/client.ts', 'packages/legacy/src/orders-db.ts', 'packages/db/src/index.ts', '**/lib/{prisma,db,database}/{index,client}.{ts,mts,cts,js,mjs,cjs}']),
    );
  });

  it('check names the inferred singleton, flags the close through the workspace package, and warns on the competitor', async () => {
    const { code, stdout } = await run(['check', MONOREPO, '--format', 'json']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string | null; line: number; message: string }> }>;
    const findings = results.flatMap((f) => f.messages.map((m) => `${r(f.filePath)}:${m.line} ${m.ruleId}`));
    expect(findings.sort()).toEqual([
      'apps/api/src/routes/admin.ts:7 poolguard/no-close-in-handler',
      'apps/api/src/routes/reports.ts:5 poolguard/no-client-outside-singleton',
      'packages/legacy/src/stock-db.ts:1 null',
      'packages/legacy/src/stock-db.ts:3 poolguard/no-client-outside-singleton',
    ]);
    const reports = results.find((f) => f.filePath.endsWith('reports.ts'))!;
    expect(reports.messages[0]!.message).toContain('Import the shared instance from `apps/api/src/clients/pool.ts`');
  });
});

describe("seed 004: a createDbConnection() factory called from every route", async () => {
  const { model } = await loadProject([SEED_004], SEED_004);
  const r = rel(SEED_004);

  it('finds the factories and who calls them (scripts are exempt, so not callers)', () => {
    expect(model.factories.map((f) => [f.name, r(f.file), f.callers.map(r)])).toEqual([
      ['createDbConnection', 'lib/db/utils.ts', ['app/api/files/route.ts', 'app/api/onboarding/route.ts', 'app/api/profile/route.ts', 'app/api/tour/route.ts', 'lib/db/index.ts']],
      ['createScriptDbConnection', 'lib/db/utils.ts', []],
    ]);
    expect(model.settings.factories).toEqual([
      { name: 'createDbConnection', module: 'lib/db/utils.ts', kind: 'pool', file: true },
      { name: 'createScriptDbConnection', module: 'lib/db/utils.ts', kind: 'pool', file: true },
    ]);
  });

  it('keeps the facts under its final settings, so a call of the factory it found is a create site (what budget counts)', () => {
    const creates = (file: string) => model.facts.get(path.join(SEED_004, file))?.sites.filter((s) => s.type === 'create').map((s) => [s.client, s.factory, s.once ?? 'per call']);
    expect(creates('app/api/files/route.ts')).toEqual([['createDbConnection()', true, 'module-scope']]);
    expect(creates('app/api/tour/route.ts')).toEqual([['createDbConnection()', true, 'module-scope']]); // renamed `connect`
    expect(creates('app/api/profile/route.ts')).toEqual([['createDbConnection()', true, 'per call']]);
    expect(creates('lib/db/utils.ts')).toEqual([['postgres()', false, 'per call'], ['postgres()', false, 'per call']]);
  });

  it('flags every route that calls it (module scope in several modules, or per request), not the singleton that calls it once nor the factory itself', async () => {
    const { code, stdout } = await run(['check', SEED_004, '--format', 'json']);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as Array<{ filePath: string; messages: Array<{ ruleId: string; line: number; message: string }> }>;
    const findings = results.flatMap((f) => f.messages.map((m) => `${r(f.filePath)}:${m.line} ${m.ruleId.replace('poolguard/', '')}`));
    expect(findings.sort()).toEqual([
      'app/api/files/route.ts:4 no-client-outside-singleton',
      'app/api/onboarding/route.ts:4 no-client-outside-singleton',
      'app/api/profile/route.ts:6 no-client-per-request',
      'app/api/tour/route.ts:3 no-client-outside-singleton', // through an alias, renamed `connect`
      'lib/db/index.ts:5 require-global-cache', // the singleton itself, in a Next.js app, is not cached
    ]);
    const files = results.find((f) => f.filePath.endsWith(path.join('files', 'route.ts')))!;
    expect(files.messages[0]!.message).toContain('Import the shared instance from `lib/db/index.ts`');
  });
});

describe('one file or the whole project: the same decision', () => {
  it.each([
    [SEED_004, 'app/api/tour/route.ts', 1],
    [SEED_004, 'app/api/health/route.ts', 0],
    [MONOREPO, 'apps/jobs/src/main.ts', 0], // the sole creator stays the singleton when checked alone
    [MONOREPO, 'apps/api/src/routes/admin.ts', 1],
    [MONOREPO, 'apps/api/src/clients/pool.ts', 0],
  ])('%s: %s', async (root, file, expected) => {
    const whole = JSON.parse((await run(['check', root, '--format', 'json'])).stdout) as Array<{ filePath: string; errorCount: number }>;
    const alone = JSON.parse((await run(['check', path.join(root, file), '--format', 'json'])).stdout) as Array<{ filePath: string; errorCount: number }>;
    const errorsIn = (results: typeof whole) => results.filter((x) => x.filePath === path.join(root, file)).reduce((n, x) => n + x.errorCount, 0);
    expect(errorsIn(alone)).toBe(expected);
    expect(errorsIn(whole)).toBe(expected);
  });
});

describe('modelRoot', () => {
  it('climbs to the workspace root, or stops at the nearest package', () => {
    expect(modelRoot(path.join(MONOREPO, 'apps/api/src/routes'))).toBe(MONOREPO);
    expect(modelRoot(path.join(SEED_004, 'app/api/files/route.ts'))).toBe(SEED_004);
  });
});
