import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConfigFiles } from '../../src/config-files/check.js';
import { configFileKind, discoverConfigFiles } from '../../src/config-files/discover.js';
import { tempDir } from '../helpers/temp.js';

let dir: string;

function write(relative: string, text = ''): void {
  const file = path.join(dir, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const POOLED = 'DATABASE_URL=postgres://app:s3cret@pgbouncer:6432/app\n';

beforeAll(() => {
  dir = fs.realpathSync(tempDir('poolguard-config-'));
  fs.mkdirSync(path.join(dir, '.git'));
  write('.gitignore', '.env\n.env.local\nignored/\n');
  write('package.json', JSON.stringify({ dependencies: { '@prisma/client': '6.19.0' } }));
  write('.env', POOLED); // ignored by name: still read
  write('.env.local', POOLED);
  write('.env.example', POOLED);
  write('.envrc', POOLED);
  write('ignored/.env', POOLED); // in an ignored folder: skipped
  write('ignored/deep/.env.production', POOLED);
  write('node_modules/pkg/.env', POOLED);
  write('node_modules/pkg/package.json', '{}');
  write('dist/.env', POOLED);
  write('.vercel/.env.production.local', POOLED);
  write('tests/.env.test', POOLED); // exempt like test code
  write('legacy/.env', POOLED); // settings.ignores
  write('apps/api/package.json', '{}');
  write('apps/api/compose.prod.yaml', 'services: {}\n');
  write('apps/api/docker-compose.override.yml', 'services: {}\n');
  write('apps/api/composer.yaml', 'services: {}\n');
  write('docs/readme.md', 'DATABASE_URL=postgres://app:s3cret@pgbouncer:6432/app');
  write('apps/api/prisma/schema.prisma', 'datasource db {\n  url = env("DATABASE_URL")\n}\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('discoverConfigFiles', () => {
  it('finds .env files (even gitignored by name), compose files and schemas, never ignored folders, dependencies or build output', async () => {
    const { configFiles, packageJsons } = await discoverConfigFiles(['.'], dir, dir, ['legacy/**']);
    expect(configFiles.map((f) => [path.relative(dir, f.file), f.kind, f.example])).toEqual([
      ['.env', 'env', false],
      ['.env.example', 'env', true],
      ['.env.local', 'env', false],
      ['apps/api/compose.prod.yaml', 'compose', false],
      ['apps/api/docker-compose.override.yml', 'compose', false],
      ['apps/api/prisma/schema.prisma', 'prisma', false],
    ]);
    expect(packageJsons.map((f) => path.relative(dir, f))).toEqual(['apps/api/package.json', 'package.json']);
  });

  it('reads a file named explicitly, and the package.json files from its folder up to the root', async () => {
    const { configFiles, packageJsons } = await discoverConfigFiles(['ignored/.env'], dir, dir);
    expect(configFiles.map((f) => path.relative(dir, f.file))).toEqual(['ignored/.env']);
    expect(packageJsons.map((f) => path.relative(dir, f))).toEqual(['package.json']);
  });

  it.each([
    ['.env', 'env', false],
    ['.env.production.local', 'env', false],
    ['.env.sample', 'env', true],
    ['.env.local.example', 'env', true],
    ['.env.template', 'env', true],
    ['compose.yml', 'compose', false],
    ['docker-compose.prod.yaml', 'compose', false],
    ['schema.prisma', 'prisma', false],
  ])('%s is %s (example %s)', (name, kind, example) => {
    expect(configFileKind(`/repo/${name}`)).toEqual({ file: `/repo/${name}`, kind, example });
  });

  it.each(['.envrc', 'composer.yaml', 'env.ts', 'docker-compose.json'])('%s is not a config file', (name) => {
    expect(configFileKind(`/repo/${name}`)).toBeUndefined();
  });
});

describe('checkConfigFiles', () => {
  it('returns one ESLint-shaped result per file, without source, with the findings masked', async () => {
    const results = await checkConfigFiles([dir], dir, { ignores: ['legacy/**'] }, dir);
    expect(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.messageId), r.errorCount])).toEqual([
      ['.env', ['pgbouncerMissing'], 1],
      ['.env.example', ['pgbouncerMissing'], 1],
      ['.env.local', ['pgbouncerMissing'], 1],
      ['apps/api/compose.prod.yaml', [], 0],
      ['apps/api/docker-compose.override.yml', [], 0],
      ['apps/api/prisma/schema.prisma', [], 0],
    ]);
    for (const result of results) expect(result).not.toHaveProperty('source');
    expect(JSON.stringify(results)).not.toContain('s3cret');
  });

  it('checks only the config files under the given paths', async () => {
    const results = await checkConfigFiles(['apps/api/prisma', 'docs'], dir, {}, dir);
    expect(results.map((r) => path.relative(dir, r.filePath))).toEqual(['apps/api/prisma/schema.prisma']);
    expect(await checkConfigFiles(['docs'], dir, {}, dir)).toEqual([]);
  });
});
