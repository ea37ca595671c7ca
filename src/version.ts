// Read once from package.json so the plugin meta, docs URLs and CLI --version never drift.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = (() => {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      return require(candidate) as { name: string; version: string };
    } catch {
      // try the next layout (src/ in tests, dist/src/ when built)
    }
  }
  return { name: 'eslint-plugin-poolguard', version: '0.0.0' };
})();

export const NAME: string = pkg.name;
export const VERSION: string = pkg.version;
