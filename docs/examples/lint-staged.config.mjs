// lint-staged.config.mjs: `poolguard check` on the staged source files before each commit (with husky
// or simple-git-hooks running `npx lint-staged` as the pre-commit hook). lint-staged appends the
// staged files' paths to the command and runs it from node_modules/.bin. Test files, scripts and
// generated code stay exempt when named explicitly, as in `poolguard check` on a folder. See docs/ci.md.
export default {
  '*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}': 'poolguard check',
};
