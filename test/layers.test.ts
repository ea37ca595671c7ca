// The folder-cycle check that `npm run lint` runs (scripts/layers.mjs): clean on this tree, and it
// fails once a cycle between two folders is added.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { layerCycles, layerOf } from '../scripts/layers.mjs';
import { tempDir } from './helpers/temp.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = tempDir('poolguard-layers-');
  temps.push(root);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('layers', () => {
  it('names a file by its folder', () => {
    expect(layerOf('src/core/facts.ts')).toBe('src/core');
    expect(layerOf('src/plugin.ts')).toBe('src/plugin.ts');
    expect(layerOf('transforms/lib/edit.ts')).toBe('transforms');
  });

  it('finds no cycle between the folders of this repository', () => {
    expect(layerCycles(path.resolve(import.meta.dirname, '..'))).toEqual([]);
  });

  it('accepts imports that only go down', () => {
    const root = tree({
      'src/cli/main.ts': "import { a } from '../core/a.js';\nexport const m = a;\n",
      'src/core/a.ts': 'export const a = 1;\n',
    });
    expect(layerCycles(root)).toEqual([]);
  });

  it('reports a cycle through two folders, with the edges that close it', () => {
    const root = tree({
      'src/project/model.ts': "import { f } from '../codemod/singleton.js';\nexport const m = f;\n",
      'src/codemod/singleton.ts': "import type { M } from '../project/types.js';\nexport const f = (m: M) => m;\n",
      'src/project/types.ts': 'export type M = number;\n',
    });
    expect(layerCycles(root)).toEqual([
      [
        "src/codemod → src/project (src/codemod/singleton.ts → ../project/types.js)",
        "src/project → src/codemod (src/project/model.ts → ../codemod/singleton.js)",
      ],
    ]);
  });

  it('reports a cycle between transforms/ and a file directly under src/', () => {
    const root = tree({
      'transforms/run.ts': "import { STEPS } from '../src/registry.js';\nexport const r = STEPS;\n",
      'src/registry.ts': "export { rewrite } from '../transforms/one.js';\nexport const STEPS = [];\n",
      'transforms/one.ts': 'export const rewrite = 1;\n',
    });
    expect(layerCycles(root)).toHaveLength(1);
  });
});
