// The `poolguard` command: dispatch to a subcommand, turn usage errors into one line and exit 2.
// Each command is imported when it runs: `--version` and `--help` load no parser, ESLint or codemod.
import { EXIT, processIo, UsageError, type Io } from '../io/process.js';
import { VERSION } from '../version.js';
import { didYouMean } from '../core/suggest.js';

const COMMANDS = ['check', 'fix', 'init', 'budget', 'doctor', 'help'];

const USAGE = `Usage: poolguard <command> [options]

Commands:
  check [paths...]   find database-connection anti-patterns (exit 1 when found)
  fix [paths...]     rewrite them to use the shared instance (--dry shows the diff)
  init [paths...]    create the singleton module where a package with offenders has none
  budget [paths...]  the most connections the code can open, against max_connections
  doctor [paths...]  compare live PostgreSQL connections with what the code can open

Options:
  -h, --help         show this help
  -V, --version      print the version
  --debug            (any command) print an internal error's stack

Run "poolguard <command> --help" for a command's options.
Exit codes: 0 clean (check: warnings alone too, unless over --max-warnings),
  1 findings (check: errors or more than --max-warnings warnings; fix: offenders left or files that
  failed; budget: over budget; doctor: warnings), 2 usage, file-system or internal error (one line on stderr).
`;

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // --debug anywhere: an internal error keeps its stack (bin/poolguard.js prints it).
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv.filter((arg) => arg !== '--debug');
  try {
    switch (command) {
      case 'check': {
        const { check } = await import('./check.js');
        return await check(rest, io);
      }
      case 'fix': {
        const { fix } = await import('./fix.js');
        return await fix(rest, io);
      }
      case 'init': {
        const { init } = await import('./init.js');
        return await init(rest, io);
      }
      case 'budget': {
        const { budget } = await import('./budget.js');
        return await budget(rest, io);
      }
      case 'doctor': {
        const { runDoctor } = await import('../doctor/command.js');
        return await runDoctor(rest, io, { staticBudget: staticBudget(io) });
      }
      case '--version':
      case '-V':
      case '-v':
        io.stdout(`${VERSION}\n`);
        return EXIT.clean;
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? EXIT.error : EXIT.clean;
      default:
        io.stderr(`poolguard: unknown command "${command}"${didYouMean(command, COMMANDS)} (run "poolguard --help" for the commands)\n`);
        return EXIT.error;
    }
  } catch (error) {
    if (isUsageError(error)) {
      io.stderr(`poolguard: ${usageMessage(error as Error & { code?: string }, command)}\n`);
      return EXIT.error;
    }
    // A system error (EACCES, ENOSPC, ENAMETOOLONG, ENOENT, …) is the environment's, not a bug: one line.
    if (!debug && isSystemError(error)) {
      io.stderr(`poolguard: ${systemMessage(error)}\n`);
      return EXIT.error;
    }
    throw error;
  }
}

/** What check.ts's isUsageError says, without loading check.ts to say it. */
function isUsageError(error: unknown): boolean {
  return error instanceof UsageError || (error as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS') === true;
}

/** The static side of doctor: `poolguard budget` against the live server's usable connections. */
function staticBudget(io: Io) {
  return async (paths: string[], maxConnections: number): Promise<{ total: number; sites: number; unbounded: number }> => {
    const { budgetFor } = await import('./budget.js');
    const result = await budgetFor(paths, io.cwd, { maxConnections });
    const sites = result.packages.reduce((n, p) => n + p.sites.length, 0);
    return { total: result.total, sites, unbounded: result.unbounded };
  };
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** `cannot open /x/y: permission denied (EACCES)`. */
function systemMessage(error: NodeJS.ErrnoException): string {
  const detail = /^[A-Z0-9]+: ([^,]+)/.exec(error.message)?.[1] ?? error.message;
  return `cannot ${error.syscall}${error.path ? ` ${error.path}` : ''}: ${detail} (${error.code})`;
}

/** node:util's parseArgs errors, in one short line that says where to look. */
function usageMessage(error: Error & { code?: string; suggestion?: string }, command: string | undefined): string {
  const help = `run "poolguard ${command ?? ''} --help" for the options`.replace('  ', ' ');
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? 'option';
    const suggestion = error.suggestion ? `, did you mean "${error.suggestion}"?` : '';
    return `unknown option ${option}${suggestion} (${help})`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${error.message.replace(/\.$/, '')} (${help})`;
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument (${help}): ${error.message}`;
  return error.message;
}
