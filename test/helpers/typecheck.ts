// `tsc --noEmit` on a fixture project in-process, offline: each tsconfig.json of the project (or one
// synthesized program over all its code when it has none). The packages its package.json files
// name or its code imports are not installed: each becomes an untyped module (`declare module 'x';`), except those
// poolguard has types for (@types/pg, @types/node: not in a SvelteKit or Workers app, whose packages
// do not bring it); workspace packages resolve to their sources, as a real install's symlinks would.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './fixtures.js';

export interface TypeDiagnostic {
  file: string;
  code: number;
  message: string;
}

export interface TypecheckResult {
  diagnostics: TypeDiagnostic[];
  /** project-relative paths of the project's own files in some program */
  files: Set<string>;
}

const CODE = /\.(?:[cm]?[jt]sx?)$/;
const TYPES = path.join(ROOT, 'node_modules/@types');
const FRAMEWORKS = ['next', '@sveltejs/kit', 'hono', 'wrangler'];
// Apps whose installed packages bring no @types/node (a Node or Next.js app has it): `process` is not declared.
const WITHOUT_NODE_TYPES = ['@sveltejs/kit', 'hono', 'wrangler'];
// lib.*.d.ts and @types/node are parsed once for the whole test file.
const shared = new Map<string, ts.SourceFile>();

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, keep, out);
    else if (keep(entry.name)) out.push(full);
  }
  return out;
}

/** Bare package names (`pg`, `@scope/x`, not `@/lib` or `$lib`) the project's code imports. */
function importedPackages(root: string): string[] {
  const names = new Set<string>();
  for (const file of walk(root, (name) => CODE.test(name))) {
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles) {
      const name = fileName.split('/').slice(0, fileName.startsWith('@') ? 2 : 1).join('/');
      if (/^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(name) && !name.startsWith('node:')) names.add(name);
    }
  }
  return [...names];
}

/** The project's package.json files: workspace names → folder; the packages it names or already imports. */
function manifests(root: string) {
  const workspaces = new Map<string, { dir: string; entry?: string }>();
  const deps = new Set<string>(importedPackages(root));
  for (const file of walk(root, (name) => name === 'package.json')) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.name) workspaces.set(pkg.name, { dir: path.dirname(file), entry: pkg.types ?? pkg.main });
    for (const group of ['dependencies', 'devDependencies', 'peerDependencies']) for (const name of Object.keys(pkg[group] ?? {})) deps.add(name);
  }
  return { workspaces, deps };
}

interface Resolution {
  paths: Record<string, string[]>;
  ambient: string;
  framework: boolean;
  nodeTypes: boolean;
}

