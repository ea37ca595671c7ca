// Arguments of `poolguard doctor`, and durations like 30s, 10m, 1h30m.
import { parseArgs } from 'node:util';
import { closest } from '../core/suggest.js';
import { UsageError } from '../io/process.js';

export interface DoctorArgs {
  url: string | undefined;
  paths: string[];
  idleThresholdMs: number;
  terminateOlderThanMs: number | undefined;
  yes: boolean;
  format: 'stylish' | 'json';
  connectTimeoutMs: number;
  help: boolean;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `10m`, `1h30m`, `250ms` → milliseconds. */
export function parseDuration(text: string, option: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
    throw new UsageError(`${option}: "${text}" is not a duration (examples: 30s, 10m, 1h30m)`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

const OPTIONS = {
  url: { type: 'string' },
  'idle-threshold': { type: 'string' },
  'terminate-idle-older-than': { type: 'string' },
  yes: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  'connect-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(args: string[]) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (error) {
    // The other commands' convention (src/cli/args.ts): an unknown option names the closest known one,
    // which main.ts prints as `did you mean "--idle-threshold"?`.
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = /'([^']+)'/.exec((error as Error).message)?.[1]?.replace(/^--?/, '').replace(/=.*$/s, '');
      const match = name && name.length > 1 ? closest(name, Object.keys(OPTIONS)) : undefined;
      if (match) Object.assign(error as object, { suggestion: `--${match}` });
    }
    throw error;
  }
}

export function parseDoctorArgs(args: string[]): DoctorArgs {
  const { values, positionals } = parse(args);
  const format = values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json') throw new UsageError(`unknown format "${format}" (expected one of stylish, json)`);
  return {
    url: values.url,
    paths: positionals,
    idleThresholdMs: parseDuration(values['idle-threshold'] ?? '10m', '--idle-threshold'),
    terminateOlderThanMs: values['terminate-idle-older-than'] === undefined ? undefined : parseDuration(values['terminate-idle-older-than'], '--terminate-idle-older-than'),
    yes: values.yes === true,
    format,
    connectTimeoutMs: parseDuration(values['connect-timeout'] ?? '10s', '--connect-timeout'),
    help: values.help === true,
  };
}
