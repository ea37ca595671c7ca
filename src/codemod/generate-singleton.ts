// When a package has offenders of a client family and no singleton module for it, `poolguard fix`
// creates one at a conventional path, in the package's language and module style: the client created
// once with the offenders' own URL and options (only when they all agree, so every offender can then
// import it: never a module nothing imports), cached on globalThis only where the dev server
// re-evaluates modules in process, and closed on SIGINT / SIGTERM only in a long-lived server that
// owns its process and has no such hook (never in a framework-run app, a library, serverless or edge).
import fs from 'node:fs';
import path from 'node:path';
import type { CreateSite } from '../core/facts.js';
import { closeCall, signalHookLines } from './shutdown.js';
import type { Policy } from '../core/policy.js';
import { normaliseOptions, rawArguments } from '../estree/shared-clients.js';
import { environmentOf } from '../project/environment.js';
import { RUNTIME_GLOBALS, unresolved } from './verify.js';
import { parseJsonText, readRegularText } from '../io/read.js';
import { readFileThroughOverlay } from '../project/overlay.js';
import { cacheDeclaration, devCondition, type DevCondition } from './global-cache.js';

interface Template {
  /** File names to try, in order, under src/lib/ (or lib/). */
  names: string[];
  exportName: string;
  /** ESM import line(s), and the CommonJS equivalent. */
  esm: string;
  cjs: string;
  /** TypeScript type of the instance. */
  type: string;
  create: (options: string) => string;
}

const TEMPLATES: Record<string, Template> = {
  prisma: {
    names: ['prisma', 'db'],
    exportName: 'prisma',
    esm: "import { PrismaClient } from '@prisma/client';",
    cjs: "const { PrismaClient } = require('@prisma/client');",
    type: 'PrismaClient',
    create: (o) => `new PrismaClient(${o})`,
  },
  postgres: {
    names: ['db', 'sql', 'postgres'],
    exportName: 'sql',
    esm: "import postgres from 'postgres';",
    cjs: "const postgres = require('postgres');",
    type: 'postgres.Sql',
    create: (o) => `postgres(${o})`,
  },
  pg: {
    names: ['db', 'pool', 'pg'],
    exportName: 'pool',
    // pg is CommonJS without static exports: the default import works under native ESM.
    esm: "import pg from 'pg';",
    cjs: "const pg = require('pg');",
    type: 'pg.Pool',
    create: (o) => `new pg.Pool(${o})`,
  },
  mysql2: {
    names: ['db', 'pool', 'mysql'],
    exportName: 'pool',
    esm: "import mysql from 'mysql2/promise';",
    cjs: "const mysql = require('mysql2/promise');",
    type: 'mysql.Pool',
    create: (o) => `mysql.createPool(${o})`,
  },
  knex: {
    names: ['db', 'knex'],
    exportName: 'db',
    esm: "import knex from 'knex';",
    cjs: "const knex = require('knex');",
    type: 'ReturnType<typeof knex>',
    create: (o) => `knex(${o})`,
  },
  mongodb: {
    names: ['mongodb', 'db'],
    exportName: 'client',
    esm: "import { MongoClient } from 'mongodb';",
    cjs: "const { MongoClient } = require('mongodb');",
    type: 'MongoClient',
    create: (o) => `new MongoClient(${o})`,
  },
  ioredis: {
    names: ['redis'],
    exportName: 'redis',
    esm: "import { Redis } from 'ioredis';",
    cjs: "const { Redis } = require('ioredis');",
    type: 'Redis',
    create: (o) => `new Redis(${o})`,
  },
};

/** The client constructor each template supports (the display names the catalogue gives). */
const SUPPORTED_CLIENTS: Record<string, string[]> = {
  prisma: ['PrismaClient'],
  postgres: ['postgres()'],
  pg: ['pg.Pool'],
  mysql2: ['mysql2.createPool()'],
  knex: ['knex()'],
  mongodb: ['MongoClient'],
  ioredis: ['ioredis Redis'],
};

export interface Offender {
  file: string;
  source: string;
  site: CreateSite;
}

export interface SingletonPlan {
  file: string;
  content: string;
  family: string;
  exportName: string;
}

