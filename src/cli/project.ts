// What every command starts from: the config, the files to work on, and the project model (built
// over the whole project, so a command on one file or on the changed files decides as on everything).
import path from 'node:path';
import { mayHaveFindings } from '../core/prefilter.js';
import { toPosix, type Policy } from '../core/policy.js';
import { projectPolicy } from '../project/policy.js';
import { primeSingletonFiles } from '../project/singletons.js';
import { MAX_FILE_BYTES } from '../io/results.js';
import { readBounded } from '../io/read.js';
import { isUtf8 } from '../io/write.js';
import { loadConfig, type LoadedConfig } from './config.js';
import { discoverFiles } from './discover.js';
import { buildProjectModel, emptyModel, modelRoot, type ProjectModel } from '../project/model/index.js';

export interface Project {
  config: LoadedConfig;
  /** The files the command works on. */
  files: string[];
  model: ProjectModel;
  /** Every file of the project (what the model was built over). */
  projectFiles: string[];
  /** The model again, over texts that differ from the disk (`fix` after rewriting in memory). */
  remodel(read: (file: string) => string | undefined): ProjectModel;
}

export async function loadProject(paths: readonly string[], cwd: string, configPath?: string, options: { model?: boolean } = {}): Promise<Project> {
  const targets = paths.length ? [...paths] : ['.'];
  const firstDir = path.resolve(cwd, targets[0]!);
  const loaded = loadConfig(firstDir, configPath);
  // Without a config file, globs and the model are relative to the project around the paths.
  const projectRoot = loaded.source ? loaded.root : modelRoot(firstDir);
  const config = { ...loaded, root: projectRoot };
  const ignores = config.settings.ignores ?? [];
  const { files } = await discoverFiles(targets, cwd, config.root, ignores);
  // Without the model (the benchmark's baseline): only what the settings and conventions say.
  if (options.model === false) {
    const bare = emptyModel(config.root, config.settings);
    return { config, files, model: bare, projectFiles: files, remodel: () => bare };
  }
  const coversProject = targets.length === 1 && firstDir === projectRoot;
  const whole = coversProject ? files : (await discoverFiles([projectRoot], cwd, config.root, ignores)).files;
  const model = buildProjectModel({ files: whole, root: config.root, settings: config.settings });
  return { config, files, model, projectFiles: whole, remodel: (read) => buildProjectModel({ files: whole, root: config.root, settings: config.settings, read }) };
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
  const { config, files, model } = project;
  const policy = projectPolicy(model.settings, config.root);
  primeSingletonFiles(policy, files.filter((file) => policy.isSingletonFile(file)));
  const sources = new Map<string, string>();
  const unreadable: Candidates['unreadable'] = [];
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