/** paths for the workspace packages and typed dependencies, and the shorthand declarations of the rest. */
function resolutionFor(root: string): Resolution {
  const { workspaces, deps } = manifests(root);
  const paths: Record<string, string[]> = {};
  for (const [name, { dir, entry }] of workspaces) {
    paths[name] = [...(entry ? [path.join(dir, entry)] : []), path.join(dir, 'src/index.ts'), path.join(dir, 'index.ts')];
    paths[`${name}/*`] = [path.join(dir, '*'), path.join(dir, 'src/*')];
  }
  const typesOf = (name: string) => path.join(TYPES, name.replace(/^@(.+)\//, '$1__'));
  const builtins = new Set(['fs', 'path', 'os', 'crypto', 'url', 'util', 'http', 'https', 'events', 'stream', 'child_process', 'process', 'buffer', 'module', 'worker_threads']);
  const external = [...deps].filter((name) => !workspaces.has(name) && !builtins.has(name));
  const untyped = external.filter((name) => !fs.existsSync(typesOf(name)));
  for (const name of external.filter((n) => !untyped.includes(n))) paths[name] = [typesOf(name)];
  const kit = deps.has('@sveltejs/kit');
  if (kit) Object.assign(paths, { $lib: [path.join(root, 'src/lib')], '$lib/*': [path.join(root, 'src/lib/*')] });
  const declared = [...untyped.flatMap((name) => [name, `${name}/*`]), ...(kit ? ['$env/*', '$app/*'] : [])];
  const nodeTypes = deps.has('@types/node') || !WITHOUT_NODE_TYPES.some((n) => deps.has(n));
  return { paths, ambient: declared.map((name) => `declare module '${name}';`).join('\n'), framework: FRAMEWORKS.some((n) => deps.has(n)), nodeTypes };
}

function programInputs(root: string, { paths, framework, nodeTypes }: Resolution, ambientFile: string): Array<{ key: string; rootNames: string[]; options: ts.CompilerOptions }> {
  const base: ts.CompilerOptions = { noEmit: true, skipLibCheck: true, types: nodeTypes ? ['node'] : [], typeRoots: [TYPES] };
  const configs = walk(root, (name) => name === 'tsconfig.json');
  const inputs = configs.map((config) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!parsed) throw new Error(`cannot read ${config}`);
    return { key: config, rootNames: [...parsed.fileNames, ambientFile], options: { ...parsed.options, ...base, paths: { ...paths, ...parsed.options.paths } } };
  });
  if (inputs.length === 0) {
    // A Node app runs under Node's module rules (extensions matter in ESM); a framework's bundler resolves.
    const module = framework ? { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler } : { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
    const files = walk(root, (name) => CODE.test(name));
    const options = { ...base, ...module, target: ts.ScriptTarget.ES2022, lib: ['lib.es2023.d.ts'], strict: true, allowJs: true, checkJs: true, esModuleInterop: true, jsx: ts.JsxEmit.Preserve, paths };
    inputs.push({ key: '', rootNames: [...files, ambientFile], options });
  }
  return inputs;
}

/**
 * A typechecker for one project: each call checks the files as they are now. Which packages are
 * stubbed is decided on the first call (a file fix creates imports what the offender imported), and
 * each program is built on the one before, as `tsc --watch` would.
 */
export function projectTypechecker(root: string): () => TypecheckResult {
  const resolution = resolutionFor(root);
  const ambientFile = path.join(root, '__untyped-packages__.d.ts');
  const previous = new Map<string, ts.Program>();
  return () => {
    const diagnostics: TypeDiagnostic[] = [];
    const files = new Set<string>();
    for (const { key, rootNames, options } of programInputs(root, resolution, ambientFile)) {
      const host = ts.createCompilerHost(options);
      const getSourceFile = host.getSourceFile.bind(host);
      host.fileExists = ((exists) => (file: string) => file === ambientFile || exists(file))(host.fileExists.bind(host));
      host.readFile = ((read) => (file: string) => (file === ambientFile ? resolution.ambient : read(file)))(host.readFile.bind(host));
      host.getSourceFile = (file, languageVersion, ...rest) => {
        if (file === ambientFile) return ts.createSourceFile(file, resolution.ambient, languageVersion);
        if (!file.startsWith(TYPES) && !file.includes('/typescript/lib/')) return getSourceFile(file, languageVersion, ...rest);
        const cacheKey = `${file}\0${JSON.stringify(languageVersion)}`;
        if (!shared.has(cacheKey)) shared.set(cacheKey, getSourceFile(file, languageVersion, ...rest)!);
        return shared.get(cacheKey);
      };
      const program = ts.createProgram({ rootNames, options, host, ...(previous.has(key) ? { oldProgram: previous.get(key) } : {}) });
      previous.set(key, program);
      for (const source of program.getSourceFiles()) if (source.fileName.startsWith(`${root}/`) && source.fileName !== ambientFile) files.add(path.relative(root, source.fileName));
      for (const d of ts.getPreEmitDiagnostics(program)) {
        diagnostics.push({ file: d.file ? path.relative(root, d.file.fileName) : '', code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
      }
    }
    return { diagnostics, files };
  };
}

const key = (d: TypeDiagnostic) => `${d.file}\0${d.code}\0${d.message}`;

/** The diagnostics of `after` beyond those of `before`, as (file, code, message) multisets: lines may move. */
export function newDiagnostics(before: TypeDiagnostic[], after: TypeDiagnostic[]): TypeDiagnostic[] {
  const left = new Map<string, number>();
  for (const d of before) left.set(key(d), (left.get(key(d)) ?? 0) + 1);
  return after.filter((d) => {
    const n = left.get(key(d)) ?? 0;
    left.set(key(d), n - 1);
    return n <= 0;
  });
}
