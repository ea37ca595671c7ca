// The jscodeshift entry point every transform exports: pick the parser for the file, build the
// context from jscodeshift's options, rewrite, and report what was left through jscodeshift.
import path from 'node:path';
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import type { Finding, RuleId } from '../../src/core/findings.js';
import { contextFromOptions } from '../../src/codemod/context.js';
import { SETTINGS_KEYS, type PoolguardSettings } from '../../src/core/policy.js';
import { MODEL_APPLIED, projectSettingsFor } from '../../src/project/project-settings.js';
import type { FixContext } from '../../src/codemod/types.js';
import type { RewriteResult, TransformOptions } from '../../src/codemod/types.js';
import { parserFor } from './edit.js';
import { analyseFile } from '../../src/project/analyse.js';

export type Rewrite = (file: FileInfo, j: JSCodeshift, context: FixContext) => RewriteResult;

export function jscodeshiftTransform(ruleId: string, rewrite: Rewrite) {
  return function transform(file: FileInfo, api: API, options: TransformOptions): string | undefined {
    const j = api.jscodeshift.withParser(parserFor(file.path));
    const result = rewrite(file, j, contextFromOptions(file.path, withProjectModel(file.path, options)));
    // `report` is absent in jscodeshift's testUtils.
    for (const site of result.unsafe) api.report?.(`${file.path}: left as is (${ruleId}): ${site.reason}`);
    return result.output;
  };
}

/**
 * Under stock jscodeshift the options hold only its flags: the transform decides over the same project
 * model as `poolguard check` and the editor (factories found in other files, inferred singletons).
 * `poolguard fix` passes the model's settings already, marked with `poolguardModelApplied`.
 */
export function withProjectModel(file: string, options: TransformOptions): TransformOptions {
  if ((options as Record<string, unknown>)[MODEL_APPLIED]) return options;
  const user: PoolguardSettings = {};
  for (const key of [...SETTINGS_KEYS, 'root', 'sharedModules', 'clientReexports'] as const) {
    if (options[key] !== undefined) (user as Record<string, unknown>)[key] = options[key];
  }
  const project = projectSettingsFor(path.resolve(file), user);
  return project ? { ...options, ...project.settings, root: project.root } : options;
}

/** The findings a step rewrites: its rule's, or only the one `context.only` names. */
export function findingsToRewrite(findings: readonly Finding[], ruleId: RuleId, context: FixContext): Finding[] {
  const only = context.only;
  return findings.filter((f) => f.ruleId === ruleId && (!only || (f.range[0] === only[0] && f.range[1] === only[1])));
}

/** A step with no automatic fix: each of its rule's findings is reported, with why (`reason`). */
export function reportOnly(ruleId: RuleId, reason: (finding: Finding) => string): Rewrite {
  return (file, _j, context) => ({
    output: undefined,
    rewritten: [],
    unsafe: findingsToRewrite(analyseFile(file.path, file.source, context.policy).findings, ruleId, context).map((f) => ({ ruleId, range: f.range, reason: reason(f) })),
  });
}
