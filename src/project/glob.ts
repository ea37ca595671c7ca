// fast-glob, required on first use: importing the ESLint plugin (which may never glob) does not pay
// for loading it. It is CommonJS, so a synchronous require works from these ES modules.
import { createRequire } from 'node:module';
import type FastGlob from 'fast-glob';

const require = createRequire(import.meta.url);
let loaded: typeof FastGlob | undefined;
const load = (): typeof FastGlob => (loaded ??= require('fast-glob') as typeof FastGlob);

export const fg = Object.assign((...args: Parameters<typeof FastGlob>) => load()(...args), {
  sync: (...args: Parameters<typeof FastGlob.sync>) => load().sync(...args),
  // fast-glob's own escape (utils/path.js escapePosixPath), without loading fast-glob for it.
  escapePath: (pattern: string) => (process.platform === 'win32' ? load().escapePath(pattern) : pattern.replace(/(\\?)([()*?[\]{|}]|^!|[!+@](?=\()|\\(?![!()*+?@[\]{|}]))/g, '\\$2')),
});
