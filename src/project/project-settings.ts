// The editor's half of "the plugin with no settings reports what `poolguard check` reports": the
// project model the CLI builds (inferred singletons, factories found in other files, workspace
// re-exports), built here lazily once per project root, kept for the life of the process (an editor's
// ESLint server), and rebuilt when a file it was derived from changes. Freshness is checked by stat
// on each linted file, never by a timer, so an edit is seen by the very next lint; in a one-shot
// ESLint run (inferred as typescript-eslint infers it, see isSingleRun) nothing is re-checked.
import fs from 'node:fs';
import path from 'node:path';
import type { PoolguardSettings } from '../core/policy.js';
import { toPosix } from '../core/policy.js';
import type { TextHints } from '../core/prefilter.js';
import { loadConfig } from './config.js';
import { discoverFilesSync } from './discover.js';
import { clearFrameworkCache } from './framework.js';
import { buildProjectModel, modelRoot, type ProjectModel } from './model/index.js';
import { clearPackageRoots } from './singletons.js';
import { clearAliasCache } from './specifier.js';

/**
 * An ESLint settings key (beside `poolguard`) set by callers whose `settings.poolguard` already holds
 * a project model's settings (the CLI): no second model is built. Also the editor's way to opt out.
 */
export const MODEL_APPLIED = 'poolguardModelApplied';

export interface ProjectSettings {
  /** The config file's settings, then the ESLint settings over them, then what the model found. */
  settings: PoolguardSettings;
  /** The folder the model covers and globs are relative to (as the CLI's `config.root`). */
  root: string;
  /**
   * In a one-shot run: what the model read from each file it listed (the linter checks `bytes`
   * against its text), so the rules' prefilter needs no pass over the text, as in `poolguard check`.
   */
  hintsOf?: (filename: string) => TextHints | undefined;
  /** The files the model was built from (absolute): the singleton modules a message names are among them, as for `check`. */
  files: readonly string[];
}

interface Entry {
  key: string;
  result: ProjectSettings;
  /** file → its stat signature when the model was built ('' when it did not exist). */
  watched: Map<string, string>;
}

const entries = new Map<string, Entry>();

/**
 * Whether this process is a one-shot lint (`eslint .` from a terminal, a CI job) rather than an
 * editor's long-lived server: then the files the model read do not change under it, and the ~100
 * stats per linted file that keep an editor fresh are skipped. The same inference typescript-eslint
 * makes for its programs: `POOLGUARD_SINGLE_RUN=true|false` decides; else `CI=true`, or ESLint's bin
 * as the main script, without `--fix` (whose passes rewrite files mid-run).
 */
export function isSingleRun(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  const forced = env.POOLGUARD_SINGLE_RUN;
  if (forced === 'true' || forced === 'false') return forced === 'true';
  const main = (argv[1] ?? '').replaceAll('\\', '/');
  const eslintBin = main.endsWith('node_modules/.bin/eslint') || main.endsWith('node_modules/eslint/bin/eslint.js');
  return (env.CI === 'true' || eslintBin) && !argv.includes('--fix');
}
let singleRun: boolean | undefined;
/** isSingleRun, decided once per process (tests reset it with clearProjectModels). */
const oneShot = (): boolean => (singleRun ??= isSingleRun());
/** A remembered answer is fresh without a stat in a single run. */
const trusted = (entry: { watched: Map<string, string> }): boolean => oneShot() || isFresh(entry);

const singleRunFiles = new Set<string>();

let builds = 0;
/** How many models this process has built (for tests: a cached lint must not build one). */
export const modelBuilds = (): number => builds;

// Asked for each watched file on every lint: most do not exist (a package's jsconfig.json, its
// poolguard.config.json), and a thrown ENOENT costs ten times the stat.
const signature = (file: string): string => {
  try {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    return stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : '';
  } catch {
    return '';
  }
};

const isFile = (file: string): boolean => {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
};

/**
 * The settings `poolguard check` would lint `filename` with, `user` (ESLint's `settings.poolguard`)
 * winning over the config file's. undefined for a file that is not on disk (RuleTester's virtual
 * files, stdin): there is no project around it to model. Throws on an invalid config, naming the key.
 */
