// Generates a deterministic synthetic monorepo: mostly unrelated application code with a realistic
// sprinkle of database offenders. Same seed → byte-identical tree, so runs are comparable.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: a tiny seeded PRNG. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['order', 'user', 'invoice', 'cart', 'product', 'session', 'report', 'shipment', 'coupon', 'review', 'payment', 'account'];

/**
 * Measured on dub, trigger.dev and openstatus (bench/README.md): the share of files that import
 * something from `@prisma/client` (almost always types or the `Prisma` namespace, not the client),
 * that import the package's singleton or a drizzle schema module, barrels, route files, and sizes.
 */
export const DISTRIBUTION = {
  prismaTypes: 0.17, // dub 14.7% of all files (routes here import none, so a little more elsewhere) (99.5% of them no creator)
  singleton: 0.2, // dub 19.7% `@/lib/prisma`, trigger.dev 14.5% `~/db.server`
  workspaceDb: 0.1, // trigger.dev 10.8% `@trigger.dev/database`, openstatus 11.1% `@openstatus/db`
  drizzleSchema: 0.15, // openstatus 14.9% `@openstatus/db/src/schema`
  schemaFiles: 0.015, // openstatus 34 of 1,961, unkey 47 of 2,476
  barrels: 0.02, // 1.0–3.1%
  routes: 0.22, // dub 23%, trigger.dev 20%; 59% of dub's routes import the singleton
  // Methods per module, log-normal: median ~2 KB, p90 ~10 KB, p99 ~40 KB, a few files over 100 KB.
  methods: { median: 3, sigma: 1.35, max: 600 },
};

