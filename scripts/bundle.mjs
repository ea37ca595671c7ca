#!/usr/bin/env node
// The CLI as a few ES modules (dist/cli/), run by bin/poolguard.js: Node 20 loads the ~140 modules of
// dist/src one by one (resolve, read, compile each: ~0.2 s before `check` starts, most of a one-file
// run); a bundle compiles in a few milliseconds. Split at the CLI's dynamic imports (each command),
// so `--version` loads no command and a command loads only the packages it imports. Only poolguard's own code is bundled: every package
// stays an import of node_modules (nothing vendored), and the plugin entry, the transforms (for stock
// jscodeshift) and the types stay tsc's dist/src, dist/rules, dist/transforms.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Chunk names carry a hash: clear the old ones, or the package would ship them too.
fs.rmSync(path.join(root, 'dist/cli'), { recursive: true, force: true });

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir: path.join(root, 'dist/cli'),
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bare specifiers (eslint, oxc-parser, typescript, …) load from node_modules as before.
  packages: 'external',
  // No source maps: Node ignores them without --enable-source-maps, and they would double the package;
  // the bundle keeps a `// src/…` comment above each module's code.
  legalComments: 'none',
  logLevel: 'warning',
});
