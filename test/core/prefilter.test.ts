import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/core/policy.js';
import { mayCreateClient, mayHaveFindings } from '../../src/core/prefilter.js';

const file = '/repo/src/routes/a.ts';

describe('mayHaveFindings', () => {
  // The project model's settings: a workspace package that exports the shared client, a factory it found.
  const policy = createPolicy(
    { sharedModules: ['@repo/db'], factories: [{ name: 'createDb', module: 'src/lib/db/make.ts', file: true }, { name: 'openPool', module: '@/lib/pool-factory' }] },
    '/repo',
  );
  it.each([
    // creators of the catalogue, however bound
    ["import { PrismaClient } from '@prisma/client';\nconst db = new PrismaClient();", true],
    ["import { PrismaClient as Db } from '@prisma/client';\nexport const db = new Db();", true],
    ["import { Prisma, PrismaClient } from '@prisma/client';\nnew PrismaClient();", true],
    ["import {\n  Prisma,\n  PrismaClient,\n} from '@prisma/client';\nnew PrismaClient();", true],
    ["import { Pool } from 'pg';\nconst pool = new Pool();", true],
    ["import postgres from 'postgres';\nconst sql = postgres(url);", true],
    ["import pg from 'pg';\nconst { Pool } = pg;\nnew Pool();", true],
    ["import * as pg from 'pg';\nnew pg.Pool();", true],
    ["import { default as postgres } from 'postgres';\npostgres(url);", true],
    ["import Redis, { type RedisOptions } from 'ioredis';\nnew Redis();", true],
    ["const { Pool } = require('pg');", true],
    ["import pg = require('pg');", true],
    ["export async function f() { const { Pool } = await import('pg'); return new Pool(); }", true],
    ["export async function f() { return import ('postgres'); }", true],
    ["import { drizzle } from 'drizzle-orm/node-postgres';\ndrizzle(process.env.DATABASE_URL!);", true],
    // not creators: types, helpers, re-exports, unused bindings, side-effect imports
    ["import { Prisma } from '@prisma/client';\nexport const where: Prisma.UserWhereInput = {};", false],
    ["import type { PrismaClient } from '@prisma/client';\nexport function f(db: PrismaClient) { return db; }", false],
    ["import { type PrismaClient, Prisma } from '@prisma/client';\nexport function f(db: PrismaClient) { return Prisma.sql`1`; }", false],
    ["import type Redis from 'ioredis';\nlet r: Redis;", false],
    ["import { PrismaClient } from '@prisma/client';", false],
    ["import postgres from 'postgres';", false],
    ["export * from '@prisma/client';", false],
    ["export { PrismaClient as Db } from '@prisma/client';", false],
    ["export type { User } from '@prisma/client';", false],
    ["import '@prisma/client';", false],
    ["import { sql } from 'drizzle-orm';\nsql`select 1`;", false],
    ["import { neon } from '@neondatabase/serverless';\nneon(url);", false],
    ['export const answer = 42;', false],
    // what the clause reader cannot read passes
    ["import {\n  Prisma, // the namespace\n} from '@prisma/client';\nPrisma;", true],
    ["import { \"odd\" as Odd } from 'pg';\nOdd;", true],
    // factories: declared (by specifier) and inferred by the project model (by file)
    ["import { openPool } from '@/lib/pool-factory';\nopenPool();", true],
    ["import { formatRow } from '@/lib/pool-factory';\nformatRow();", false],
    ["import { createDb } from '../lib/db/make';\nexport const GET = () => createDb();", true],
    ["import { createDb } from '../lib/db/make.js';\nexport const GET = () => createDb();", true],
    ["import * as make from '../lib/db/make';\nmake.createDb();", true],
    ["import { schema } from '../lib/db/make';\nschema;", false],
    // the shared client: closes and dynamic imports of the singleton module (or a workspace package exporting it)
    ["import { sql } from '../lib/db';\nexport const h = () => sql.end();", true],
    ["import { prisma } from '@repo/db';\nexport async function h() { await prisma.$disconnect(); }", true],
    ["export async function f() { return import('../lib/prisma.js'); }", true],
    ["import { sql } from '../lib/db';\nexport const h = () => sql`select 1`;", false],
    ["import { prisma } from '@repo/db';\nexport const h = () => prisma.user.count();", false],
    ["import express from 'express';\nres.end();", false],
  ])('%s → %s', (text, expected) => {
    expect(mayHaveFindings(text, file, policy)).toBe(expected);
  });
});

describe('mayCreateClient', () => {
  const policy = createPolicy({}, '/repo');
  it('is the create half: a close of the shared client alone creates nothing', () => {
    expect(mayCreateClient("import { sql } from '../lib/db';\nsql.end();", file, policy)).toBe(false);
    expect(mayCreateClient("import { Pool } from 'pg';\nnew Pool();", file, policy)).toBe(true);
  });
  it('reads each import of a file: a type-only import does not hide a later value import', () => {
    const text = "import type { Prisma } from '@prisma/client';\nimport { PrismaClient } from '@prisma/client';\nnew PrismaClient();";
    expect(mayCreateClient(text, file, policy)).toBe(true);
  });
  it('does not mistake an earlier statement for the import clause', () => {
    const text = "export let ready = false\nimport { Prisma } from '@prisma/client';\nPrisma;";
    expect(mayCreateClient(text, file, policy)).toBe(false);
    const creator = "export let ready = false\nimport { PrismaClient } from '@prisma/client';\nnew PrismaClient();";
    expect(mayCreateClient(creator, file, policy)).toBe(true);
  });
});
