// What a check is told about the file besides its sites: where it runs (resolved from its package by
// the caller; the core never reads the disk) and the policy. Types only, shared by classify.ts and
// every check in checks/, so no check imports the dispatcher back.
import type { Policy, RuntimeProfile } from './policy.js';

/** Where the file runs: resolved from its package by the caller (the core never reads the disk). */
export interface Environment {
  /** The dev server or tool that re-evaluates modules on change (`Next.js (next dev)`), if any. */
  hotReload: string | undefined;
  runtime: RuntimeProfile;
  /** The package's entry point closes a client on SIGTERM / SIGINT (a text check of that file). */
  entryPointShutdown?: boolean;
  /** The package runs (a start / dev script, PM2, an entry that listens), rather than being a library. */
  runsAsServer?: boolean;
  /** A framework owns the process and its entry point (`next start`, Nuxt, SvelteKit, Remix, Astro). */
  frameworkRuns?: boolean;
  /** The package is a command-line tool (`bin`, no server script): each run is one process, with no requests. */
  cli?: boolean;
  /**
   * A `script` runs once and exits (`scripts/`, seeds, a file package.json runs as a one-off): it owns
   * its client and must close it. A `test`: the runner owns its clients.
   */
  role?: 'script' | 'test';
  /** A library (an entry point for apps, nothing it runs itself): its factories' callers decide how often they run. */
  library?: boolean;
  /** A handler a serverless.yml / SAM template deploys as its own function: its module scope is one container's. */
  ownFunction?: boolean;
}

export interface ClassifyContext {
  filename: string;
  policy: Policy;
  /** Absent: a long-lived server without hot reload. */
  environment?: Environment;
  /** The singleton module to import from, as a display path, when one is known for this file. */
  singletonFor?: (family: string) => string | undefined;
}
