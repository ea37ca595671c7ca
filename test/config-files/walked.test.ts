// `check` hands the config-file check what its own walk met (no second walk of the tree): the files
// found that way are exactly those the config check's own glob finds, on every fixture project and
// on a tree with the names that glob patterns treat specially.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfigFiles } from '../../src/config-files/discover.js';
import { discoverFilesSync } from '../../src/project/discover.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

async function both(dir: string) {
  const walked = discoverFilesSync([dir], dir, dir).configCandidates;
  return { walked: await discoverConfigFiles([dir], dir, dir, [], walked), globbed: await discoverConfigFiles([dir], dir, dir) };
}

describe('config files from the source walk', () => {
  const projects = fs.readdirSync(path.join(FIXTURES, 'projects')).filter((name) => fs.statSync(path.join(FIXTURES, 'projects', name)).isDirectory());
  it.each(projects)('%s', async (name) => {
    const { walked, globbed } = await both(path.join(FIXTURES, 'projects', name));
    expect(walked).toEqual(globbed);
  });

  it('dot names, nested .gitignore, build output and dependencies', async () => {
    const root = tempDir('poolguard-walked-');
    const files: Record<string, string> = {
      'package.json': '{"name":"app","dependencies":{"@prisma/client":"6"}}',
      '.env': 'DATABASE_URL=postgres://u:p@h/db',
      '.env.local': 'DATABASE_URL=postgres://u:p@h/db',
      '.env.example': 'DATABASE_URL=postgres://u:p@h/db',
      '.envrc': 'export X=1',
      '.gitignore': '.env.local\nignored/\n',
      'docker-compose.yml': 'services: {}',
      'compose.dev.yaml': 'services: {}',
      '.compose.yml': 'services: {}',
      'prisma/schema.prisma': 'datasource db { provider = "postgresql" url = env("DATABASE_URL") }',
      'apps/api/package.json': '{"name":"api"}',
      'apps/api/.gitignore': 'secret.prisma\n',
      'apps/api/secret.prisma': '',
      'apps/api/.env': 'DATABASE_URL=postgres://u:p@h/db',
      'ignored/.env': 'X=1',
      'node_modules/pkg/package.json': '{}',
      'dist/.env': 'X=1',
      '.vercel/.env': 'X=1',
      'src/index.ts': 'export {};',
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
    const { walked, globbed } = await both(root);
    expect(walked).toEqual(globbed);
    expect(walked.configFiles.length).toBeGreaterThan(4);
  });
});
