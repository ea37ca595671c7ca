// Settings are validated by the JSON schema shipped in the package (schema/poolguard.config.schema.json),
// the same file editors use for poolguard.config.json, so the CLI, ESLint and editors cannot disagree.
// Its `errorMessage`s (ajv-errors, also shown by VS Code) word each problem.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';
import schema from '../../schema/poolguard.config.schema.json' with { type: 'json' };
import { SETTINGS_KEYS, type PoolguardSettings } from './policy.js';

// ajv is CommonJS: required on the first validation, so importing the plugin does not pay for it.
const require = createRequire(import.meta.url);

let compiled: ReturnType<Ajv['compile']> | undefined;
function validator(): ReturnType<Ajv['compile']> {
  if (!compiled) {
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    const ajvErrors = require('ajv-errors') as { default: (ajv: Ajv) => Ajv };
    const ajv = new AjvClass({ allErrors: true, allowUnionTypes: true });
    ajvErrors.default(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** `/factories/0/module` → `factories[0].module`; `/runtimes/src~1**` → `runtimes["src/**"]`. */
function keyPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const [i, part] of parts.entries()) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else if (i > 0 && parts[0] === 'runtimes') out += `["${part}"]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(root)';
}

function describe(error: ErrorObject): string {
  const original = error.keyword === 'errorMessage' ? (error.params as { errors?: ErrorObject[] }).errors?.[0] : error;
  if (original?.keyword === 'additionalProperties') {
    const key = (original.params as { additionalProperty: string }).additionalProperty;
    if (original.instancePath === '') return `unknown key "${key}" (expected one of ${SETTINGS_KEYS.join(', ')})`;
    return `"${keyPath(`${original.instancePath}/${key}`)}" is not a known key`;
  }
  return `"${keyPath(error.instancePath)}" ${error.message ?? 'is invalid'}`;
}

/** Every problem with these settings, one line each ([] when valid). */
export function settingsProblems(value: unknown): string[] {
  const validate = validator();
  if (validate(value)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).map(describe).filter((line) => !seen.has(line) && seen.add(line));
}

/** Narrows valid settings (call settingsProblems first). */
export function asSettings(value: unknown): PoolguardSettings {
  return value as PoolguardSettings;
}
