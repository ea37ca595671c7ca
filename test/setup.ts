// Wire typescript-eslint's RuleTester to vitest once, for every rule suite.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';
import { removeTempDirs } from './helpers/temp.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Every folder made with test/helpers/temp.ts goes when its test file ends.
afterAll(removeTempDirs);
