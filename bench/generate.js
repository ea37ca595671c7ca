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

function plainModule(rand, n) {
  const w = WORDS[n % WORDS.length];
  const W = w[0].toUpperCase() + w.slice(1);
  const lines = [
    `import { z } from 'zod';`,
    `import type { Logger } from '../logger.js';`,
    ``,
    `export const ${w}Schema${n} = z.object({ id: z.string().uuid(), name: z.string().min(1), createdAt: z.coerce.date() });`,
    `export type ${W}${n} = z.infer<typeof ${w}Schema${n}>;`,
    ``,
    `export class ${W}Service${n} {`,
    `  private readonly cache = new Map<string, ${W}${n}>();`,
    `  constructor(private readonly log: Logger) {}`,
    ``,
  ];
  const methods = 3 + Math.floor(rand() * 6);
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
  'no-client-per-request': (n) => `import postgres from 'postgres';\n\nexport async function GET${n}() {\n  const sql = postgres(process.env.DATABASE_URL!);\n  return Response.json(await sql\`select ${n}\`);\n}\n`,
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
  for (let p = 0; p < packages; p++) {
    const base = `packages/pkg-${p}/src`;
    write(`packages/pkg-${p}/package.json`, JSON.stringify({ name: `@bench/pkg-${p}`, type: 'module' }));
    write(`${base}/lib/prisma.ts`, `import { PrismaClient } from '@prisma/client';\n\nconst g = globalThis as unknown as { prisma?: PrismaClient };\nexport const prisma = g.prisma ?? new PrismaClient();\nif (process.env.NODE_ENV !== 'production') g.prisma = prisma;\n`);
    write(`${base}/logger.ts`, `export interface Logger { debug(message: string): void }\nexport const logger: Logger = { debug: () => undefined };\n`);
    for (let f = 0; f < filesPerPackage - 3; f++) {
      const n = p * filesPerPackage + f;
      const roll = rand();
      if (roll < 0.004) {
        write(`${base}/routes/offender-${f}.ts`, OFFENDERS['no-client-outside-singleton'](n));
        expected['no-client-outside-singleton']++;
      } else if (roll < 0.006) {
        write(`${base}/routes/per-request-${f}.ts`, OFFENDERS['no-client-per-request'](n));
        expected['no-client-per-request']++;
      } else if (roll < 0.0075) {
        write(`${base}/routes/close-${f}.ts`, OFFENDERS['no-close-in-handler'](n));
        expected['no-close-in-handler']++;
      } else if (roll < 0.009) {
        write(`${base}/middleware/dynamic-${f}.ts`, OFFENDERS['no-dynamic-db-import'](n));
        expected['no-dynamic-db-import']++;
      } else if (roll < 0.05) {
        write(`${base}/routes/route-${f}.ts`, routeUsingSingleton(n));
      } else {
        write(`${base}/modules/module-${f}.ts`, plainModule(rand, n));
      }
    }
  }
  return { files, expected };
}
