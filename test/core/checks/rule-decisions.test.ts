// Each rule file names, in one comment line, the check file where its id's decision lives.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_IDS } from '../../../src/core/findings.js';

const root = new URL('../../../', import.meta.url);

describe('rules/<id>.ts names its decision', () => {
  it.each(RULE_IDS)('%s', (id) => {
    const lines = readFileSync(new URL(`rules/${id}.ts`, root), 'utf8').split('\n');
    const leading = lines.slice(0, lines.findIndex((line) => !line.startsWith('//')));
    expect(leading).toContain(`// Decision: src/core/checks/${id}.ts`);
    expect(existsSync(new URL(`src/core/checks/${id}.ts`, root))).toBe(true);
  });
});
