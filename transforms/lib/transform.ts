// The jscodeshift entry point every transform exports: pick the parser for the file, build the
// context from jscodeshift's options, rewrite, and report what was left through jscodeshift.
import type { API, FileInfo, JSCodeshift } from 'jscodeshift';
import type { Finding, RuleId } from '../../src/core/findings.js';
import { contextFromOptions } from '../../src/codemod/context.js';
import type { FixContext } from '../../src/codemod/types.js';
import type { RewriteResult, TransformOptions } from '../../src/codemod/types.js';
import { parserFor } from './edit.js';

export type Rewrite = (file: FileInfo, j: JSCodeshift, context: FixContext) => RewriteResult;

export function jscodeshiftTransform(ruleId: string, rewrite: Rewrite) {
  return function transform(file: FileInfo, api: API, options: TransformOptions): string | undefined {
    const j = api.jscodeshift.withParser(parserFor(file.path));
    const result = rewrite(file, j, contextFromOptions(file.path, options));
    // `report` is absent in jscodeshift's testUtils.
    for (const site of result.unsafe) api.report?.(`${file.path}: left as is (${ruleId}): ${site.reason}`);
    return result.output;
  };
}

/** The findings a step rewrites: its rule's, or only the one `context.only` names. */
export function findingsToRewrite(findings: readonly Finding[], ruleId: RuleId, context: FixContext): Finding[] {
  const only = context.only;
  return findings.filter((f) => f.ruleId === ruleId && (!only || (f.range[0] === only[0] && f.range[1] === only[1])));
}
