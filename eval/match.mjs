// Pairs today's findings with the judged expectations of one repository (pure: plain data in and out).
// A finding matches an expectation of the same file and rule at the same line, else the nearest one
// within LINE_SLACK lines (messages and ranges move lines a little); each side is used at most once.

export const LINE_SLACK = 3;

/**
 * @param {Array<{file: string, line: number, rule: string}>} findings today's findings
 * @param {Array<{file: string, line: number, rule: string}>} expected judged findings or known misses
 * @returns {{ pairs: Array<[number, number]>, unmatchedFindings: number[], unmatchedExpected: number[] }}
 *   pairs of [finding index, expected index]
 */
export function matchByLocation(findings, expected) {
  const key = (x) => `${x.file}\0${x.rule}`;
  const freeExpected = new Map();
  expected.forEach((e, i) => {
    const list = freeExpected.get(key(e)) ?? [];
    list.push(i);
    freeExpected.set(key(e), list);
  });
  const pairs = [];
  const matchedFinding = new Set();
  const take = (fi, ei) => {
    pairs.push([fi, ei]);
    matchedFinding.add(fi);
    const list = freeExpected.get(key(expected[ei]));
    list.splice(list.indexOf(ei), 1);
  };
  // Exact lines first, so a near miss never steals the entry of a finding that did not move.
  findings.forEach((f, fi) => {
    const ei = (freeExpected.get(key(f)) ?? []).find((i) => expected[i].line === f.line);
    if (ei !== undefined) take(fi, ei);
  });
  findings.forEach((f, fi) => {
    if (matchedFinding.has(fi)) return;
    let best;
    for (const i of freeExpected.get(key(f)) ?? []) {
      const distance = Math.abs(expected[i].line - f.line);
      if (distance <= LINE_SLACK && (best === undefined || distance < Math.abs(expected[best].line - f.line))) best = i;
    }
    if (best !== undefined) take(fi, best);
  });
  const matchedExpected = new Set(pairs.map(([, ei]) => ei));
  return {
    pairs,
    unmatchedFindings: findings.map((_, i) => i).filter((i) => !matchedFinding.has(i)),
    unmatchedExpected: expected.map((_, i) => i).filter((i) => !matchedExpected.has(i)),
  };
}

/**
 * Today's findings of one repository against its entry in expectations.json.
 * Findings matched to a known miss count as real (the miss is now found).
 */
export function judgeRepo(findings, entry) {
  const judged = entry?.findings ?? [];
  const misses = entry?.misses ?? [];
  const first = matchByLocation(findings, judged);
  const rest = first.unmatchedFindings.map((i) => findings[i]);
  const second = matchByLocation(rest, misses);
  const counts = { real: 0, arguable: 0, false: 0, todo: 0 };
  const falseByClass = {};
  const matched = [];
  for (const [fi, ei] of first.pairs) {
    const expectation = judged[ei];
    const verdict = ['real', 'arguable', 'false'].includes(expectation.verdict) ? expectation.verdict : 'todo';
    counts[verdict]++;
    if (verdict === 'false') falseByClass[expectation.class ?? 'unclassified'] = (falseByClass[expectation.class ?? 'unclassified'] ?? 0) + 1;
    matched.push({ finding: findings[fi], expectation });
  }
  const missesFound = second.pairs.map(([fi, mi]) => ({ finding: rest[fi], miss: misses[mi] }));
  counts.real += missesFound.length;
  return {
    counts,
    falseByClass,
    matched,
    unjudged: second.unmatchedFindings.map((i) => rest[i]),
    gone: first.unmatchedExpected.map((i) => judged[i]),
    missesFound,
    missesMissed: second.unmatchedExpected.map((i) => misses[i]),
    knownRealTotal: judged.filter((e) => e.verdict === 'real').length + misses.length,
    knownRealFound: first.pairs.filter(([, ei]) => judged[ei].verdict === 'real').length + missesFound.length,
  };
}
