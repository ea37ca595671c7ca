// `poolguard init [paths…]`: create the singleton module a package needs, without touching any other
// file — the first half of `poolguard fix`, on request.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import writeFileAtomic from 'write-file-atomic';
import { contextFromOptions } from '../codemod/context.js';
import { planMissingSingletons } from '../codemod/missing-singletons.js';
import { projectPolicy } from '../project/policy.js';
import { mayHaveFindings } from '../core/prefilter.js';
import { clearOverlay } from '../project/overlay.js';
import { primeSingletonFiles } from '../project/singletons.js';
import { loadProject } from './project.js';
import { EXIT, type Io } from './io.js';

export const INIT_USAGE = `Usage: poolguard init [options] [paths...]

Create a singleton module in every package that has offenders but no shared client to import.

Options:
  --dry                 print what would be created, write nothing
  -c, --config <file>   use this poolguard.config.json instead of searching for one
  -h, --help            show this help
`;

export async function init(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { dry: { type: 'boolean' }, config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(INIT_USAGE);
    return EXIT.clean;
  }
  const paths = positionals.length ? positionals : ['.'];
  const { config, files, model } = await loadProject(paths, io.cwd, values.config);
  // The rules' settings plus what the project model found: the same decisions as `check`.
  const settings = model.settings;
  const policy = projectPolicy(settings, config.root);
  primeSingletonFiles(policy, files.filter((file) => policy.isSingletonFile(file)));
  const sources = new Map<string, string>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (mayHaveFindings(text, file, policy)) sources.set(file, text);
  }
  clearOverlay();
  const missing = planMissingSingletons(sources, policy, (file) => contextFromOptions(file, { ...settings, root: config.root }));
  clearOverlay();
  const relative = (file: string) => path.relative(io.cwd, file).split(path.sep).join('/');
  for (const plan of missing.plans) {
    if (values.dry) {
      io.stdout(`would create ${relative(plan.file)}:\n${plan.content.replace(/^/gm, '  ')}\n`);
    } else {
      fs.mkdirSync(path.dirname(plan.file), { recursive: true });
      await writeFileAtomic(plan.file, plan.content);
      io.stdout(`created ${relative(plan.file)} (exports \`${plan.exportName}\`)${plan.note ? `: ${plan.note}` : ''}\n`);
    }
  }
  for (const problem of missing.problems) io.stdout(`${relative(problem.packageRoot) || '.'}: ${problem.reason}\n`);
  if (missing.plans.length === 0 && missing.problems.length === 0) io.stdout('every package with offenders already has a singleton module\n');
  return missing.problems.length > 0 ? EXIT.findings : EXIT.clean;
}
