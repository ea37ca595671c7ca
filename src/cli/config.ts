// The config loader moved to src/project/config.ts (the ESLint plugin loads it too); kept for imports.
export { loadConfig, validateSettings, type LoadedConfig } from '../project/config.js';
