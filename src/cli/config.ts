// The config loader lives in src/project/config.ts (the ESLint plugin loads it too); kept for imports.
export { loadConfig, validateSettings, type LoadedConfig, type PoolguardConfig, type RuleLevel } from '../project/config.js';
