// The config `poolguard init` writes: what the project model found (packages, singleton modules,
// factories) and each package's runtime profile, pinned in poolguard.config.json with its $schema,
// plus the eslint.config.js lines that load the plugin with the same settings.
import path from 'node:path';
import type { FactorySetting, PoolguardSettings, RuntimeProfile } from '../core/policy.js';
import { frameworkOfPackage } from '../project/framework.js';
import type { ProjectModel } from '../project/model/index.js';
import { stripSourceExtension } from '../core/extensions.js';

export const SCHEMA_PATH = './node_modules/eslint-plugin-poolguard/schema/poolguard.config.schema.json';

export interface InitConfig {
  $schema: string;
  singletonModules?: string[];
  factories?: FactorySetting[];
  runtimes?: Record<string, RuntimeProfile>;
}

/** A package's runtime profile, and why (see src/project/framework.ts). */
export function runtimeProfile(dir: string): { profile: RuntimeProfile; why: string } {
  const { runtime, runtimeWhy } = frameworkOfPackage(dir);
  return { profile: runtime, why: runtimeWhy };
}

/** `alsoSingletons`: root-relative modules to pin besides the model's (conventional matches, created ones). */
export function buildInitConfig(model: ProjectModel, existing: PoolguardSettings, alsoSingletons: readonly string[] = []): { config: InitConfig; notes: string[] } {
  const rel = (file: string) => path.posix.relative(model.root, file);
  const notes: string[] = [];
  const config: InitConfig = { $schema: SCHEMA_PATH };
  const singletons = [...model.singletons.map((s) => rel(s.file)), ...alsoSingletons];
  if (singletons.length > 0) {
    config.singletonModules = [...new Set([...(existing.singletonModules ?? []), ...singletons, ...model.reexports.map(rel)])].sort();
    for (const s of model.singletons) notes.push(`singleton ${rel(s.file)} (${s.source}${s.importers ? `, imported by ${s.importers}` : ''})`);
  }
  const found = model.factories.filter((f) => !(existing.factories ?? []).some((d) => d.name === f.name));
  if (found.length > 0 || existing.factories?.length) {
    config.factories = [
      ...(existing.factories ?? []),
      // `./lib/db/utils` matches every import of that file, relative or through a tsconfig alias; a
      // workspace package's entry (or what it re-exports) is imported by the package's name (`@acme/db`),
      // so that is written.
      ...found.map((f) => ({
        name: f.name,
        module: model.settings.factories?.find((d) => d.file && d.name === f.name)?.packageNames?.[0] ?? `./${stripSourceExtension(rel(f.file))}`,
        kind: f.kind === 'connection' ? ('connection' as const) : ('pool' as const),
      })),
    ];
    for (const f of found) notes.push(`factory ${f.name}() in ${rel(f.file)} (called from ${f.callers.length} module${f.callers.length === 1 ? '' : 's'})`);
  }
  const runtimes: Record<string, RuntimeProfile> = { ...existing.runtimes };
  // First match wins: nested packages before the root's catch-all.
  const packages = [...model.packages].sort((a, b) => b.dir.length - a.dir.length || a.dir.localeCompare(b.dir));
  for (const pkg of packages) {
    const dir = rel(pkg.dir);
    const glob = dir ? `${dir}/**` : '**';
    if (glob in runtimes) continue;
    const { profile, why } = runtimeProfile(pkg.dir);
    runtimes[glob] = profile;
    notes.push(`runtime of ${dir || '.'}: ${profile} (${why})`);
  }
  if (Object.keys(runtimes).length > 0) config.runtimes = runtimes;
  return { config, notes };
}

/** The eslint.config.js lines that load the plugin with the same settings as the CLI. */
export function eslintSnippet(config: InitConfig): string {
  const settings: Record<string, unknown> = {};
  if (config.singletonModules) settings.singletonModules = config.singletonModules;
  if (config.factories) settings.factories = config.factories;
  if (config.runtimes) settings.runtimes = config.runtimes;
  const body = JSON.stringify({ settings: { poolguard: settings } }, null, 2).replace(/\n/g, '\n  ');
  return [
    '// eslint.config.js',
    "import poolguard from 'eslint-plugin-poolguard';",
    "import tseslint from 'typescript-eslint';",
    '',
    'export default [',
    '  ...tseslint.configs.recommended,',
    '  poolguard.configs.recommended,',
    `  ${body},`,
    '];',
    '',
  ].join('\n');
}
