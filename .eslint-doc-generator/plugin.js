// The plugin as eslint-doc-generator sees it. Its loader `require()`s the package first, and Node's
// require(esm) of dist/src/plugin.js returns the module namespace ({ default, rules }), which hides
// `configs` and `meta`; a module whose only export is the default is unwrapped to the plugin itself.
export { default } from '../dist/src/plugin.js';
