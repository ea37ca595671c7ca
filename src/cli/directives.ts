// ESLint's reading of a file, for `poolguard check` without ESLint's Linter: where a problem is
// (`line`/`column` as ESLint counts them) and which `eslint-disable…` comments silence it. Written
// from ESLint 10's own code (source-code.js getDisableDirectives, linter.js createDisableDirectives,
// apply-disable-directives.js); test/cli/direct-lint.test.ts holds every fixture, and a set of
// directive cases, to the Linter's output. Inline rule configuration (`/* eslint poolguard/x: … */`)
// is not read here: lint.ts hands such a file to ESLint itself.

export interface Position {
  /** 1-based. */
  line: number;
  /** 0-based, like ESLint's `loc.column`. */
  column: number;
}

/** ESLint's line breaks (SourceCode's lineBreakPattern). */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/** Offset → line and column, as SourceCode.getLocFromIndex gives them. */
export function locator(text: string): (offset: number) => Position {
  const starts = [0];
  for (const match of text.matchAll(LINE_BREAK)) starts.push(match.index + match[0].length);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low]! };
  };
}

export interface Comment {
  type: 'Line' | 'Block' | string;
  value: string;
  range: readonly [number, number];
}

/** `@eslint/plugin-kit`'s ConfigCommentParser.parseDirective: the label, its value, no justification. */
export function parseDirective(comment: string): { label: string; value: string } | undefined {
  const justification = /\s-{2,}\s/u.exec(comment);
  const directive = (justification ? comment.slice(0, justification.index) : comment).trim();
  const match = /^([a-z]+(?:-[a-z]+)*)(?:\s|$)/u.exec(directive);
  if (!match) return undefined;
  return { label: match[1]!, value: directive.slice(match[1]!.length).trim() };
}

/** A block comment configuring a poolguard rule inline: only ESLint applies that exactly. */
export function configuresRulesInline(comments: readonly Comment[], prefix: string): boolean {
  return comments.some((c) => {
    if (c.type !== 'Block') return false;
    const directive = parseDirective(c.value);
    return directive?.label === 'eslint' && directive.value.includes(prefix);
  });
}

interface Directive {
  type: 'disable' | 'enable';
  line: number;
  /** 1-based; 0 sorts an `enable` before any problem on its line. */
  column: number;
  ruleId: string | null;
}

/** ConfigCommentParser.parseListConfig: the rule ids a directive names (none: every rule). */
function ruleIdsOf(value: string): string[] {
  const ids = new Set<string>();
  for (const name of value.split(',')) {
    const id = name.trim().replace(/^(?<quote>['"]?)(?<ruleId>.*)\k<quote>$/su, '$<ruleId>');
    if (id) ids.add(id);
  }
  return [...ids];
}

function compare(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

/** The block directives (`eslint-disable`/`eslint-enable`) and the line ones, ESLint's two passes. */
function directivesOf(comments: readonly Comment[], at: (offset: number) => Position): { block: Directive[]; line: Directive[] } {
  const block: Directive[] = [];
  const line: Directive[] = [];
  for (const comment of comments) {
    const directive = parseDirective(comment.value);
    if (!directive) continue;
    const { label, value } = directive;
    const lineOnly = label === 'eslint-disable-line' || label === 'eslint-disable-next-line';
    if (label !== 'eslint-disable' && label !== 'eslint-enable' && !lineOnly) continue;
    // `// eslint-disable` is no directive: only the -line forms work in line comments.
    if (comment.type === 'Line' && !lineOnly) continue;
    const start = at(comment.range[0]);
    const end = at(comment.range[1]);
    // A multi-line `eslint-disable-line` is an error ESLint reports, and ignores.
    if (label === 'eslint-disable-line' && start.line !== end.line) continue;
    const ids = ruleIdsOf(value);
    // (ESLint drops the ids of rules it has not loaded: never a poolguard id, so never a match either.)
    for (const ruleId of ids.length > 0 ? ids : [null]) {
      if (label === 'eslint-disable' || label === 'eslint-enable') {
        block.push({ type: label === 'eslint-disable' ? 'disable' : 'enable', line: start.line, column: start.column + 1, ruleId });
      } else {
        const target = label === 'eslint-disable-line' ? start.line : end.line + 1;
        line.push({ type: 'disable', line: target, column: 1, ruleId }, { type: 'enable', line: target + 1, column: 0, ruleId });
      }
    }
  }
  return { block: block.sort(compare), line: line.sort(compare) };
}

/** apply-disable-directives.js's applyDirectives: a problem is silenced by a disable since the last matching enable. */
function silenced(problem: { ruleId: string | null; line: number; column: number }, directives: readonly Directive[]): boolean {
  let disabled = false;
  for (const directive of directives) {
    if (compare(directive, problem) > 0) break;
    if (directive.ruleId !== null && directive.ruleId !== problem.ruleId) continue;
    disabled = directive.type === 'disable';
  }
  return disabled;
}

/** The problems (sorted by location, 1-based columns) no directive silences. */
export function applyDisableDirectives<P extends { ruleId: string | null; line: number; column: number }>(
  problems: readonly P[],
  comments: readonly Comment[],
  at: (offset: number) => Position,
): P[] {
  if (problems.length === 0) return [];
  const { block, line } = directivesOf(comments, at);
  if (block.length === 0 && line.length === 0) return [...problems];
  return problems.filter((p) => !silenced(p, block) && !silenced(p, line));
}