/** A singleton module for `family` in the package at `packageRoot`, or why none can be generated. */
export function planSingleton(packageRoot: string, family: string, offenders: readonly Offender[], policy: Policy): SingletonPlan | { reason: string } {
  const template = TEMPLATES[family];
  const supported = SUPPORTED_CLIENTS[family] ?? [];
  const first = offenders[0];
  if (!template || !first || offenders.some((o) => !supported.includes(o.site.client))) {
    return { reason: `poolguard cannot generate a singleton for \`${first?.site.client ?? family}\`; create one by hand at one of the conventional singleton paths (docs/configuration.md)` };
  }
  if (offenders.some((o) => o.site.module.startsWith('.'))) return { reason: 'the client comes from a generated module path; create the singleton by hand next to it' };
  const typescript = fs.existsSync(path.join(packageRoot, 'tsconfig.json')) || offenders.some((o) => /\.[cm]?tsx?$/.test(o.file));
  const pkg = readJson(path.join(packageRoot, 'package.json'));
  const commonjs = !typescript && pkg?.type !== 'module' && offenders.every((o) => /\brequire\s*\(/.test(o.source) || o.file.endsWith('.cjs'));
  const base = fs.existsSync(path.join(packageRoot, 'src')) ? path.join(packageRoot, 'src', 'lib') : path.join(packageRoot, 'lib');
  const ext = typescript ? '.ts' : '.js';
  const file = freeSingletonPath(base, template.names, ext);
  if (!file) return { reason: `every conventional singleton path in \`${path.relative(policy.root, base)}\` is taken by another module` };
  if (!policy.isSingletonFile(file)) {
    return { reason: `a generated singleton at \`${path.relative(policy.root, file)}\` would not match your singletonModules setting; create one there by hand` };
  }

  // Options: the offenders' own, when they all agree.
  const raw = offenders.map((o) => rawArguments(o.source, o.site).trim());
  const agree = raw.every((r) => normaliseOptions(r) === normaliseOptions(raw[0]!));
  if (!agree) {
    const shown = [...new Set(raw.map((r) => normaliseOptions(r) || '(none)'))].slice(0, 3).join(' / ');
    return { reason: `the ${offenders.length} offenders create \`${first.site.client}\` with different arguments (${shown}): decide on one and create the singleton by hand` };
  }
  // The arguments move to a new module: a name bound in the offender's module (`dbUrl` from its own
  // import) would be unbound there.
  const unbound = freeNames(raw[0]!);
  if (unbound.length > 0) {
    return { reason: `the offenders' arguments use ${unbound.map((n) => `\`${n}\``).join(', ')}, bound in their own module${offenders.length > 1 ? 's' : ''}: a generated module would not have ${unbound.length > 1 ? 'them' : 'it'}, so create the singleton by hand` };
  }
  const environment = environmentOf(first.file, policy);
  const cache = environment.hotReload !== undefined;
  const shutdown = environment.runtime === 'server' && environment.runsAsServer === true && !environment.frameworkRuns && !environment.entryPointShutdown;
  return { file, family, exportName: template.exportName, content: render(family, template, raw[0]!, { typescript, commonjs, cache, shutdown, dev: devCondition(file) }) };
}

function render(family: string, t: Template, options: string, style: { typescript: boolean; commonjs: boolean; cache: boolean; shutdown: boolean; dev: DevCondition }): string {
  const name = t.exportName;
  const close = closeCall({ family, client: SUPPORTED_CLIENTS[family]![0]! }, name)!;
  const cache = `globalFor${name[0]!.toUpperCase()}${name.slice(1)}`;
  const declare = style.commonjs ? 'const' : 'export const';
  const lines = [style.commonjs ? t.cjs : t.esm, ''];
  if (style.cache && style.dev.import) lines.splice(1, 0, `import { ${style.dev.import.imported} } from '${style.dev.import.specifier}';`);
  if (style.cache) {
    lines.push(
      `// The one shared client for this package, created by \`poolguard fix\`. Cached on globalThis because`,
      `// the dev server re-evaluates modules in process: a reload reuses it instead of opening a new pool.`,
      cacheDeclaration(cache, name, t.type, style.typescript),
      '',
      `${declare} ${name} = ${cache}.${name} ?? ${t.create(options)};`,
      '',
      `if (${style.dev.test}) ${cache}.${name} = ${name};`,
    );
  } else {
    lines.push(`// The one shared client for this package, created by \`poolguard fix\`.`, `${declare} ${name} = ${t.create(options)};`);
  }
  if (style.shutdown) {
    lines.push('', '// Close it once, when the server shuts down (never in a request handler).', ...signalHookLines([close], style.typescript));
  }
  if (style.commonjs) lines.push('', `module.exports = { ${name} };`);
  return `${lines.join('\n')}\n`;
}

/** The names an argument list reads that nothing in it binds, other than runtime globals. */
export function freeNames(args: string): string[] {
  if (args.trim() === '') return [];
  try {
    return [...unresolved('arguments.ts', `__poolguard(${args});`)].filter((name) => name !== '__poolguard' && !RUNTIME_GLOBALS.has(name));
  } catch {
    return ['(unparsable arguments)'];
  }
}

/**
 * The first conventional singleton path free under `base`: not on disk, not next to a folder of that
 * name (`lib/db.ts` beside `lib/db/` would change what `@/lib/db` resolves to), not planned by this
 * run already (a package with two drivers gets two modules, not one written twice).
 */
export function freeSingletonPath(base: string, names: readonly string[], ext: string): string | undefined {
  return names
    .map((name) => path.join(base, name + ext))
    .find((candidate) => !fs.existsSync(candidate) && !fs.existsSync(candidate.slice(0, -ext.length)) && readFileThroughOverlay(candidate) === undefined);
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return parseJsonText(readRegularText(file)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
