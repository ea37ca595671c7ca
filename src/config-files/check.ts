// `poolguard check`'s pass over config files: discover, learn the project (Prisma dependency, the
// variables its schemas read), check each file, and return ESLint-shaped results. The results carry
// no `source`: a .env file's text is secrets, and output never shows them.
import type { PoolguardSettings } from '../core/policy.js';
import { MAX_FILE_BYTES, resultOf, type LintMessage, type LintResult } from '../io/results.js';
import { parseJsonText, readBounded } from '../io/read.js';
import { checkConfigText, projectContext } from './database-url.js';
import { discoverConfigFiles } from './discover.js';
import { parsePrismaSchema, type DatasourceUrl } from './prisma-schema.js';

const PRISMA_PACKAGES = ['@prisma/client', 'prisma'];

/** Results for every config file under `paths` (absolute file paths, sorted). */
/** `walked`: what the source discovery's walk already found per folder (no second walk). */
export async function checkConfigFiles(paths: string[], cwd: string, settings: PoolguardSettings, root: string, walked?: ReadonlyMap<string, readonly string[]>): Promise<LintResult[]> {
  const { configFiles, packageJsons } = await discoverConfigFiles(paths.length ? paths : ['.'], cwd, root, settings.ignores ?? [], walked);
  if (configFiles.length === 0) return [];
  const texts = new Map<string, string | LintMessage>(configFiles.map(({ file }) => [file, read(file)]));
  const schemas: DatasourceUrl[] = [];
  for (const { file, kind } of configFiles) {
    const text = texts.get(file);
    if (kind === 'prisma' && typeof text === 'string') schemas.push(...parsePrismaSchema(text));
  }
  const context = projectContext(schemas, packageJsons.some(dependsOnPrisma), settings);
  return configFiles.map(({ file, kind, example }) => {
    const text = texts.get(file)!;
    if (typeof text !== 'string') return resultOf(file, [text]);
    const { messages, suppressedMessages } = checkConfigText(kind, text, context, example);
    return { ...resultOf(file, messages), suppressedMessages };
  });
}

function read(file: string): string | LintMessage {
  const read = readBounded(file, MAX_FILE_BYTES);
  if (!read.ok) {
    if (read.reason === 'error') return { ruleId: null, fatal: true, severity: 2, message: `Cannot read file: ${read.message}`, line: 0, column: 0 };
    return { ruleId: null, severity: 1, message: `File skipped: ${read.message}`, line: 0, column: 0 };
  }
  const buffer = read.buffer;
  if (buffer.subarray(0, 8000).includes(0)) return { ruleId: null, severity: 1, message: 'File skipped: binary content', line: 0, column: 0 };
  return buffer.toString('utf8');
}

function dependsOnPrisma(file: string): boolean {
  try {
    const read = readBounded(file, MAX_FILE_BYTES);
    if (!read.ok) return false;
    const pkg = parseJsonText(read.buffer.toString('utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && PRISMA_PACKAGES.some((name) => name in deps);
    });
  } catch {
    return false; // a broken package.json is not this check's business
  }
}
