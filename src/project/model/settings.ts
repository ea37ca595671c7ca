// What the model ends as: the settings the rules run with, the user's plus what the model found
// (singletons and re-exports as `singletonModules`, `factories`, `sharedModules`).
import path from 'node:path';
import { fg } from '../glob.js';
import type { FactorySetting, Policy, PoolguardSettings } from '../../core/policy.js';
import type { SharedReexports } from './reexports.js';
import type { FactoryInfo, SingletonModule, WorkspacePackage } from './types.js';
import { REEXPORT, stemOf } from './source.js';

export interface SettingsInput {
  root: string;
  /** The settings the model started with. */
  settings: PoolguardSettings;
  policy: Policy;
  configured: boolean;
  singletons: readonly SingletonModule[];
  shared: SharedReexports;
  /** What `inferredFactories` returns. */
  inferred: readonly FactorySetting[];
  /** What `duplicateSingletons` returns. */
  duplicates?: Record<string, string>;
}

/** The factories the model found that the settings do not already declare by name, in the order found. */
export function inferredFactories(factories: readonly FactoryInfo[], settings: PoolguardSettings, root: string, packages: readonly WorkspacePackage[] = [], textOf: (file: string) => string = () => ''): FactorySetting[] {
  return factories
    .filter((f) => !(settings.factories ?? []).some((d) => d.name === f.name))
    .map((f) => {
      // A workspace package's entry, or a module its entry re-exports the factory from, is also imported
      // by the package's name (`createPool` from `@acme/db`).
      const packageNames = packages.filter((p) => p.name && p.entry && (p.entry === f.file || reexports(p.entry, textOf(p.entry), f))).map((p) => p.name!);
      return { name: f.name, module: path.posix.relative(root, f.file), kind: f.kind === 'connection' ? 'connection' : 'pool', file: true, ...(packageNames.length ? { packageNames } : {}) };
    });
}

export function modelSettings({ root, settings: input, policy, configured, singletons, shared, inferred, duplicates = {} }: SettingsInput): PoolguardSettings {
  const relative = (file: string) => fg.escapePath(path.posix.relative(root, file));
  const extraSingletons = [...singletons.filter((s) => s.source !== 'configured' && s.source !== 'convention').map((s) => s.file), ...shared.reexports];
  const settings: PoolguardSettings = { ...input };
  if (extraSingletons.length > 0) {
    const base = configured ? input.singletonModules! : [...policy.singletonGlobs];
    settings.singletonModules = [...new Set([...base, ...extraSingletons.map(relative)])];
  }
  if (inferred.length > 0) settings.factories = [...(input.factories ?? []), ...inferred];
  if (Object.keys(duplicates).length > 0) settings.duplicateSingletons = { ...input.duplicateSingletons, ...duplicates };
  if (shared.sharedModules.length > 0) settings.sharedModules = [...new Set([...(input.sharedModules ?? []), ...shared.sharedModules])];
  return settings;
}

/** `export { createPool } from './pool'` or `export * from './pool'` in `entry`, naming the factory's file. */
function reexports(entry: string, text: string, factory: FactoryInfo): boolean {
  if (!text.includes(factory.name) && !text.includes('export *')) return false;
  for (const match of text.matchAll(REEXPORT)) {
    const names = match[1]!;
    if (!match[3]!.startsWith('.')) continue;
    if (names !== '*' && !new RegExp(`(?<![\\w$])${factory.name}(?![\\w$])`).test(names)) continue;
    if (stemOf(path.posix.join(path.posix.dirname(entry), match[3]!)) === stemOf(factory.file)) return true;
  }
  return false;
}
