// How many processes run a package: each opens its own pools, so the budget multiplies by this.
// Sources, first found wins: the `processes` setting, a PM2 ecosystem file's `instances`,
// WEB_CONCURRENCY (Heroku, Render, gunicorn-style hosts) in the package's env files, Procfile or
// Dockerfile, then Node's `cluster` module; else one process.
import path from 'node:path';
import { readTextOrUndefined } from '../io/read.js';

export interface Processes {
  count: number;
  /** Where the number comes from, for the report. */
  source: string;
}

// What `instances: 'max'` or a fork-per-CPU loop means: the budget cannot know the host's CPUs.
import { ASSUMED_CPUS } from '../core/pool-options.js';

export { ASSUMED_CPUS };

const ECOSYSTEM_FILES = ['ecosystem.config.js', 'ecosystem.config.cjs', 'ecosystem.config.mjs', 'ecosystem.config.json', 'ecosystem.json', 'pm2.config.js'];
const CONCURRENCY_FILES = ['.env', '.env.production', 'Procfile', 'app.json', 'render.yaml', 'Dockerfile', 'fly.toml'];

/**
 * `files` are the package's source files (to find `cluster.fork()`); `dirs` are the folders whose
 * ecosystem and env files apply, nearest first (the package, then the repository root).
 */
export function processesOf(dirs: readonly string[], files: readonly string[], setting: number | undefined, readText: (file: string) => string | undefined = readTextOrUndefined): Processes {
  if (setting !== undefined) return { count: setting, source: 'the `processes` setting' };
  for (const dir of dirs) {
    for (const name of ECOSYSTEM_FILES) {
      const text = readText(path.join(dir, name));
      if (text === undefined) continue;
      const instances = [...text.matchAll(/["']?instances["']?\s*:\s*(?:(-?\d+)|["'](max)["'])/g)];
      if (instances.length === 0) continue;
      const total = instances.reduce((sum, m) => sum + (m[2] === 'max' || Number(m[1]) <= 0 ? ASSUMED_CPUS : Number(m[1])), 0);
      const anyMax = instances.some((m) => m[2] === 'max' || Number(m[1]) <= 0);
      const where = path.basename(path.join(dir, name));
      return { count: total, source: `${where} \`instances\`${anyMax ? ` ('max' counted as ${ASSUMED_CPUS} CPUs; set \`processes\` for the real number)` : ''}` };
    }
    for (const name of CONCURRENCY_FILES) {
      const text = readText(path.join(dir, name));
      const match = text?.match(/WEB_CONCURRENCY["']?\s*[=:]\s*["']?(\d+)/);
      if (match) return { count: Number(match[1]), source: `WEB_CONCURRENCY=${match[1]} in ${name}` };
    }
  }
  for (const file of files) {
    const text = readText(file);
    if (text === undefined || !/\bcluster\b/.test(text) || !/\.fork\s*\(/.test(text)) continue;
    if (!/(?:from\s*|require\s*\(\s*)["'](?:node:)?cluster["']/.test(text)) continue;
    return { count: ASSUMED_CPUS, source: `node:cluster workers in ${path.basename(file)} (counted as ${ASSUMED_CPUS} CPUs; set \`processes\` for the real number)` };
  }
  return { count: 1, source: 'one process (no PM2 instances, WEB_CONCURRENCY or cluster workers found)' };
}
