// Copied into the consumer project as eslint.config.js (named otherwise here, so that ESLint 10's
// per-folder config lookup does not apply it to this fixture inside the repository). The flat config
// the README's "ESLint setup" shows.
import poolguard from 'eslint-plugin-poolguard';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  poolguard.configs.recommended,
];
