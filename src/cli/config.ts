// Loads poolguard.config.json or the "poolguard" key of package.json (same keys as
// settings.poolguard) and validates it, naming the offending key on error.
import fs from 'node:fs';
import path from 'node:path';
import { RUNTIME_PROFILES, SETTINGS_KEYS, type PoolguardSettings } from '../core/policy.js';
import { UsageError } from '../io/process.js';
import { isSpecialFile, parseJsonText, readBounded } from '../io/read.js';

export interface LoadedConfig {
  settings: PoolguardSettings;
  /** The directory globs are relative to: the config's folder, else the scanned folder. */
  root: string;
  /** Where the settings came from, for messages. */
  source: string | undefined;
}

const CONFIG_FILE = 'poolguard.config.json';
/** picomatch's own limit on a pattern's length. */
const MAX_GLOB_LENGTH = 64 * 1024;

/** Look for a config in `start` and its ancestors; an explicit `--config` file wins. */
export function loadConfig(start: string, explicit?: string): LoadedConfig {
  if (explicit) {
    const file = path.resolve(explicit);
    if (!fs.existsSync(file)) throw new UsageError(`config file not found: ${explicit}`);
    if (isSpecialFile(file)) throw new UsageError(`not a regular file: ${explicit}`);
    return { settings: parseConfigFile(file, false), root: path.dirname(file), source: file };
  }
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    // A FIFO or device under a config file's name is not a config (reading it would hang or flood).
    if (fs.existsSync(file) && !isSpecialFile(file)) return { settings: parseConfigFile(file, false), root: dir, source: file };
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && !isSpecialFile(pkg)) {
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
    const read = readBounded(file, 64 * 1024 * 1024);
    if (!read.ok) throw new UsageError(`cannot read config ${file}: ${read.message}`);
    json = parseJsonText(read.buffer.toString('utf8'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`invalid config ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (packageKey) {
    const value = (json as Record<string, unknown> | null)?.poolguard;
    if (value === undefined) return undefined;
    return validateSettings(value, `${file} "poolguard"`);
  }
  return validateSettings(json, file);
}

/** Checks every key and value; the error names the key and what was expected. */
export function validateSettings(value: unknown, where: string): PoolguardSettings {
  const fail = (key: string, expected: string): never => {
    throw new UsageError(`invalid config ${where}: "${key}" must be ${expected}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('(root)', 'an object');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key === '$schema') continue;
    if (!(SETTINGS_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(`invalid config ${where}: unknown key "${key}" (expected one of ${SETTINGS_KEYS.join(', ')})`);
    }
  }
  const stringArray = (key: 'singletonModules' | 'ignores'): void => {
    const v = record[key];
    if (v !== undefined && (!Array.isArray(v) || v.some((item) => typeof item !== 'string' || item === ''))) fail(key, 'an array of non-empty glob strings');
    // picomatch refuses longer patterns with an exception; say so here, naming the key.
    if (Array.isArray(v) && v.some((item) => (item as string).length > MAX_GLOB_LENGTH)) fail(key, `an array of globs of at most ${MAX_GLOB_LENGTH} characters`);
  };
  stringArray('singletonModules');
  stringArray('ignores');
  const factories = record.factories;
  if (factories !== undefined) {
    if (!Array.isArray(factories)) fail('factories', 'an array of { name, module, kind? }');
    (factories as unknown[]).forEach((factory, index) => {
      const f = factory as Record<string, unknown> | null;
      if (typeof f !== 'object' || f === null) fail(`factories[${index}]`, 'an object { name, module, kind? }');
      for (const key of Object.keys(f!)) if (!['name', 'module', 'kind'].includes(key)) fail(`factories[${index}].${key}`, 'absent (allowed keys: name, module, kind)');
      if (typeof f!.name !== 'string' || !f!.name) fail(`factories[${index}].name`, 'a non-empty string');
      if (typeof f!.module !== 'string' || !f!.module) fail(`factories[${index}].module`, 'a non-empty string');
      if (f!.kind !== undefined && f!.kind !== 'pool' && f!.kind !== 'connection') fail(`factories[${index}].kind`, '"pool" or "connection"');
    });
  }
  const positiveInteger = (key: 'maxConnections' | 'processes' | 'idleCutoffSeconds'): void => {
    const v = record[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) fail(key, 'a positive integer');
  };
  positiveInteger('maxConnections');
  positiveInteger('processes');
  positiveInteger('idleCutoffSeconds');
  const headroom = record.headroom;
  if (headroom !== undefined && (typeof headroom !== 'number' || !(headroom > 0 && headroom <= 1))) fail('headroom', 'a number greater than 0 and at most 1 (a share of maxConnections)');
  const runtimes = record.runtimes;
  if (runtimes !== undefined) {
    if (typeof runtimes !== 'object' || runtimes === null || Array.isArray(runtimes)) fail('runtimes', 'an object of glob → "server" | "serverless" | "edge"');
    for (const [glob, profile] of Object.entries(runtimes as Record<string, unknown>)) {
      if (!glob || glob.length > MAX_GLOB_LENGTH) fail('runtimes', `keyed by non-empty globs of at most ${MAX_GLOB_LENGTH} characters`);
      if (!(RUNTIME_PROFILES as readonly unknown[]).includes(profile)) fail(`runtimes["${glob}"]`, '"server", "serverless" or "edge"');
    }
  }
  return record as PoolguardSettings;
}
