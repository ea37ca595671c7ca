// eslint-doc-generator writes the rules table in README.md (between its markers) and the header of
// each rules/<id>.md (down to `<!-- end auto-generated rule header -->`). `npm run docs` writes them,
// `npm run docs:check` (run by .ci/run) fails when they are stale. The plugin is loaded through
// .eslint-doc-generator/ (see plugin.js there), so paths are relative to that folder.
/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  pathRuleDoc: '../rules/{name}.md',
  pathRuleList: '../README.md',
  ruleDocTitleFormat: 'prefix-name',
  // `all` enables every rule; listing it in every header says nothing.
  ignoreConfig: ['all'],
  ruleDocSectionInclude: ['Why', 'Examples', 'Options', 'Codemod', 'When Not To Use It'],
};
