// A file's environment for classify(): the `runtimes` setting first, then its package's framework.
import type { Environment } from '../core/classify.js';
import type { Policy } from '../core/policy.js';
import { frameworkOf } from './framework.js';

export function environmentOf(filename: string, policy: Policy): Environment {
  const framework = frameworkOf(filename);
  return { hotReload: framework.hotReload, runtime: policy.runtimeFor(filename) ?? framework.runtime };
}
