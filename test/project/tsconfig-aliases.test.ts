// The tsconfig `paths` and module settings poolguard reads without TypeScript (get-tsconfig,
// src/project/specifier.ts) are those TypeScript reads: every tsconfig among the fixtures, and the
// shapes of `extends` real monorepos use.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { aliasesFor, clearAliasCache } from '../../src/project/specifier.js';
import { toPosix } from '../../src/core/policy.js';
import { parseJsoncText } from '../../src/io/read.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';

/**
 * What TypeScript's own reading of the config gives: `paths` against baseUrl when there is one, else
 * the folder of the config that declares them (pathsBasePath). (Before get-tsconfig, poolguard
 * preferred pathsBasePath, so `baseUrl: "./src"` with `"@/*": ["./*"]` pointed at the root.)
 */
function byTypescript(config: string) {
  const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, readDirectory: () => [], onUnRecoverableConfigFileDiagnostic: () => undefined });
  const options = parsed?.options ?? {};
  const base = options.baseUrl ?? (options.pathsBasePath ? String(options.pathsBasePath) : path.dirname(config));
  const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    prefix: pattern.replace(/\*$/, ''),
    targets: targets.map((t) => toPosix(path.resolve(base, t.replace(/\*$/, '')))),
  }));
  const node = [ts.ModuleKind.NodeNext, ts.ModuleKind.Node16].includes(options.module!) || [ts.ModuleResolutionKind.NodeNext, ts.ModuleResolutionKind.Node16].includes(options.moduleResolution!);
  return { paths, nodeNext: node };
}

function configsUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /(?:^|\/)(?:tsconfig|jsconfig)\.json$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

function write(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}

describe('tsconfig paths without TypeScript', () => {
  it('every fixture tsconfig reads as TypeScript reads it', () => {
    const configs = configsUnder(FIXTURES);
    expect(configs.length).toBeGreaterThan(3);
    for (const config of configs) {
      clearAliasCache();
      expect({ config, aliases: aliasesFor(path.join(path.dirname(config), 'x.ts')) }).toEqual({ config, aliases: byTypescript(config) });
    }
  });

  const shapes: Array<[name: string, files: Record<string, string>]> = [
    ['paths with baseUrl, comments, trailing commas', { 'tsconfig.json': '{ // app\n "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["./*"], "~db": ["lib/db.ts"], }, "module": "NodeNext" } }' }],
    ['paths from an extended config without baseUrl (relative to that config)', { 'tsconfig.json': '{ "extends": "./config/base.json" }', 'config/base.json': '{ "compilerOptions": { "paths": { "@lib/*": ["../src/lib/*"] }, "moduleResolution": "node16" } }' }],
    ['baseUrl from the base, paths here', { 'tsconfig.json': '{ "extends": "./config/base.json", "compilerOptions": { "paths": { "#/*": ["app/*"] } } }', 'config/base.json': '{ "compilerOptions": { "baseUrl": ".." } }' }],
    ['extends a package, then an array', {
      'tsconfig.json': '{ "extends": ["@acme/tsconfig/next.json", "./local.json"] }',
      'local.json': '{ "compilerOptions": { "module": "esnext" } }',
      'node_modules/@acme/tsconfig/package.json': '{ "name": "@acme/tsconfig" }',
      'node_modules/@acme/tsconfig/next.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] }, "module": "nodenext" } }',
    }],
    ['${configDir} in paths', { 'tsconfig.json': '{ "extends": "./base.json" }', 'base.json': '{ "compilerOptions": { "paths": { "@/*": ["${configDir}/src/*"] } } }' }],
    ['no compilerOptions', { 'tsconfig.json': '{}' }],
    ['extends a file not generated yet (TypeScript reads the own options)', { 'tsconfig.json': '{ "extends": "./.svelte-kit/tsconfig.json", /* sync */ "compilerOptions": { "paths": { "$db": ["./src/db.ts"], "$lib/*": ["./src/lib/*",], }, "module": "Node16" } }' }],
    ['extends a preset package not installed', { 'tsconfig.json': '{ "extends": "@repo/typescript-config/base.json", "compilerOptions": { "baseUrl": "src", "paths": { "~/*": ["./*"] } } }' }],
  ];
  it.each(shapes)('%s', (_name, files) => {
    const root = tempDir('poolguard-tsconfig-');
    write(root, files);
    clearAliasCache();
    const config = path.join(root, 'tsconfig.json');
    const expected = byTypescript(config);
    expect(aliasesFor(path.join(root, 'src/x.ts'))).toEqual(expected);
  });

  it('reads comments and trailing commas, never inside strings', () => {
    expect(parseJsoncText('{ "a": "// not a comment", /* c */ "b": ["x,]", ], // end\n "c": "\\"/*" , }')).toEqual({ a: '// not a comment', b: ['x,]'], c: '"/*' });
  });

  it('a tsconfig that is not JSON gives no aliases, as before', () => {
    const root = tempDir('poolguard-tsconfig-');
    write(root, { 'tsconfig.json': '{ "compilerOptions": ' });
    clearAliasCache();
    expect(aliasesFor(path.join(root, 'x.ts'))?.paths ?? []).toEqual([]);
  });
});
