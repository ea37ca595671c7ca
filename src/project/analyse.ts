// Facts and findings for a file on disk's terms: the core's analysis, in the environment its package
// gives it (framework, runtime, hot reload). The codemod and the transforms call this one.
import type { Policy } from '../core/policy.js';
import { analyseSource, type Analysis } from '../estree/analyse.js';
import { environmentOf } from './environment.js';

// `fix` runs every transform over the same text in turn, and each asks for the analysis: parse once.
// Keyed by the exact text, so a rewritten file is analysed again; a few entries (an AST is large).
const recent = new Map<string, Analysis>();
const KEEP = 8;

export function analyseFile(filename: string, source: string, policy: Policy): Analysis {
  const key = `${policy.key}\0${filename}\0${source}`;
  const cached = recent.get(key);
  if (cached) {
    // Most recently used last.
    recent.delete(key);
    recent.set(key, cached);
    return cached;
  }
  const analysis = analyseSource(filename, source, policy, environmentOf(filename, policy, source));
  recent.set(key, analysis);
  if (recent.size > KEEP) recent.delete(recent.keys().next().value!);
  return analysis;
}
