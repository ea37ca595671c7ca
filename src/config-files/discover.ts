// Which config files `poolguard check` reads: .env files, compose files, Prisma schemas, and the
// package.json files that say whether the project uses Prisma. The source discovery's walk collects
// them as it goes (`walked`); otherwise one fast-glob walk with the same
// exclusions as the source-file discovery (src/cli/discover.ts): never node_modules, build output or
// generated clients; .gitignore honoured, except that a .env file ignored by name is still read —
// it is ignored precisely because it holds the live connection URL, and findings are masked.
import fs from 'node:fs';
import path from 'node:path';
import { fg } from '../project/glob.js';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { readBounded } from '../io/read.js';
import { DEFAULT_EXEMPT_FILES, toPosix } from '../core/policy.js';
import { NEVER_READ } from '../core/policy.js';
import type { ConfigFileKind } from './database-url.js';

export interface ConfigFile {
  file: string;
  kind: ConfigFileKind;
  /** `.env.example`, `.env.sample`, `.env.template`, …: a template, checked and said so. */
  example: boolean;
}

export interface DiscoveredConfig {
  configFiles: ConfigFile[];
  /** package.json files in the scanned folders and in their ancestors up to `root`. */
  packageJsons: string[];
}

const PATTERNS = ['**/.env', '**/.env.*', '**/*compose*.{yml,yaml}', '**/*.prisma'];
const COMPOSE = /^(?:docker-)?compose(?:[.-][^/]*)?\.ya?ml$/;
const EXAMPLE = /\.(?:example|sample|template|dist|defaults)(?:\.|$)/;

/** The kind of a config file by its name, or undefined for any other file. */
export function configFileKind(file: string): ConfigFile | undefined {
  const name = path.basename(file);
  if (name === '.env' || name.startsWith('.env.')) return { file, kind: 'env', example: EXAMPLE.test(name.slice(4)) };
  if (COMPOSE.test(name)) return { file, kind: 'compose', example: false };
  if (name.endsWith('.prisma')) return { file, kind: 'prisma', example: false };
  return undefined;
}

/**
 * `walked`: the candidates (config-file names, package.json, .gitignore) the source discovery's walk
 * met under a folder (src/project/discover.ts isConfigCandidate); a folder not in it is globbed.
 */
export async function discoverConfigFiles(paths: string[], cwd: string, root: string, extraIgnores: string[] = [], walked?: ReadonlyMap<string, readonly string[]>): Promise<DiscoveredConfig> {
  const configFiles = new Map<string, ConfigFile>();
  const packageJsons = new Set<string>();
  const exempt = picomatch([...DEFAULT_EXEMPT_FILES, ...extraIgnores], { dot: true });
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const isDirectory = fs.statSync(abs).isDirectory();
    // Up to the config's folder (or, for a file named alone, the repository root).
    for (let dir = isDirectory ? abs : path.dirname(abs); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'package.json'))) packageJsons.add(path.join(dir, 'package.json'));
      if (dir === root || fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
    }
    if (!isDirectory) {
      const kind = configFileKind(abs);
      if (kind) configFiles.set(abs, kind); // an explicitly named file is always read
      continue;
    }
    const found = walked?.get(abs) ?? await fg([...PATTERNS, '**/package.json', '**/.gitignore'], {
      cwd: abs,
      absolute: true,
      dot: false, // patterns name dot files; dot folders (.git, .vercel, …) are not entered
      ignore: NEVER_READ,
      followSymbolicLinks: false,
      suppressErrors: true,
    });
    const candidates = found.map((file) => path.normalize(file));
    const ignored = gitignoreFilter(abs, candidates.filter((file) => path.basename(file) === '.gitignore'));
    for (const file of candidates) {
      const relative = toPosix(path.relative(root, file));
      if (exempt(relative.startsWith('..') ? toPosix(path.relative(abs, file)) : relative)) continue;
      if (path.basename(file) === 'package.json') {
        if (!ignored(file, false)) packageJsons.add(file);
        continue;
      }
      const kind = configFileKind(file);
      if (kind && !ignored(file, kind.kind === 'env')) configFiles.set(file, kind);
    }
  }
  return {
    configFiles: [...configFiles.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    packageJsons: [...packageJsons].sort(),
  };
}

/**
 * A predicate for files ignored by a .gitignore between the repository root and the file (the same
 * rules as the source discovery). `keepIgnoredByName`: a file whose own name is ignored is kept
 * while its folder is not ignored.
 */
function gitignoreFilter(dir: string, nested: string[]): (file: string, keepIgnoredByName: boolean) => boolean {
  const ignoreFiles = new Map<string, Ignore>();
  // .gitignore files above the scanned folder apply too; a folder named explicitly is read even when
  // an ancestor ignores it.
  for (let up = path.dirname(dir); ; up = path.dirname(up)) {
    addIgnoreFile(ignoreFiles, up);
    if (ignoreFiles.get(up)?.ignores(`${toPosix(path.relative(up, dir))}/`)) ignoreFiles.delete(up);
    if (fs.existsSync(path.join(up, '.git')) || path.dirname(up) === up) break;
  }
  addIgnoreFile(ignoreFiles, dir);
  for (const file of nested) addIgnoreFile(ignoreFiles, path.dirname(file));
  const matches = (target: string, isDir: boolean): boolean => {
    for (const [base, ig] of ignoreFiles) {
      const relative = path.relative(base, target);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) continue;
      if (ig.ignores(toPosix(relative) + (isDir ? '/' : ''))) return true;
    }
    return false;
  };
  return (file, keepIgnoredByName) => {
    if (!matches(file, false)) return false;
    if (!keepIgnoredByName) return true;
    return path.dirname(file) !== dir && matches(path.dirname(file), true);
  };
}

function addIgnoreFile(into: Map<string, Ignore>, dir: string): void {
  if (into.has(dir)) return;
  const read = readBounded(path.join(dir, '.gitignore'), 4 * 1024 * 1024);
  if (read.ok) into.set(dir, ignore().add(read.buffer.toString('utf8')));
}