export function projectSettingsFor(filename: string, user: PoolguardSettings): ProjectSettings | undefined {
  if (!path.isAbsolute(filename) || !(singleRunFiles.has(filename) || isFile(filename))) return undefined;
  const dir = path.dirname(filename);
  // As `poolguard check`: the nearest config (validated), else the workspace root around the file.
  const { loaded, workspaceRoot } = locate(dir);
  const { root: userRoot, ...userSettings } = user;
  const root = path.resolve(userRoot ?? (loaded.source ? loaded.root : workspaceRoot));
  const settings: PoolguardSettings = { ...loaded.settings, ...userSettings };
  const key = JSON.stringify([root, settings]);
  const cached = entries.get(key);
  if (cached && trusted(cached)) return cached.result;
  // Something the model read changed: what was read beside it (frameworks, tsconfig paths) may have too.
  if (cached) clearReadCaches();
  const files = discoverFilesSync([root], root, root, settings.ignores ?? []).files;
  // In a one-shot run the files a model listed are files for the rest of it: no stat per lint.
  if (oneShot()) for (const file of files) singleRunFiles.add(file);
  const model = buildProjectModel({ files, root, settings });
  builds++;
  const entry: Entry = { key, result: { settings: model.settings, root: model.root, files }, watched: new Map() };
  if (oneShot()) {
    // Copied out: the model itself holds every file's bytes, which an editor's process would keep.
    const hints = new Map<string, TextHints>();
    for (const file of files) {
      const key = toPosix(path.resolve(file));
      const read = model.hintsOf(key);
      if (read) hints.set(key, read);
    }
    entry.result.hintsOf = (filename) => hints.get(toPosix(filename));
  }
  for (const file of watchedFiles(model, root, loaded.source)) entry.watched.set(file, signature(file));
  entries.set(key, entry);
  return entry.result;
}

interface Location {
  loaded: ReturnType<typeof loadConfig>;
  workspaceRoot: string;
  /** Whether modelRoot's walk met a package.json or pnpm-workspace.yaml (else it falls back to the folder). */
  foundPackage: boolean;
  /** What loadConfig and modelRoot look at in each folder up to the repository: file → signature. */
  watched: Map<string, string>;
}
const locations = new Map<string, Location>();
const LOOKED_AT = ['poolguard.config.json', 'package.json', 'pnpm-workspace.yaml', '.git'];
const PACKAGE_MARKERS = new Set(['package.json', 'pnpm-workspace.yaml']);

/**
 * loadConfig and modelRoot for a folder, remembered until a file they read (or could find) changes:
 * every lint asks, and they read and parse each package.json up to the repository root. A folder
 * holding none of the files they look at answers as its parent does (most folders of a package):
 * four stats instead of a walk to the root. Exported for the test that holds it to both.
 */
export function locate(dir: string): Location {
  const known = locations.get(dir);
  if (known && trusted(known)) return known;
  const here = new Map(LOOKED_AT.map((name) => [path.join(dir, name), signature(path.join(dir, name))] as const));
  const parent = path.dirname(dir);
  let location: Location;
  if (parent !== dir && [...here.values()].every((sig) => sig === '')) {
    const up = locate(parent);
    // loadConfig and modelRoot fall back to the folder they started from, not the parent.
    const loaded = up.loaded.source ? up.loaded : { settings: {}, root: dir, source: undefined };
    const workspaceRoot = up.loaded.source || up.foundPackage ? up.workspaceRoot : dir;
    location = { loaded, workspaceRoot, foundPackage: up.foundPackage, watched: new Map([...here, ...up.watched]) };
  } else {
    const loaded = loadConfig(dir);
    const watched = new Map(here);
    for (let current = dir; watched.get(path.join(current, '.git')) === '' && path.dirname(current) !== current; ) {
      current = path.dirname(current);
      for (const name of LOOKED_AT) watched.set(path.join(current, name), signature(path.join(current, name)));
    }
    const foundPackage = [...watched].some(([file, sig]) => sig !== '' && PACKAGE_MARKERS.has(path.basename(file)));
    location = { loaded, workspaceRoot: loaded.source ? loaded.root : modelRoot(dir), foundPackage, watched };
  }
  locations.set(dir, location);
  return location;
}

function isFresh(entry: { watched: Map<string, string> }): boolean {
  for (const [file, before] of entry.watched) if (signature(file) !== before) return false;
  return true;
}

const MANIFESTS = ['package.json', 'pnpm-workspace.yaml', 'poolguard.config.json', 'tsconfig.json', 'jsconfig.json'];

/**
 * What the model's answer rests on: each package's manifest, tsconfig and (possible) config file,
 * the config that was loaded, and the singleton, factory and re-exporting modules it found. A new
 * file elsewhere is not watched (it would take a glob per lint); saving a watched file picks it up.
 */
function watchedFiles(model: ProjectModel, root: string, configSource: string | undefined): Set<string> {
  const files = new Set<string>();
  for (const dir of [root, ...model.packages.map((p) => p.dir)]) for (const name of MANIFESTS) files.add(path.join(dir, name));
  if (configSource) files.add(configSource.replace(/ \("poolguard"\)$/, ''));
  for (const p of model.packages) if (p.entry) files.add(p.entry);
  for (const s of model.singletons) files.add(s.file);
  for (const f of model.factories) files.add(f.file);
  for (const file of model.reexports) files.add(file);
  return files;
}

function clearReadCaches(): void {
  clearFrameworkCache();
  clearAliasCache();
  clearPackageRoots();
}

/** For tests: forget every model. */
export function clearProjectModels(): void {
  singleRun = undefined;
  singleRunFiles.clear();
  entries.clear();
  locations.clear();
}
