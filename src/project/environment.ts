// A file's environment for classify(): the `runtimes` setting first, then its package's framework.
import type { Environment } from '../core/environment.js';
import type { Policy } from '../core/policy.js';
import { deployedAsOwnFunction } from './bundles.js';
import { entryPointShutdown, frameworkOf, runsAsServer } from './framework.js';
import { fileRole, isLibraryPackage } from './roles.js';

/** `source`: the file's text when the caller has it (an editor's buffer); else read from the disk when needed. */
export function environmentOf(filename: string, policy: Policy, source?: string): Environment {
  const framework = frameworkOf(filename);
  const role = fileRole(filename, policy.root, source, framework.framework);
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
    library: isLibraryPackage(filename, framework.ownsProcess),
    ownFunction: runtime === 'serverless' && deployedAsOwnFunction(filename),
  };
}
