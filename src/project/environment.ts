// A file's environment for classify(): the `runtimes` setting first, then its package's framework.
import type { Environment } from '../core/environment.js';
import type { Policy } from '../core/policy.js';
import { entryPointShutdown, fileRole, frameworkOf, runsAsServer } from './framework.js';

export function environmentOf(filename: string, policy: Policy): Environment {
  const framework = frameworkOf(filename);
  const role = fileRole(filename, policy.root);
  const runtime = policy.runtimeFor(filename) ?? framework.runtime;
  // Only a server needs the entry point read (for require-shutdown-hook).
  const server = runtime === 'server' && runsAsServer(filename);
  return {
    ...(role ? { role } : {}),
    ...(framework.cli ? { cli: true } : {}),
    hotReload: framework.reloader,
    runtime,
    runsAsServer: server,
    frameworkRuns: framework.ownsProcess,
    entryPointShutdown: server && !framework.ownsProcess && entryPointShutdown(filename),
  };
}
