// Loads poolguard.config.json or the "poolguard" key of package.json (same keys as
// settings.poolguard) and validates it, naming the offending key on error.
import fs from 'node:fs';
import path from 'node:path';
import type { PoolguardSettings } from '../core/policy.js';
import { asSettings, settingsProblems } from '../core/settings.js';
import { UsageError } from '../io/process.js';
import { CLI_RULE_IDS, unknownRule } from '../core/rule-names.js';
import { isSpecialFile, parseJsonText, readBounded } from '../io/read.js';

/** ESLint's rule severities. */
export type RuleLevel = 'off' | 'warn' | 'error' | 0 | 1 | 2;

/** A config file's content: the settings, plus the CLI's `rules` (each rule's severity, by id). */
export interface PoolguardConfig extends PoolguardSettings {
  rules?: Partial<Record<string, RuleLevel>>;
}

export interface LoadedConfig {
  /** The settings (without `rules`: the rules and the codemod read settings, the CLI reads `rules`). */
  settings: PoolguardSettings;
  /** The config's `rules`: severity by rule id. */
  rules?: Partial<Record<string, RuleLevel>>;
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
    return { ...split(parseConfigFile(file, false)), root: path.dirname(file), source: file };
  }
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    // A FIFO or device under a config file's name is not a config (reading it would hang or flood).
    if (fs.existsSync(file) && !isSpecialFile(file)) return { ...split(parseConfigFile(file, false)), root: dir, source: file };
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && !isSpecialFile(pkg)) {
      const settings = parseConfigFile(pkg, true);
      if (settings) return { ...split(settings), root: dir, source: `${pkg} ("poolguard")` };
    }
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  return { settings: {}, root: path.resolve(start), source: undefined };
}

/** The settings apart from `rules`, which is not a setting (the codemod's `rules` option is a list). */
function split({ rules, ...settings }: PoolguardConfig): Pick<LoadedConfig, 'settings' | 'rules'> {
  return rules === undefined ? { settings } : { settings, rules };
}

function parseConfigFile(file: string, packageKey: true): PoolguardConfig | undefined;
function parseConfigFile(file: string, packageKey: false): PoolguardConfig;
function parseConfigFile(file: string, packageKey: boolean): PoolguardConfig | undefined {
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

/** Checks every key and value against the shipped schema; the error names the key and what was expected. */
export function validateSettings(value: unknown, where: string): PoolguardConfig {
  // The schema would only list the ids; name the closest one to a typo.
  const rules = (value as { rules?: unknown } | null)?.rules;
  if (rules && typeof rules === 'object' && !Array.isArray(rules)) {
    const unknown = Object.keys(rules).find((id) => !(CLI_RULE_IDS as readonly string[]).includes(id));
    if (unknown !== undefined) throw new UsageError(`invalid config ${where}: "rules": ${unknownRule(unknown)}`);
  }
  const problems = settingsProblems(value);
  if (problems.length > 0) throw new UsageError(`invalid config ${where}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  // picomatch refuses longer patterns with an exception; say so here, naming the key.
  const record = value as Record<string, unknown>;
  for (const key of ['singletonModules', 'ignores'] as const) {
    const globs = record[key];
    if (Array.isArray(globs) && globs.some((glob) => (glob as string).length > MAX_GLOB_LENGTH)) throw new UsageError(`invalid config ${where}: "${key}" must be an array of globs of at most ${MAX_GLOB_LENGTH} characters`);
  }
  if (record.runtimes && Object.keys(record.runtimes).some((glob) => glob.length > MAX_GLOB_LENGTH)) throw new UsageError(`invalid config ${where}: "runtimes" must be keyed by globs of at most ${MAX_GLOB_LENGTH} characters`);
  return asSettings(value) as PoolguardConfig;
}
