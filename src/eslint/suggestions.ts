// Editor quick fixes. A finding's suggestion is the codemod's own rewrite of that one site: its
// transform step runs on the editor's text, restricted to the site (`FixContext.only`), and the
// before/after becomes one text replacement. No suggestion where the step leaves the site (an unsafe
// site, or no singleton module to import: creating one writes another file, which only `poolguard fix`
// does), or where its output fails the check `poolguard fix` runs before writing. Cost: one transform
// run per finding (each restricted to its site; for a file's only finding that is the whole-file
// run), and none on a file without findings. No autofix: every one of these rewrites can change what
// the code does at run time.
import { createRequire } from 'node:module';
import type { JSCodeshift } from 'jscodeshift';
import type { Range } from '../core/facts.js';
import type { Policy, PoolguardSettings } from '../core/policy.js';
import { contextWithPolicy } from '../codemod/context.js';
import { rewriteProblem } from '../codemod/verify.js';
import { parserFor } from '../../transforms/lib/edit.js';
import type { Rewrite } from '../../transforms/lib/transform.js';

export interface Replacement {
  range: Range;
  text: string;
}

export interface SiteRequest {
  filename: string;
  text: string;
  settings: PoolguardSettings;
  policy: Policy;
  /** The finding's range, as the core reported it. */
  range: Range;
  rewrite: Rewrite;
}

// jscodeshift (with its parsers) loads only once a file has a finding to suggest for, not with the plugin.
const require = createRequire(import.meta.url);
let jscodeshift: JSCodeshift | undefined;

/** The codemod's rewrite of the site at `range` as one replacement of `text`, or undefined when there is none. */
export function siteRewrite({ filename, text, settings, policy, range, rewrite }: SiteRequest): Replacement | undefined {
  jscodeshift ??= require('jscodeshift') as JSCodeshift;
  const context = { ...contextWithPolicy(filename, policy, settings), only: range };
  let output: string | undefined;
  try {
    const result = rewrite({ path: filename, source: text }, jscodeshift.withParser(parserFor(filename)), context);
    if (!result.rewritten.some((r) => r.range[0] === range[0] && r.range[1] === range[1])) return undefined;
    output = result.output;
  } catch {
    // A transform that throws on this text offers nothing; the finding is still reported.
    return undefined;
  }
  if (output === undefined || output === text || rewriteProblem(filename, text, output) !== undefined) return undefined;
  return minimalReplacement(text, output);
}

/** The one replacement that turns `before` into `after`: everything between their common prefix and suffix. */
export function minimalReplacement(before: string, after: string): Replacement {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { range: [start, before.length - end], text: after.slice(start, after.length - end) };
}
