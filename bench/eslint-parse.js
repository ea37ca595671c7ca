// `node bench/eslint-parse.js <dir> [--recommended] [--poolguard]`: ESLint with the typescript-eslint
// parser over the files `poolguard check` discovers there (the same set), with zero rules by default;
// optionally typescript-eslint's recommended rules and poolguard's. Prints the files and findings.
import path from 'node:path';
import { ESLint } from 'eslint';
import parser from '@typescript-eslint/parser';
import tseslint from 'typescript-eslint';
import plugin from '../dist/src/plugin.js';
import { discoverFiles, EXTENSIONS } from '../dist/src/cli/discover.js';

const [dirArg, ...flags] = process.argv.slice(2);
const dir = path.resolve(dirArg);
const { files } = await discoverFiles([dir], dir, dir);
const patterns = EXTENSIONS.map((ext) => `**/*.${ext}`);
const configs = [{ files: patterns, languageOptions: { parser } }];
if (flags.includes('--recommended')) configs.push(...tseslint.configs.recommended.map((config) => ({ ...config, files: patterns })));
if (flags.includes('--poolguard')) configs.push({ files: patterns, plugins: { poolguard: plugin }, rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [`poolguard/${id}`, 'error'])) });
const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs, warnIgnored: false });
const results = await eslint.lintFiles(files);
const findings = results.reduce((n, r) => n + r.messages.filter((m) => m.ruleId?.startsWith('poolguard/')).length, 0);
console.log(JSON.stringify({ files: results.length, findings }));
