#!/usr/bin/env node
// Fails on an import cycle between the tree's folders (src/<folder>, rules, transforms, and each
// file directly under src/), so the layering STYLE.md describes (cli → codemod/transforms → project →
// estree → core) cannot erode one import at a time. Imports are read with TypeScript's own scanner.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOTS = ['src', 'rules', 'transforms'];
const SOURCE = /\.(?:[cm]?ts|tsx)$/;

/** The folder a file belongs to: `src/core`, `rules`, `transforms`, or `src/plugin.ts` for a file in src/. */
export function layerOf(relative) {
  const parts = relative.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : relative;
  return parts[0];
}

function sourceFiles(root, dir) {
  const out = [];
  const walk = (folder) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  if (fs.existsSync(path.join(root, dir))) walk(path.join(root, dir));
  return out;
}

/** layer → layer → one example edge `from → to`, over every relative import of every source file. */
export function layerGraph(root) {
  const graph = new Map();
  for (const file of ROOTS.flatMap((dir) => sourceFiles(root, dir))) {
    const from = path.relative(root, file).split(path.sep).join('/');
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of [...info.importedFiles, ...info.referencedFiles]) {
      if (!fileName.startsWith('.')) continue;
      const to = path.relative(root, path.resolve(path.dirname(file), fileName)).split(path.sep).join('/');
      const a = layerOf(from);
      const b = layerOf(to.replace(/\.js$/, '.ts'));
      if (a === b || !ROOTS.includes(to.split('/')[0])) continue;
      if (!graph.has(a)) graph.set(a, new Map());
      if (!graph.get(a).has(b)) graph.get(a).set(b, `${from} → ${fileName}`);
    }
  }
  return graph;
}

/** Each cycle between layers (a strongly connected component of two or more), as a list of edges. */
export function layerCycles(root) {
  const graph = layerGraph(root);
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])]);
  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const components = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!indices.has(v)) visit(v);
  return components.map((component) =>
    component.flatMap((a) => component.filter((b) => graph.get(a)?.has(b)).map((b) => `${a} → ${b} (${graph.get(a).get(b)})`)),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const cycles = layerCycles(root);
  if (cycles.length === 0) {
    process.stdout.write('layers: no import cycle between folders\n');
  } else {
    process.stderr.write(`layers: ${cycles.length} import cycle${cycles.length === 1 ? '' : 's'} between folders:\n`);
    for (const cycle of cycles) process.stderr.write(cycle.map((edge) => `  ${edge}`).join('\n') + '\n\n');
    process.exitCode = 1;
  }
}
