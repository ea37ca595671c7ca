// The check `poolguard fix` runs on every text before writing it.
import { describe, expect, it } from 'vitest';
import { rewriteProblem } from '../../src/codemod/verify.js';

describe('rewriteProblem', () => {
  it('accepts a rewrite that imports what it uses', () => {
    const before = "import { PrismaClient } from '@prisma/client';\nconst prisma = new PrismaClient();\nexport const users = () => prisma.user.findMany();\n";
    const after = "import { prisma } from '../lib/prisma.js';\nexport const users = () => prisma.user.findMany();\n";
    expect(rewriteProblem('/p/src/routes/users.ts', before, after)).toBeUndefined();
  });

  it('refuses a text that no longer parses', () => {
    expect(rewriteProblem('/p/src/a.ts', 'export const a = 1;\n', 'export const a = ;\n')).toMatch(/does not parse/);
  });

  it('refuses a rewrite that reads a name nothing binds (an argument moved without its import)', () => {
    const created = "import postgres from 'postgres';\nexport const sql = postgres(dbUrl, { max: 10 });\n";
    expect(rewriteProblem('/p/src/lib/db.ts', undefined, created)).toMatch(/`dbUrl`/);
  });

  it('lets a generated module use runtime globals, and an edit keep the unbound names the original had', () => {
    const created = "import pg from 'pg';\nconst g = globalThis as unknown as { pool?: pg.Pool };\nexport const pool = g.pool ?? new pg.Pool({ connectionString: process.env.DATABASE_URL });\n";
    expect(rewriteProblem('/p/src/lib/pool.ts', undefined, created)).toBeUndefined();
    expect(rewriteProblem('/p/src/a.ts', 'helper(1);\n', 'helper(2);\n')).toBeUndefined();
  });
});
