// Loads poolguard.config.json or the "poolguard" key of package.json (same keys as
// settings.poolguard) and validates it, naming the offending key on error.
import fs from 'node:fs';
import path from 'node:path';
import type { PoolguardSettings } from '../core/policy.js';
import { asSettings, settingsProblems } from '../core/settings.js';
import { UsageError } from '../io/process.js';

export interface LoadedConfig {
  settings: PoolguardSettings;
  /** The directory globs are relative to: the config's folder, else the scanned folder. */
  root: string;
  /** Where the settings came from, for messages. */
  source: string | undefined;
}

const CONFIG_FILE = 'poolguard.config.json';

/** Look for a config in `start` and its ancestors; an explicit `--config` file wins. */
export function loadConfig(start: string, explicit?: string): LoadedConfig {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!fs.existsSync(file)) throw new UsageError(`config file not found: ${explicit}`);
    return { settings: parseConfigFile(file, false), root: path.dirname(file), source: file };
  }
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(file)) return { settings: parseConfigFile(file, false), root: dir, source: file };
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      const settings = parseConfigFile(pkg, true);
      if (settings) return { settings, root: dir, source: `${pkg} ("poolguard")` };
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  return { settings: {}, root: path.resolve(start), source: undefined };
}

function parseConfigFile(file: string, packageKey: true): PoolguardSettings | undefined;
function parseConfigFile(file: string, packageKey: false): PoolguardSettings;
function parseConfigFile(file: string, packageKey: boolean): PoolguardSettings | undefined {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`invalid config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (packageKey) {
    const value = (json as Record<string, unknown> | null)?.poolguard;
    if (value === undefined) return undefined;
    return validateSettings(value, `${file} "poolguard"`);
  }
  return validateSettings(json, file);
}

/** Checks every key and value against the shipped schema; the error names the key and what was expected. */
export function validateSettings(value: unknown, where: string): PoolguardSettings {
  const problems = settingsProblems(value);
  if (problems.length > 0) throw new UsageError(`invalid config ${where}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  return asSettings(value);
}
