// `poolguard init [paths…]`: create the singleton module a package needs, without touching any other
// file — the first half of `poolguard fix`, on request. Its writes go through fix's: the dirty-tree
// guard first, then every write checked (root jail, symlinks, permissions, name lengths) before the first.
import path from 'node:path';
import { parseCommandArgs } from './args.js';
import { applyWrites } from './fix-writes.js';
import { refuseDirtyTree } from './git.js';
import { readBounded } from '../io/read.js';
import type { PlannedWrite } from '../io/write.js';
import { contextFromOptions } from '../codemod/context.js';
import { planMissingSingletons } from '../codemod/missing-singletons.js';
import { projectPolicy } from '../project/policy.js';
import { clearOverlay } from '../project/overlay.js';
import { loadProject, readCandidates } from './project.js';
import { EXIT, type Io } from '../io/process.js';
import { validateSettings } from './config.js';
import { buildInitConfig, eslintSnippet } from './init-config.js';

export const INIT_USAGE = `Usage: poolguard init [options] [paths...]

Write poolguard.config.json (with its $schema) from what poolguard finds: the packages, their
singleton modules, factories and runtime profiles; print the eslint.config.js lines that load the
plugin with the same settings; and create a singleton module in every package that has offenders but
no shared client to import.

Options:
  --dry                 print what would be written, write nothing
  --force               rewrite an existing poolguard.config.json
  --allow-dirty         write even if the git work tree has uncommitted changes
  -c, --config <file>   use this poolguard.config.json instead of searching for one
  -h, --help            show this help

Every write is checked before the first one: nothing is written through a symlink or into a folder
that leads outside the project, nor over a file that changed since it was read; a file that cannot be
written is named with the reason (EACCES, ENOSPC, ENAMETOOLONG) and the rest are still reported.

Exit codes: 0 done, 1 a package left without a singleton module or a file not written,
  2 usage or file-system error (or a dirty git work tree without --allow-dirty).
`;

export async function init(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    dry: { type: 'boolean' },
    force: { type: 'boolean' },
    'allow-dirty': { type: 'boolean' },
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(INIT_USAGE);
    return EXIT.clean;
  }
  const paths = positionals.length ? positionals : ['.'];
  if (!values.dry && !values['allow-dirty']) refuseDirtyTree(paths.map((p) => path.resolve(io.cwd, p)));
  const project = await loadProject(paths, io.cwd, values.config);
  const { config, model } = project;
  // The rules' settings plus what the project model found: the same decisions as `check`.
  const settings = model.settings;
  const { policy, sources } = readCandidates(project);
  clearOverlay();
  const missing = planMissingSingletons(sources, policy, (file) => contextFromOptions(file, { ...settings, root: config.root }));
  clearOverlay();
  const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/');

  // 1. The config: what the model found, pinned, so editors and CI decide as this run did.
  // Singleton modules this run creates belong in the config too, or pinning would flag them.
  const created = missing.plans.map((plan) => path.relative(config.root, plan.file).split(path.sep).join('/'));
  // Pinning `singletonModules` replaces the conventions: keep every module they match today.
  const basePolicy = projectPolicy(config.settings, config.root);
  const conventional = project.projectFiles.filter((file) => basePolicy.isSingletonFile(file)).map((file) => path.relative(config.root, file).split(path.sep).join('/'));
  const { config: pinned, notes } = buildInitConfig(model, config.settings, [...conventional, ...created]);
  const target = config.source && !config.source.endsWith('("poolguard")') ? config.source : path.join(config.root, 'poolguard.config.json');
  const json = `${JSON.stringify(pinned, null, 2)}\n`;
  validateSettings(JSON.parse(json), target); // never write a config the CLI would then reject
  for (const note of notes) io.stdout(`found ${note}\n`);
  const rewriteConfig = !config.source || values.force === true;
  const configWrite: PlannedWrite | undefined = rewriteConfig ? { file: target, before: textOnDisk(target), after: json } : undefined;
  const creates = missing.plans.map((plan): PlannedWrite => ({ file: plan.file, before: undefined, after: plan.content }));
  // All checked before the first is written (fix-writes.ts); singleton modules first.
  const outcome = values.dry ? { written: [], failed: [] } : await applyWrites(config.root, creates, [], configWrite ? [configWrite] : []);
  const written = new Set(outcome.written);
  const failure = (file: string) => outcome.failed.find((f) => f.file === file)?.reason;

  // 1. The config: what the model found, pinned, so editors and CI decide as this run did.
  if (!configWrite) {
    io.stdout(`${relative(config.source!)} already configures poolguard; left as is (--force rewrites ${relative(target)})\n`);
  } else if (values.dry) {
    io.stdout(`would write ${relative(target)}:\n${json.replace(/^/gm, '  ')}`);
  } else if (written.has(target)) {
    io.stdout(`wrote ${relative(target)}\n`);
  } else {
    io.stdout(`${relative(target)}  ${failure(target) ?? 'not written'}\n`);
  }
  io.stdout(`\nTo run the same rules in your editor, add to eslint.config.js:\n\n${eslintSnippet(pinned).replace(/^(?=.)/gm, '  ')}\n`);

  // 2. The singleton modules that packages with offenders lack.
  for (const plan of missing.plans) {
    if (values.dry) io.stdout(`would create ${relative(plan.file)}:\n${plan.content.replace(/^/gm, '  ')}\n`);
    else if (written.has(plan.file)) io.stdout(`created ${relative(plan.file)} (exports \`${plan.exportName}\`)\n`);
    else io.stdout(`${relative(plan.file)}  ${failure(plan.file) ?? 'not written'}\n`);
  }
  for (const problem of missing.problems) io.stdout(`${relative(problem.packageRoot) || '.'}: ${problem.reason}\n`);
  if (missing.plans.length === 0 && missing.problems.length === 0) io.stdout('every package with offenders already has a singleton module\n');
  return missing.problems.length > 0 || outcome.failed.length > 0 ? EXIT.findings : EXIT.clean;
}

/** The file's text as on disk (BOM and all: the write check compares bytes), or undefined when it does not exist. */
function textOnDisk(file: string): string | undefined {
  const read = readBounded(file, 64 * 1024 * 1024);
  return read.ok ? read.buffer.toString('utf8') : undefined;
}
