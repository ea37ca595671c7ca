// Builds what a rewrite needs from jscodeshift options (stock jscodeshift) or from `poolguard fix`.
import path from 'node:path';
import { createPolicy } from '../core/policy.js';
import { nearestSingleton } from '../project/singletons.js';
import type { FixContext } from './fix-source.js';
import type { TransformOptions } from './types.js';

export function contextFromOptions(file: string, options: TransformOptions = {}): FixContext {
  const root = path.resolve(options.root ?? process.cwd());
  const policy = createPolicy(options, root);
  const explicit = options.singleton ? path.resolve(options.singleton) : undefined;
  return {
    ...options,
    policy,
    singletonFor: (family, module) => {
      if (explicit) return explicit;
      const found = nearestSingleton(policy, path.resolve(file), module, family);
      return found === undefined ? undefined : path.resolve(root, found);
    },
  };
}
