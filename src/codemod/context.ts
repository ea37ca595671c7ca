// Builds what a rewrite needs from jscodeshift options (stock jscodeshift) or from `poolguard fix`.
import path from 'node:path';
import type { Policy } from '../core/policy.js';
import { projectPolicy } from '../project/policy.js';
import { sharingSingleton } from '../project/singletons.js';
import type { FixContext } from './types.js';
import type { TransformOptions } from './types.js';

export function contextFromOptions(file: string, options: TransformOptions = {}): FixContext {
  const root = path.resolve(options.root ?? process.cwd());
  return contextWithPolicy(file, projectPolicy(options, root), options);
}

/** The same context over a policy built already (an ESLint rule's, from its settings). */
export function contextWithPolicy(file: string, policy: Policy, options: TransformOptions = {}): FixContext {
  const explicit = options.singleton ? path.resolve(options.singleton) : undefined;
  // jscodeshift passes CLI flags through as written: --accept-option-loss or --acceptOptionLoss.
  const acceptOptionLoss = options.acceptOptionLoss ?? (options as Record<string, unknown>)['accept-option-loss'] === true;
  return {
    ...options,
    acceptOptionLoss,
    policy,
    singletonFor: (family, module, client) => {
      if (explicit) return explicit;
      // The nearest singleton that really exports a client of this family: the one `check` names.
      return sharingSingleton(policy, path.resolve(file), module, family, client);
    },
  };
}
