// What lint-staged does with the example config (docs/examples/lint-staged.config.mjs, copied into the
// consumer app's folder as lint-staged.config.mjs), without installing lint-staged: for each glob, the
// staged files it matches (a glob without a slash matches the base name), as absolute paths, appended to
// the command, run with node_modules/.bin first on PATH. Exits with the highest exit code.
//
//   node lint-staged.mjs [extra options appended to each command before the files]   (in the app's folder)
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import picomatch from 'picomatch';

const config = (await import(pathToFileURL(path.resolve('lint-staged.config.mjs')).href)).default;
const staged = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean);
const env = { ...process.env, PATH: `${path.resolve('node_modules/.bin')}${path.delimiter}${process.env.PATH}` };
let status = 0;
for (const [glob, command] of Object.entries(config)) {
  const matches = picomatch(glob, { basename: true, dot: true });
  const files = staged.filter((file) => matches(file)).map((file) => path.resolve(file));
  if (files.length === 0) continue;
  const [bin, ...args] = command.split(/\s+/);
  const child = spawnSync(bin, [...args, ...process.argv.slice(2), ...files], { stdio: ['ignore', 'inherit', 'inherit'], env });
  status = Math.max(status, child.status ?? 2);
}
process.exit(status);
