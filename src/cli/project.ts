// What every command starts from: the config, the files to work on, and the project model (built
// over the whole project, so a command on one file or on the changed files decides as on everything).
import fs from 'node:fs';
import path from 'node:path';
import { mayHaveFindings } from '../core/prefilter.js';
import { toPosix, type Policy } from '../core/policy.js';
import { projectPolicy } from '../project/policy.js';
import { primeSingletonFiles } from '../project/singletons.js';
import { MAX_FILE_BYTES } from '../io/results.js';
import { readBounded } from '../io/read.js';
import { isUtf8 } from '../io/write.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { discoverFiles, exemptMatcher, type Discovered } from './discover.js';
import { buildProjectModel, emptyModel, modelRoot, type ProjectModel } from '../project/model/index.js';
import { defaultRead } from '../project/model/source.js';

export interface Project {
  config: LoadedConfig;
  /** The files the command works on. */
  files: string[];
  /** What discovery found under the paths and could not work on (a FIFO, an unreadable folder), and why. */
  skipped: Discovered['skipped'];
  model: ProjectModel;
  /** Every file of the project (what the model was built over). */
  projectFiles: string[];
  /** The config-file candidates the walk of each folder given met (src/project/discover.ts). */
  configCandidates: Discovered['configCandidates'];
  /** The model again, over texts that differ from the disk (`fix` after rewriting in memory). */
  remodel(read: (file: string) => string | undefined): ProjectModel;
}

export interface LoadOptions {
  /** false: no project model (the benchmark's baseline). */
  model?: boolean;
  /** Keep explicit file paths that are exempt or ignored (`check --no-ignore`). */
  noIgnore?: boolean;
  /** `check --stdin`: this text stands for `file` (absolute; on disk or not), the only file worked on. */
  stdin?: { file: string; text: string };
}

export async function loadProject(paths: readonly string[], cwd: string, configPath?: string, options: LoadOptions = {}): Promise<Project> {
  const { stdin } = options;
  const targets = stdin ? [stdin.file] : paths.length ? [...paths] : ['.'];
  // The stdin file may not exist: its config and project are those of its nearest existing folder.
  const firstDir = stdin ? existingAncestor(path.dirname(stdin.file)) : path.resolve(cwd, targets[0]!);
  const loaded = loadConfig(firstDir, configPath);
  // Without a config file, globs and the model are relative to the project around the paths.
  const projectRoot = loaded.source ? loaded.root : modelRoot(firstDir);
  const config = { ...loaded, root: projectRoot };
  const ignores = config.settings.ignores ?? [];
  if (stdin) {
    const files = options.noIgnore || !exemptMatcher(config.root, ignores)(stdin.file) ? [stdin.file] : [];
    const found = (await discoverFiles([projectRoot], cwd, config.root, ignores)).files;
    const whole = found.includes(stdin.file) ? found : [...found, stdin.file].sort();
    const read = (file: string) => (file === stdin.file ? stdin.text : defaultRead(file));
    const model = options.model === false ? emptyModel(config.root, config.settings) : buildProjectModel({ files: whole, root: config.root, settings: config.settings, read });
    return { config, files, skipped: [], model, projectFiles: whole, configCandidates: new Map(), remodel: () => model };
  }
  const { files, skipped, configCandidates } = await discoverFiles(targets, cwd, config.root, ignores, options.noIgnore === true);
  // Without the model (the benchmark's baseline): only what the settings and conventions say.
  if (options.model === false) {
    const bare = emptyModel(config.root, config.settings);
    return { config, files, skipped, model: bare, projectFiles: files, configCandidates, remodel: () => bare };
  }
  const coversProject = targets.length === 1 && firstDir === projectRoot;
  const whole = coversProject ? files : (await discoverFiles([projectRoot], cwd, config.root, ignores)).files;
  const model = buildProjectModel({ files: whole, root: config.root, settings: config.settings });
  return { config, files, skipped, model, projectFiles: whole, configCandidates, remodel: (read) => buildProjectModel({ files: whole, root: config.root, settings: config.settings, read }) };
}

export interface Candidates {
  /** The policy of the rules' settings plus the project model's. */
  policy: Policy;
  /** file → text, for the files that may hold a finding (the prefilter). */
  sources: Map<string, string>;
  /** Files that could not be read, with why. */
  unreadable: Array<{ file: string; reason: string }>;
}

/**
 * The files `fix` and `init` work on, read once: the texts the project model already read are reused;
 * binary and huge files are skipped as `check` skips them.
 */
export function readCandidates(project: Project): Candidates {
  const { config, files, model, projectFiles } = project;
  const policy = projectPolicy(model.settings, config.root);
  // Every singleton of the project, not only those under the paths given (`fix apps/api/src/routes`
  // imports `apps/api/src/lib/prisma.ts`, outside them).
  primeSingletonFiles(policy, projectFiles.filter((file) => policy.isSingletonFile(file)));
  const sources = new Map<string, string>();
  // Offenders in a folder that cannot be listed are not fixed: say so.
  const unreadable: Candidates['unreadable'] = project.skipped.filter((s) => s.kind === 'folder').map((s) => ({ file: s.path, reason: `not fixed: ${s.why}` }));
  for (const file of files) {
    let text = model.textOf(toPosix(path.resolve(file)));
    if (text === undefined) {
      const read = readBounded(file, MAX_FILE_BYTES);
      if (!read.ok) {
        if (read.reason === 'error') unreadable.push({ file, reason: `cannot read: ${read.message}` });
        continue;
      }
      if (read.buffer.subarray(0, 8000).includes(0)) continue;
      text = read.buffer.toString('utf8');
    }
    // A decoded U+FFFD may stand for bytes that are not UTF-8: such a file is never rewritten.
    if (text.includes('\uFFFD')) {
      const read = readBounded(file, MAX_FILE_BYTES);
      if (read.ok && !isUtf8(read.buffer)) {
        unreadable.push({ file, reason: 'left untouched: not valid UTF-8 (rewriting would replace its bytes)' });
        continue;
      }
    }
    if (mayHaveFindings(text, file, policy)) sources.set(file, text);
  }
  return { policy, sources, unreadable };
}

function existingAncestor(dir: string): string {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(current) || path.dirname(current) === current) return current;
  }
}
