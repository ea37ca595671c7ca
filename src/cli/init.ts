// `poolguard init [paths…]`: create the singleton module a package needs, without touching any other
// file — the first half of `poolguard fix`, on request.
import fs from 'node:fs';
import path from 'node:path';
import { parseCommandArgs } from './args.js';
import writeFileAtomic from 'write-file-atomic';
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
  -c, --config <file>   use this poolguard.config.json instead of searching for one
  -h, --help            show this help
`;

export async function init(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { dry: { type: 'boolean' }, force: { type: 'boolean' }, config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout(INIT_USAGE);
    return EXIT.clean;
  }
  const paths = positionals.length ? positionals : ['.'];
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
  const { config: written, notes } = buildInitConfig(model, config.settings, [...conventional, ...created]);
  const target = config.source && !config.source.endsWith('("poolguard")') ? config.source : path.join(config.root, 'poolguard.config.json');
  const json = `${JSON.stringify(written, null, 2)}\n`;
  validateSettings(JSON.parse(json), target); // never write a config the CLI would then reject
  for (const note of notes) io.stdout(`found ${note}\n`);
  if (config.source && !values.force) {
    io.stdout(`${relative(config.source)} already configures poolguard; left as is (--force rewrites ${relative(target)})\n`);
  } else if (values.dry) {
    io.stdout(`would write ${relative(target)}:\n${json.replace(/^/gm, '  ')}`);
  } else {
    await writeFileAtomic(target, json);
    io.stdout(`wrote ${relative(target)}\n`);
  }
  io.stdout(`\nTo run the same rules in your editor, add to eslint.config.js:\n\n${eslintSnippet(written).replace(/^(?=.)/gm, '  ')}\n`);

  // 2. The singleton modules that packages with offenders lack.
  for (const plan of missing.plans) {
    if (values.dry) {
      io.stdout(`would create ${relative(plan.file)}:\n${plan.content.replace(/^/gm, '  ')}\n`);
    } else {
      fs.mkdirSync(path.dirname(plan.file), { recursive: true });
      await writeFileAtomic(plan.file, plan.content);
      io.stdout(`created ${relative(plan.file)} (exports \`${plan.exportName}\`)\n`);
    }
  }
  for (const problem of missing.problems) io.stdout(`${relative(problem.packageRoot) || '.'}: ${problem.reason}\n`);
  if (missing.plans.length === 0 && missing.problems.length === 0) io.stdout('every package with offenders already has a singleton module\n');
  return missing.problems.length > 0 ? EXIT.findings : EXIT.clean;
}
