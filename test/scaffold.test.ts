// `npm run new -- <id>` (scripts/new-rule.mjs): the files a new rule needs, named by its id, never
// overwriting one, and a clear refusal of an id that breaks the naming convention.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeScaffold } from '../scripts/new-rule.mjs';
import { tempDir } from './helpers/temp.js';

describe('npm run new', () => {
  it('creates the decision, rule, doc, transform, fixtures and rule suite of a new id', () => {
    const root = tempDir('poolguard-new-');
    expect(writeScaffold(root, 'no-pool-in-loop')).toEqual([
      'src/core/checks/no-pool-in-loop.ts',
      'rules/no-pool-in-loop.ts',
      'rules/no-pool-in-loop.md',
      'transforms/no-pool-in-loop.ts',
      'fixtures/no-pool-in-loop/valid-example.input.ts',
      'fixtures/no-pool-in-loop/unsafe-example.input.ts',
      'test/rules/no-pool-in-loop.test.ts',
    ]);
    const rule = fs.readFileSync(path.join(root, 'rules/no-pool-in-loop.ts'), 'utf8');
    expect(rule).toContain("name: 'no-pool-in-loop'");
    expect(rule).toContain('// Decision: src/core/checks/no-pool-in-loop.ts');
    expect(fs.readFileSync(path.join(root, 'src/core/checks/no-pool-in-loop.ts'), 'utf8')).toContain('export function noPoolInLoop(');
    expect(fs.readFileSync(path.join(root, 'transforms/no-pool-in-loop.ts'), 'utf8')).toContain("const RULE = 'no-pool-in-loop' as const;");
  });

  it('refuses to overwrite, and writes nothing then', () => {
    const root = tempDir('poolguard-new-');
    fs.mkdirSync(path.join(root, 'rules'));
    fs.writeFileSync(path.join(root, 'rules/no-pool-in-loop.md'), 'mine');
    expect(() => writeScaffold(root, 'no-pool-in-loop')).toThrow('rules/no-pool-in-loop.md already exists: nothing written');
    expect(fs.existsSync(path.join(root, 'rules/no-pool-in-loop.ts'))).toBe(false);
  });

  it('refuses an id that does not follow the naming convention', () => {
    expect(() => writeScaffold(tempDir('poolguard-new-'), 'PoolInLoop')).toThrow('"PoolInLoop" is not a rule id');
  });
});