/** A standard normal draw (Box–Muller) from the uniform PRNG. */
function normal(rand) {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function imports(rand, n, { singleton }) {
  const lines = [`import { z } from 'zod';`, `import type { Logger } from '../logger.js';`];
  if (rand() < DISTRIBUTION.prismaTypes) lines.push(rand() < 0.6 ? `import { Prisma } from '@prisma/client';` : `import type { User, Prisma } from '@prisma/client';`);
  if (singleton) lines.push(`import { prisma } from '../lib/prisma.js';`);
  if (rand() < DISTRIBUTION.workspaceDb) lines.push(`import { db } from '@bench/db';`);
  if (rand() < DISTRIBUTION.drizzleSchema) lines.push(`import { eq } from 'drizzle-orm';`, `import { ${WORDS[n % WORDS.length]}s } from '../db/schema/index.js';`);
  return lines;
}

function plainModule(rand, n, options = { singleton: false }) {
  const w = WORDS[n % WORDS.length];
  const W = w[0].toUpperCase() + w.slice(1);
  const lines = [
    ...imports(rand, n, options),
    ``,
    `export const ${w}Schema${n} = z.object({ id: z.string().uuid(), name: z.string().min(1), createdAt: z.coerce.date() });`,
    `export type ${W}${n} = z.infer<typeof ${w}Schema${n}>;`,
    ``,
    `export class ${W}Service${n} {`,
    `  private readonly cache = new Map<string, ${W}${n}>();`,
    `  constructor(private readonly log: Logger) {}`,
    ``,
  ];
  const { median, sigma, max } = DISTRIBUTION.methods;
  const methods = Math.min(max, Math.max(1, Math.round(median * Math.exp(sigma * normal(rand)))));
  for (let m = 0; m < methods; m++) {
    lines.push(
      `  async step${m}(input: ${W}${n}[], limit = ${10 + m}): Promise<${W}${n}[]> {`,
      `    const seen = new Set<string>();`,
      `    const out: ${W}${n}[] = [];`,
      `    for (const item of input) {`,
      `      if (seen.has(item.id) || out.length >= limit) continue;`,
      `      seen.add(item.id);`,
      `      this.cache.set(item.id, item);`,
      `      out.push({ ...item, name: item.name.trim().toLowerCase() });`,
      `    }`,
      `    this.log.debug(\`step${m}: \${out.length} of \${input.length}\`);`,
      `    return out.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());`,
      `  }`,
      ``,
    );
  }
  lines.push(`}`, ``, `export function format${W}${n}(value: ${W}${n}): string {`, `  return \`\${value.id}: \${value.name}\`;`, `}`, ``);
  return lines.join('\n');
}

function schemaModule(n) {
  const w = WORDS[n % WORDS.length];
  return [
    `import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';`,
    ``,
    `export const ${w}s = pgTable('${w}s', {`,
    `  id: uuid('id').primaryKey().defaultRandom(),`,
    `  name: text('name').notNull(),`,
    `  createdAt: timestamp('created_at').defaultNow().notNull(),`,
    `});`,
    ``,
  ].join('\n');
}

/** A barrel: re-exports only (dub, trigger.dev, openstatus: 1–3% of files). */
function barrel(f) {
  return Array.from({ length: 4 }, (_, k) => `export * from './module-${Math.max(0, f - k - 1)}.js';\n`).join('');
}

function routeUsingSingleton(n) {
  return [
    `import { Router } from 'express';`,
    `import { prisma } from '../lib/prisma.js';`,
    ``,
    `export const router${n} = Router();`,
    `router${n}.get('/', async (_req, res) => {`,
    `  res.json(await prisma.user.findMany({ take: ${n % 50} }));`,
    `});`,
    ``,
  ].join('\n');
}

const OFFENDERS = {
  'no-client-outside-singleton': (n) => `import { PrismaClient } from '@prisma/client';\n\nconst prisma = new PrismaClient();\n\nexport const count${n} = () => prisma.user.count();\n`,
  'no-client-per-request': (n) => `import postgres from 'postgres';\n\nexport async function GET() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  return Response.json(await sql\`select ${n}\`);\n}\n`,
  'no-close-in-handler': (n) => `import { prisma } from '../lib/prisma.js';\n\nexport async function handler${n}() {\n  const n = await prisma.user.count();\n  await prisma.$disconnect();\n  return n;\n}\n`,
  'no-dynamic-db-import': (n) => `export async function middleware${n}(next: () => void) {\n  const { prisma } = await import('../lib/prisma.js');\n  await prisma.session.count();\n  next();\n}\n`,
};

/** @returns {{ files: number, expected: Record<string, number> }} */
export function generate(dir, { packages = 10, filesPerPackage = 500, seed = 42 } = {}) {
  const rand = prng(seed);
  fs.rmSync(dir, { recursive: true, force: true });
  const expected = Object.fromEntries(Object.keys(OFFENDERS).map((id) => [id, 0]));
  let files = 0;
  const write = (rel, text) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    files++;
  };
  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*'] }, null, 2));
  // The workspace package that exports the shared client (`@trigger.dev/database`, `@openstatus/db`).
  write('packages/web/package.json', JSON.stringify({ name: '@bench/web', private: true, scripts: { dev: 'next dev', start: 'next start' }, dependencies: { next: '15.0.0', postgres: '3.4.0' } }));
  write('packages/db/package.json', JSON.stringify({ name: '@bench/db', type: 'module', main: './src/index.ts' }));
  write('packages/db/src/prisma.ts', `import { PrismaClient } from '@prisma/client';\n\nconst g = globalThis as unknown as { prisma?: PrismaClient };\nexport const prisma = g.prisma ?? new PrismaClient();\nif (process.env.NODE_ENV !== 'production') g.prisma = prisma;\n`);
  write('packages/db/src/index.ts', `export { prisma as db } from './prisma.js';\nexport * from '@prisma/client';\n`);
  for (let p = 0; p < packages; p++) {
    const base = `packages/pkg-${p}/src`;
    write(`packages/pkg-${p}/package.json`, JSON.stringify({ name: `@bench/pkg-${p}`, type: 'module' }));
    write(`${base}/lib/prisma.ts`, `import { PrismaClient } from '@prisma/client';\n\nconst g = globalThis as unknown as { prisma?: PrismaClient };\nexport const prisma = g.prisma ?? new PrismaClient();\nif (process.env.NODE_ENV !== 'production') g.prisma = prisma;\n`);
    const schemas = Math.max(1, Math.round(filesPerPackage * DISTRIBUTION.schemaFiles));
    for (let k = 0; k < schemas; k++) write(`${base}/db/schema/${WORDS[k % WORDS.length]}-${k}.ts`, schemaModule(k));
    write(`${base}/db/schema/index.ts`, Array.from({ length: schemas }, (_, k) => `export * from './${WORDS[k % WORDS.length]}-${k}.js';\n`).join(''));
    write(`${base}/logger.ts`, `export interface Logger { debug(message: string): void }\nexport const logger: Logger = { debug: () => undefined };\n`);
    for (let f = 0; f < filesPerPackage - 4 - schemas; f++) {
      const n = p * filesPerPackage + f;
      const roll = rand();
      if (roll < 0.004) {
        write(`${base}/routes/offender-${f}.ts`, OFFENDERS['no-client-outside-singleton'](n));
        expected['no-client-outside-singleton']++;
      } else if (roll < 0.006) {
        // A route handler of the Next.js app (app/…/route.ts): runs on every request. (The library
        // packages run no server, so a function of theirs is not per-request code.)
        write(`packages/web/src/app/api/per-request-${p}-${f}/route.ts`, OFFENDERS['no-client-per-request'](n));
        expected['no-client-per-request']++;
      } else if (roll < 0.0075) {
        write(`${base}/routes/close-${f}.ts`, OFFENDERS['no-close-in-handler'](n));
        expected['no-close-in-handler']++;
      } else if (roll < 0.009) {
        write(`${base}/middleware/dynamic-${f}.ts`, OFFENDERS['no-dynamic-db-import'](n));
        expected['no-dynamic-db-import']++;
      } else if (roll < 0.009 + DISTRIBUTION.routes * 0.59) {
        write(`${base}/routes/route-${f}.ts`, routeUsingSingleton(n));
      } else if (roll < 0.009 + DISTRIBUTION.routes) {
        write(`${base}/routes/route-${f}.ts`, plainModule(rand, n));
      } else if (roll < 0.009 + DISTRIBUTION.routes + DISTRIBUTION.barrels) {
        write(`${base}/modules/index-${f}.ts`, barrel(f));
      } else {
        // The rest of the singleton's importers (dub: 20% of all files) are services, not routes.
        const singleton = rand() < (DISTRIBUTION.singleton - DISTRIBUTION.routes * 0.59) / (1 - DISTRIBUTION.routes - 0.009);
        write(`${base}/modules/module-${f}.ts`, plainModule(rand, n, { singleton }));
      }
    }
  }
  return { files, expected };
}
