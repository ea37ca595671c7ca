// The synthetic monorepo of `npm run bench` seeds offenders that check must find, exactly: the bench
// only prints a WRONG line, so a detection change that stops seeing one must fail here instead.
import { expect, it } from 'vitest';
import { generate } from '../bench/generate.js';
import { runCheck } from '../src/cli/check.js';
import { tempDir } from './helpers/temp.js';

it('check finds every seeded offender of the synthetic monorepo, and nothing else', async () => {
  const dir = tempDir('poolguard-synthetic-');
  // Smaller than the bench's tree, with every kind of offender.
  const { expected } = generate(dir, { packages: 6, filesPerPackage: 400 }) as { expected: Record<string, number> };
  expect(Object.values(expected).every((n) => n > 0)).toBe(true);
  const { results } = await runCheck([dir], dir);
  const found: Record<string, number> = {};
  for (const { messages } of results) for (const { ruleId } of messages) if (ruleId) found[ruleId.replace('poolguard/', '')] = (found[ruleId.replace('poolguard/', '')] ?? 0) + 1;
  expect(found).toEqual(expected);
});
