// Read once from package.json so the plugin meta, docs URLs and CLI --version never drift.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = (() => {
  // src/ in tests, dist/src/ when built, dist/cli/chunks/ in the bundled CLI: the nearest package.json
  // that is this package's.
  for (const candidate of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const found = require(candidate) as { name: string; version: string };
      if (found.name === 'eslint-plugin-poolguard') return found;
    } catch {
      // try the next layout
    }
  }
  return { name: 'eslint-plugin-poolguard', version: '0.0.0' };
})();

export const NAME: string = pkg.name;
export const VERSION: string = pkg.version;
