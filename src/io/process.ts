// What a command needs from the outside world; tests pass their own to capture output.
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress lines, colours). */
  isTTY: boolean;
  /** True when stderr is an interactive terminal: the progress line of long runs goes there. */
  stderrIsTTY?: boolean;
  /** All of standard input, as text (`check --stdin`). */
  readStdin?: () => Promise<string>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Exit codes, documented in the README. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/** A usage or configuration problem: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** A single updating status line on stderr for long runs. */
export interface Progress {
  update(done: number, total: number, findings: number): void;
  /** Clears the line, if one was shown. */
  end(): void;
}

/** Runs shorter than this show no progress line at all. */
export const PROGRESS_DELAY_MS = 2000;

/**
 * `poolguard: 1234/5000 files, 3 findings`, rewritten in place on stderr, only when stderr is a terminal,
 * CI is not set, and the run has lasted PROGRESS_DELAY_MS; redrawn at most every 100 ms.
 */
export function createProgress(io: Io, now: () => number = () => performance.now()): Progress {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false' && io.env.CI !== '0';
  if (!io.stderrIsTTY || ci) return { update() {}, end() {} };
  const started = now();
  let drawnAt = -Infinity;
  let shown = false;
  return {
    update(done, total, findings) {
      const at = now();
      if (at - started < PROGRESS_DELAY_MS || (at - drawnAt < 100 && done < total)) return;
      drawnAt = at;
      shown = true;
      io.stderr(`\r\x1b[2Kpoolguard: ${done}/${total} files, ${findings} finding${findings === 1 ? '' : 's'}`);
    },
    end() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
