// `poolguard check [paths…]`: discover, prefilter, lint in-process, format, exit 0 / 1 / 2.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { discoverFiles } from './discover.js';
import { formatResults, parseFormat } from './format.js';
import { EXIT, UsageError, type Io } from './io.js';
import { createFileLinter, type LintResult } from './lint.js';
import { checkConfigFiles } from '../config-files/check.js';
import { primeSingletonFiles } from '../project/singletons.js';

export const CHECK_USAGE = `Usage: poolguard check [options] [paths...]

Find database-connection anti-patterns (default path: .)

Options:
  -f, --format <name>   stylish (default) or json (the shape of eslint -f json)
  -c, --config <file>   use this poolguard.config.json instead of searching for one
  -h, --help            show this help

Exit codes: 0 no findings, 1 findings, 2 usage or internal error.
`;

export interface CheckOutcome {
  results: LintResult[];
  filesChecked: number;
  filesParsed: number;
}

/** The programmatic entry point (used by the CLI, the benchmark and doctor). */
export async function runCheck(paths: string[], cwd: string, configPath?: string): Promise<CheckOutcome> {
  const firstDir = path.resolve(cwd, paths[0] ?? '.');
  const config = loadConfig(firstDir, configPath);
  const { files } = await discoverFiles(paths.length ? paths : ['.'], cwd, config.root, config.settings.ignores ?? []);
  const linter = createFileLinter(config.settings, config.root);
  // When whole folders were scanned, discovery already knows every singleton module: no second glob.
  const scannedFolders = (paths.length ? paths : ['.']).every((p) => fs.statSync(path.resolve(cwd, p)).isDirectory());
  if (scannedFolders && path.resolve(cwd, paths[0] ?? '.') === config.root) {
    primeSingletonFiles(linter.policy, files.filter((file) => linter.policy.isSingletonFile(file)));
  }
  const results: LintResult[] = [];
  let filesParsed = 0;
  for (const file of files) {
    const { parsed, ...result } = linter.lintFile(file);
    if (parsed) filesParsed++;
    results.push(result);
  }
  results.push(...(await checkConfigFiles(paths, cwd, config.settings, config.root))); // .env, compose, schema.prisma
  return { results, filesChecked: files.length, filesParsed };
}

export async function check(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(CHECK_USAGE);
    return EXIT.clean;
  }
  const format = parseFormat(values.format);
  if (positionals.length === 0) positionals.push('.');
  const started = performance.now();
  const outcome = await runCheck(positionals, io.cwd, values.config);
  const output = await formatResults(outcome.results, format, io.cwd);
  const errors = outcome.results.reduce((sum, r) => sum + r.errorCount, 0);
  if (format === 'json') {
    io.stdout(`${output}\n`);
  } else {
    io.stdout(output);
    const ms = Math.round(performance.now() - started);
    if (errors === 0) io.stdout(`✔ No connection problems in ${outcome.filesChecked} files (${outcome.filesParsed} parsed, ${ms} ms).\n`);
    else io.stdout(`${outcome.filesChecked} files checked (${outcome.filesParsed} parsed) in ${ms} ms.\n`);
  }
  return errors > 0 ? EXIT.findings : EXIT.clean;
}

export function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS') === true;
}
