// Lints poolguard itself: typescript-eslint everywhere, eslint-plugin-eslint-plugin on the rules,
// @vitest/eslint-plugin on the tests. Fixtures are deliberately wrong code and are not linted.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import vitest from '@vitest/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'fixtures/', 'node_modules/', '.bench/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['rules/**/*.ts'], ...eslintPlugin.configs.recommended },
  {
    files: ['test/**/*.ts'],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      'vitest/no-focused-tests': 'error',
      'vitest/valid-expect': ['error', { maxArgs: 2 }],
      'vitest/no-disabled-tests': 'error',
      'vitest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'ruleTester.run'] }],
    },
  },
);
