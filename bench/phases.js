// `node bench/phases.js <dir>`: where `poolguard check`'s time goes on one project, phase by phase:
// discovery, the project model (and how much of it is parsing), the linter (and what ESLint's own
// zero-rule parse of the same files would cost). In-process, after `npm run build`; prints, never asserts.
import path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { discoverFiles } from '../dist/src/cli/discover.js';
import { loadConfig } from '../dist/src/cli/config.js';
import { buildProjectModel, modelRoot } from '../dist/src/project/model/index.js';
import { parseSource } from '../dist/src/estree/parse.js';
import { createPolicy, toPosix } from '../dist/src/core/policy.js';
import { importSpecifiers, mayCreateClient } from '../dist/src/core/prefilter.js';
import { cliRules, createFileLinter } from '../dist/src/cli/lint.js';

const dir = path.resolve(process.argv[2] ?? '.');
const time = (fn) => {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
};
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const loaded = loadConfig(dir);
const root = loaded.source ? loaded.root : modelRoot(dir);
const discoverStart = performance.now();
const { files } = await discoverFiles([dir], dir, root, loaded.settings.ignores ?? []);
const discover = performance.now() - discoverStart;
const [model, modelMs] = time(() => buildProjectModel({ files, root, settings: loaded.settings }));
const text = (file) => model.textOf(toPosix(path.resolve(file))) ?? '';
// The files the model parses: those importing a client module at all (its step 1).
const base = createPolicy(loaded.settings, root);
const modelParsed = files.filter((file) => importSpecifiers(text(file)).some((spec) => base.isClientModule(file, spec)));
const [, modelParseMs] = time(() => { for (const file of modelParsed) try { parseSource(file, text(file)); } catch { /* reported by check */ } });
const creators = modelParsed.filter((file) => mayCreateClient(text(file), file, base));

const linter = createFileLinter(model.settings, root, cliRules());
let parsed = [];
const [, lintMs] = time(() => { for (const file of files) if (linter.lintFile(file, text(file)).parsed) parsed.push(file); });
// ESLint with zero rules on the same files: its parse plus scope analysis, what the linter pays before any rule runs.
const bare = new Linter({ configType: 'flat', cwd: '/' });
const config = [{ files: ['**/*'], languageOptions: { parser } }];
const [, lintParseMs] = time(() => { for (const file of parsed) bare.verify(text(file), config, file); });

console.log(`${dir}: ${files.length} files`);
console.log(`discover            ${s(discover)}`);
console.log(`project model       ${s(modelMs)}  (parses ${modelParsed.length} files: ${s(modelParseMs)}; of those ${creators.length} pass mayCreateClient)`);
console.log(`linter              ${s(lintMs)}  (parses ${parsed.length} files; ESLint's zero-rule parse of them: ${s(lintParseMs)})`);
console.log(`rss now             ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB`);
