// The codemod's contract, shared by the jscodeshift transforms, `poolguard fix` and the parity test.
import type { Range } from '../core/facts.js';
import type { RuleId } from '../core/findings.js';
import type { Policy, PoolguardSettings } from '../core/policy.js';

/** Options every transform accepts (jscodeshift passes CLI flags here; `poolguard fix` fills them). */
export interface TransformOptions extends PoolguardSettings {
  /** The singleton module to import the shared instance from (absolute, or relative to cwd). */
  singleton?: string;
  /** Rewrite even when the offender passes options the singleton lacks (they are dropped). */
  acceptOptionLoss?: boolean;
  /** Folder that settings globs are relative to (default: cwd). */
  root?: string;
  /** The rules to fix or report (default: every rule); the CLI passes the ones it checks. */
  rules?: readonly RuleId[];
}

export interface UnsafeSite {
  ruleId: RuleId;
  range: Range;
  /** Why the site was left as is, in one line (shown by the CLI summary and `api.report`). */
  reason: string;
}

export interface RewriteResult {
  /** The new source, or undefined when nothing changed. */
  output: string | undefined;
  /** Finding ranges that were rewritten. */
  rewritten: Array<{ ruleId: RuleId; range: Range }>;
  /** Findings left untouched, with the reason. */
  unsafe: UnsafeSite[];
}

/** What `poolguard fix` gives every transform step: the options plus the resolved policy. */
export interface FixContext extends TransformOptions {
  policy: Policy;
  /** The singleton module (absolute path) to import a client of this family/module from, if any. */
  singletonFor: (family: string, module: string, client?: string) => string | undefined;
  /**
   * Rewrite only the finding at this range (an editor suggestion for one site); the step leaves the
   * file's other findings of its rule alone and does not report them.
   */
  only?: Range;
}
