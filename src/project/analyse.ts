// Facts and findings for a file on disk's terms: the core's analysis, in the environment its package
// gives it (framework, runtime, hot reload). The codemod and the transforms call this one.
import type { Policy } from '../core/policy.js';
import { analyseSource, type Analysis } from '../estree/analyse.js';
import { environmentOf } from './environment.js';

export function analyseFile(filename: string, source: string, policy: Policy): Analysis {
  return analyseSource(filename, source, policy, environmentOf(filename, policy, source));
}
