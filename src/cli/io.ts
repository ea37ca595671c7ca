// What a command needs from the outside world; tests pass their own to capture output.
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is an interactive terminal (progress lines, colours). */
  isTTY: boolean;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
  };
}

/** Exit codes, documented in the README. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/** A usage or configuration problem: printed as one line, exit code 2. */
export class UsageError extends Error {}
