// `tsc --noEmit` on a fixture project in-process, offline: each tsconfig.json of the project (or one
// synthesized program over all its code when it has none). The packages its package.json files
// name are not installed: each becomes an untyped module (`declare module 'x';`), except those
// poolguard has types for (@types/pg, @types/node); workspace packages resolve to their sources,
// as a real install's symlinks would.
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

/** The project's package.json files: workspace names → folder, and every dependency they name. */
function manifests(root: string) {
  const workspaces = new Map<string, { dir: string; entry?: string }>();
  const deps = new Set<string>();
  for (const file of walk(root, (name) => name === 'package.json')) {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.name) workspaces.set(pkg.name, { dir: path.dirname(file), entry: pkg.types ?? pkg.main });
    for (const group of ['dependencies', 'devDependencies', 'peerDependencies']) for (const name of Object.keys(pkg[group] ?? {})) deps.add(name);
  }
  return { workspaces, deps };
}

/** paths for the workspace packages and typed dependencies, and the shorthand declarations of the rest. */
function resolutionFor(root: string) {
  const { workspaces, deps } = manifests(root);
  const paths: Record<string, string[]> = {};
  for (const [name, { dir, entry }] of workspaces) {
    paths[name] = [...(entry ? [path.join(dir, entry)] : []), path.join(dir, 'src/index.ts'), path.join(dir, 'index.ts')];
    paths[`${name}/*`] = [path.join(dir, '*'), path.join(dir, 'src/*')];
  }
  const typesOf = (name: string) => path.join(TYPES, name.replace(/^@(.+)\//, '$1__'));
  const external = [...deps].filter((name) => !workspaces.has(name));
  const untyped = external.filter((name) => !fs.existsSync(typesOf(name)));
  for (const name of external.filter((n) => !untyped.includes(n))) paths[name] = [typesOf(name)];
  const kit = deps.has('@sveltejs/kit');
  if (kit) Object.assign(paths, { $lib: [path.join(root, 'src/lib')], '$lib/*': [path.join(root, 'src/lib/*')] });
  const declared = [...untyped.flatMap((name) => [name, `${name}/*`]), ...(kit ? ['$env/*', '$app/*'] : [])];
  return { paths, ambient: declared.map((name) => `declare module '${name}';`).join('\n'), framework: FRAMEWORKS.some((n) => deps.has(n)) };
}

function programInputs(root: string): Array<{ rootNames: string[]; options: ts.CompilerOptions }> {
  const { paths, ambient, framework } = resolutionFor(root);
  const ambientFile = path.join(root, '__untyped-packages__.d.ts');
  const base: ts.CompilerOptions = { noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [TYPES] };
  const configs = walk(root, (name) => name === 'tsconfig.json');
  const inputs = configs.map((config) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(config, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!parsed) throw new Error(`cannot read ${config}`);
    return { rootNames: [...parsed.fileNames, ambientFile], options: { ...parsed.options, ...base, paths: { ...paths, ...parsed.options.paths } } };
  });
  if (inputs.length === 0) {
    // A Node app runs under Node's module rules (extensions matter in ESM); a framework's bundler resolves.
    const module = framework ? { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler } : { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };
    const files = walk(root, (name) => CODE.test(name));
    inputs.push({ rootNames: [...files, ambientFile], options: { ...base, ...module, target: ts.ScriptTarget.ES2022, strict: true, allowJs: true, checkJs: true, esModuleInterop: true, jsx: ts.JsxEmit.Preserve, paths } });
  }
  return inputs.map((input) => ({ ...input, ambient: [ambientFile, ambient] as const }));
}

/** The diagnostics of every program of the project, and which of its files they cover. */
export function typecheckProject(root: string): TypecheckResult {
  const diagnostics: TypeDiagnostic[] = [];
  const files = new Set<string>();
  for (const { rootNames, options, ambient } of programInputs(root)) {
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = ((exists) => (file: string) => file === ambient[0] || exists(file))(host.fileExists.bind(host));
    host.readFile = ((read) => (file: string) => (file === ambient[0] ? ambient[1] : read(file)))(host.readFile.bind(host));
    host.getSourceFile = (file, languageVersion, ...rest) => {
      if (file === ambient[0]) return ts.createSourceFile(file, ambient[1], languageVersion);
      if (!file.startsWith(TYPES) && !file.includes('/typescript/lib/')) return getSourceFile(file, languageVersion, ...rest);
      const key = `${file}\0${JSON.stringify(languageVersion)}`;
      if (!shared.has(key)) shared.set(key, getSourceFile(file, languageVersion, ...rest)!);
      return shared.get(key);
    };
    const program = ts.createProgram({ rootNames, options, host });
    for (const source of program.getSourceFiles()) if (source.fileName.startsWith(`${root}/`) && source.fileName !== ambient[0]) files.add(path.relative(root, source.fileName));
    for (const d of ts.getPreEmitDiagnostics(program)) {
      diagnostics.push({ file: d.file ? path.relative(root, d.file.fileName) : '', code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
  }
  return { diagnostics, files };
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
