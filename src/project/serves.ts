// Does a package start a server anywhere in its own code (`.listen(`, `createServer(`, …)? For the
// frameworks whose app is only a request handler until something listens: an Express app that never
// calls `listen()` is exported to a function platform (serverless Express on Lambda or Vercel).
import fs from 'node:fs';
import path from 'node:path';
import { fg } from './glob.js';
import { NEVER_READ, SCRIPT_FILES, TEST_FILES } from '../core/policy.js';
import { readRegularText } from '../io/read.js';
import { SERVES } from './roles.js';
import { packageRoot } from './singletons.js';

/** How many of a package's files are read at most; past that, what it does is unknown (it serves). */
const MAX_FILES = 5000;

const cache = new Map<string, boolean>();

/** For tests and long-running editors: forget what was read. */
export function clearServesCache(): void {
  cache.clear();
}

/**
 * Does a file of the package at `dir` start a server: its source files (not its tests, scripts,
 * build output or nested packages) and the extensionless files under `bin/` (`bin/www`)?
 */
export function packageServes(dir: string): boolean {
  let answer = cache.get(dir);
  if (answer === undefined) cache.set(dir, (answer = scan(dir)));
  return answer;
}

function scan(dir: string): boolean {
  const options = { cwd: dir, absolute: true, followSymbolicLinks: false, suppressErrors: true, ignore: [...NEVER_READ, ...TEST_FILES, ...SCRIPT_FILES] };
  const files = [...fg.sync('bin/*', { ...options, ignore: [] }).filter((file) => !path.extname(file)), ...fg.sync('**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', options)];
  if (files.length > MAX_FILES) return true;
  return files.some((file) => packageRoot(file) === dir && serves(file));
}

function serves(file: string): boolean {
  try {
    return fs.statSync(file).isFile() && SERVES.test(readRegularText(file));
  } catch {
    return false;
  }
}
