// `poolguard budget [paths…]`: exit 0 within budget, 1 over it, 2 usage or internal error.
import { parseCommandArgs } from './args.js';
import { EXIT, UsageError, type Io } from '../io/process.js';
import { loadProject } from './project.js';
import { computeBudget, type Budget } from '../budget/compute.js';
import { formatBudgetGithub, formatBudgetJson, formatBudgetStylish } from '../budget/format.js';

export const BUDGET_USAGE = `Usage: poolguard budget [options] [paths...]

The most connections the code can open: each pool site's size (explicit option, URL
connection_limit, or the driver's default) × the processes running its package, per package and in
total, against max_connections and one service's share of it.

Options:
  -f, --format <name>        stylish (default), json, or github (workflow annotations)
  -c, --config <file>        use this poolguard.config.json instead of searching for one
  --max-connections <n>      the database's max_connections (default: setting maxConnections, else 100)
  -h, --help                 show this help

Exit codes: 0 within budget, 1 over budget (or a pool per request), 2 usage or internal error.
`;

/** The budget of the project around `paths` (also used by `poolguard doctor`). */
export async function budgetFor(paths: readonly string[], cwd: string, options: { config?: string; maxConnections?: number } = {}): Promise<Budget> {
  const project = await loadProject(paths, cwd, options.config);
  return computeBudget({
    model: project.model,
    files: project.projectFiles,
    settings: project.config.settings,
    ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
  });
}

export async function budget(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
    'max-connections': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout(BUDGET_USAGE);
    return EXIT.clean;
  }
  const format = values.format ?? 'stylish';
  if (format !== 'stylish' && format !== 'json' && format !== 'github') throw new UsageError(`unknown format "${format}" (expected one of stylish, json, github)`);
  let maxConnections: number | undefined;
  if (values['max-connections'] !== undefined) {
    maxConnections = Number(values['max-connections']);
    if (!Number.isInteger(maxConnections) || maxConnections < 1) throw new UsageError(`--max-connections must be a positive integer, got "${values['max-connections']}"`);
  }
  const result = await budgetFor(positionals, io.cwd, { ...(values.config ? { config: values.config } : {}), ...(maxConnections ? { maxConnections } : {}) });
  io.stdout(format === 'json' ? formatBudgetJson(result, io.cwd) : format === 'github' ? formatBudgetGithub(result, io.cwd) : formatBudgetStylish(result, io.cwd));
  return result.overBudget ? EXIT.findings : EXIT.clean;
}
