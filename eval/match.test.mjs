// node --test eval/ : the harness's matching, on plain objects (kept out of the vitest suite, which
// covers the product; this covers the measuring stick).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeRepo, matchByLocation } from './match.mjs';

const at = (line, rule = 'no-client-per-request', file = 'a.ts') => ({ file, line, rule });

test('an exact line wins over a nearer-in-order near miss', () => {
  const { pairs } = matchByLocation([at(10), at(12)], [at(12), at(10)]);
  assert.deepEqual(pairs.sort(), [[0, 1], [1, 0]]);
});

test('a line that moved by up to 3 still matches, by 4 it does not', () => {
  assert.equal(matchByLocation([at(13)], [at(10)]).pairs.length, 1);
  assert.equal(matchByLocation([at(14)], [at(10)]).pairs.length, 0);
});

test('file and rule must agree', () => {
  assert.equal(matchByLocation([at(10, 'other-rule')], [at(10)]).pairs.length, 0);
  assert.equal(matchByLocation([at(10, undefined, 'b.ts')], [at(10)]).pairs.length, 0);
});

test('each expectation is used once', () => {
  const result = matchByLocation([at(10), at(11)], [at(10)]);
  assert.deepEqual(result.pairs, [[0, 0]]);
  assert.deepEqual(result.unmatchedFindings, [1]);
});

test('judgeRepo counts verdicts, classes, misses found and entries gone', () => {
  const entry = {
    findings: [
      { ...at(1), verdict: 'real' },
      { ...at(5), verdict: 'false', class: 'memo-helper' },
      { ...at(9), verdict: 'arguable' },
      { ...at(40), verdict: 'real' },
    ],
    misses: [{ ...at(20), why: 'x' }, { ...at(30), why: 'y' }],
  };
  const judged = judgeRepo([at(1), at(6), at(9), at(21), at(50)], entry);
  assert.deepEqual(judged.counts, { real: 2, arguable: 1, false: 1, todo: 0 });
  assert.deepEqual(judged.falseByClass, { 'memo-helper': 1 });
  assert.deepEqual(judged.unjudged, [at(50)]);
  assert.deepEqual(judged.gone.map((e) => e.line), [40]);
  assert.deepEqual(judged.missesMissed.map((m) => m.line), [30]);
  assert.equal(judged.knownRealFound, 2);
  assert.equal(judged.knownRealTotal, 4);
});
