#!/usr/bin/env node
// What installing the packed plugin costs a consumer that already has TypeScript and typescript-eslint:
// the node_modules size it adds, how many copies of typescript and @typescript-eslint/* end up on disk,
// how long `import('eslint-plugin-poolguard')` takes, and that `poolguard check` and `fix --dry` run there
// (fix reads the tsconfig through the consumer's TypeScript: a NodeNext project gets `.js` specifiers).
// docs/install.md records its output. Needs the npm registry (the consumer installs from it) and dist/.
//
//   node scripts/install-size.mjs [--typescript 5.9.2] [--typescript-eslint 8.72.2] [--eslint 10.15.0]
//                                 [--no-typescript] [--tarball <file>] [--keep] [--json]
//
// --no-typescript: the consumer depends on eslint alone (no typescript, no typescript-eslint), to see
// what npm adds for the plugin's peers. The versions default to other patches than this repository
// locks, so a pinned dependency shows up as a second copy.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    typescript: { type: 'string', default: '5.9.2' },
    'typescript-eslint': { type: 'string', default: '8.72.2' },
    eslint: { type: 'string', default: '10.15.0' },
    'no-typescript': { type: 'boolean', default: false },
    tarball: { type: 'string' },
    keep: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'poolguard-install-size-'));
const app = path.join(work, 'app');

/** Every installed copy of `name` (its package.json's folder, relative to node_modules' parent). */
function copies(name) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@')) {
        walk(full);
        continue;
      }
      const manifest = path.join(full, 'package.json');
      const id = path.relative(app, full).split(path.sep).join('/');
      if (fs.existsSync(manifest) && (id === `node_modules/${name}` || id.endsWith(`/node_modules/${name}`))) {
        found.push(`${id}@${JSON.parse(fs.readFileSync(manifest, 'utf8')).version}`);
      }
      if (fs.existsSync(path.join(full, 'node_modules'))) walk(path.join(full, 'node_modules'));
    }
  };
  walk(path.join(app, 'node_modules'));
  return found.sort();
}

const kib = (dir) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function importMs() {
  const script = "const t = performance.now(); await import('eslint-plugin-poolguard'); console.log(performance.now() - t)";
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }).trim());
}

try {
  let tarball = values.tarball && path.resolve(values.tarball);
  if (!tarball) {
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT));
    tarball = path.join(work, packed[0].filename);
  }
  fs.mkdirSync(path.join(app, 'src'), { recursive: true });
  const dependencies = values['no-typescript']
    ? { eslint: values.eslint }
    : { eslint: values.eslint, typescript: values.typescript, 'typescript-eslint': values['typescript-eslint'] };
  fs.writeFileSync(path.join(app, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2)}\n`);
  // One offender, so that the check below proves the installed CLI works.
  fs.writeFileSync(path.join(app, 'tsconfig.json'), '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true } }\n');
  fs.writeFileSync(path.join(app, 'src', 'users.ts'), "import { Pool } from 'pg';\nexport async function users() {\n  const pool = new Pool();\n  return pool.query('select 1');\n}\n");
  const flags = ['--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];
  npm(['install', ...flags], app);
  const beforeKiB = kib(path.join(app, 'node_modules'));
  npm(['install', ...flags, tarball], app);
  const afterKiB = kib(path.join(app, 'node_modules'));

  const times = Array.from({ length: 5 }, importMs);
  const check = spawnSync('npx', ['--no-install', 'poolguard', 'check', '-f', 'json', 'src'], { cwd: app, encoding: 'utf8' });
  const rules = check.status === 1 ? JSON.parse(check.stdout).flatMap((r) => r.messages.map((m) => m.ruleId)) : [];
  const fix = spawnSync('npx', ['--no-install', 'poolguard', 'fix', '--dry', 'src'], { cwd: app, encoding: 'utf8' });
  const nodeNextImport = fix.stdout.includes("+import { pool } from './lib/db.js';");
  const report = {
    consumer: dependencies,
    tarball: { file: path.basename(tarball), kib: Math.round(fs.statSync(tarball).size / 1024) },
    nodeModulesKiB: { before: beforeKiB, after: afterKiB, added: afterKiB - beforeKiB },
    typescript: copies('typescript'),
    typescriptEslintUtils: copies('@typescript-eslint/utils'),
    importMs: { median: Math.round(median(times)), runs: times.map(Math.round) },
    check: { exit: check.status, rules, stderr: check.stderr.trim().split('\n').slice(0, 5).join('\n') },
    fix: { exit: fix.status, nodeNextImport, stderr: fix.stderr.trim().split('\n').slice(0, 5).join('\n') },
  };
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    const mib = (k) => `${(k / 1024).toFixed(1)} MiB`;
    console.log(`consumer dependencies:         ${Object.entries(dependencies).map(([n, v]) => `${n}@${v}`).join(' ')}`);
    console.log(`tarball:                       ${report.tarball.file} (${report.tarball.kib} KiB)`);
    console.log(`node_modules (du -sk):         ${mib(beforeKiB)} before, ${mib(afterKiB)} after: +${mib(afterKiB - beforeKiB)}`);
    console.log(`typescript copies:             ${report.typescript.length} (${report.typescript.join(', ')})`);
    console.log(`@typescript-eslint/utils:      ${report.typescriptEslintUtils.length} (${report.typescriptEslintUtils.join(', ')})`);
    console.log(`import('eslint-plugin-poolguard'): median ${report.importMs.median} ms of ${report.importMs.runs.join(', ')}`);
    console.log(`npx poolguard check src:       exit ${check.status}, ${rules.join(', ') || 'no findings'}${check.status === 1 ? '' : `\n${report.check.stderr}`}`);
    console.log(`npx poolguard fix --dry src:   exit ${fix.status}, ${nodeNextImport ? "imports './lib/db.js' (NodeNext read by TypeScript)" : `no NodeNext import\n${report.fix.stderr}`}`);
  }
  // The check must find the one offender and the fix must read the tsconfig: otherwise the install is broken.
  process.exitCode = check.status === 1 && rules.length === 1 && fix.status === 0 && nodeNextImport ? 0 : 1;
} finally {
  if (values.keep) console.error(`kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
