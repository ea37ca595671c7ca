import { describe, expect, it } from 'vitest';
import { lookupClient, moduleSpec, NOT_POOLS } from '../../src/core/clients.js';

describe('lookupClient', () => {
  it.each([
    [{ module: '@prisma/client', base: 'named', path: ['PrismaClient'] }, 'PrismaClient'],
    [{ module: '@prisma/client', base: 'default', path: ['PrismaClient'] }, 'PrismaClient'],
    [{ module: './generated/prisma/client', base: 'named', path: ['PrismaClient'] }, 'PrismaClient'],
    [{ module: '../../generated/prisma', base: 'named', path: ['PrismaClient'] }, 'PrismaClient'],
    [{ module: '@prisma/client/edge', base: 'named', path: ['PrismaClient'] }, 'PrismaClient'],
    [{ module: '@prisma/adapter-pg', base: 'named', path: ['PrismaPg'] }, 'PrismaPg'],
    [{ module: 'postgres', base: 'default', path: [] }, 'postgres()'],
    [{ module: 'postgres', base: 'module', path: [] }, 'postgres()'],
    [{ module: 'pg', base: 'default', path: ['Pool'] }, 'pg.Pool'],
    [{ module: 'pg', base: 'namespace', path: ['Client'] }, 'pg.Client'],
    [{ module: 'pg', base: 'module', path: ['Pool'] }, 'pg.Pool'],
    [{ module: 'mysql2/promise', base: 'default', path: ['createPool'] }, 'mysql2.createPool()'],
    [{ module: 'knex', base: 'module', path: [] }, 'knex()'],
    [{ module: 'mongodb', base: 'named', path: ['MongoClient', 'connect'] }, 'MongoClient.connect()'],
    [{ module: 'ioredis', base: 'default', path: ['Cluster'] }, 'ioredis Cluster'],
    [{ module: 'mongoose', base: 'default', path: ['createConnection'] }, 'mongoose.createConnection()'],
  ] as const)('%j → %s', (origin, client) => {
    expect(lookupClient({ ...origin, path: [...origin.path] })?.client).toBe(client);
  });

  it.each([
    [{ module: 'pg', base: 'named', path: ['types'] }],
    [{ module: 'pg', base: 'default', path: [] }],
    [{ module: 'node:net', base: 'named', path: ['createConnection'] }],
    [{ module: '@upstash/qstash', base: 'named', path: ['Client'] }],
    [{ module: '@neondatabase/serverless', base: 'named', path: ['neon'] }],
    [{ module: 'drizzle-orm/d1', base: 'named', path: ['drizzle'] }],
    [{ module: '@prisma/client', base: 'named', path: ['Prisma'] }],
    [{ module: 'pg', base: 'named', path: ['Pool', 'prototype', 'x'] }],
  ] as const)('%j opens nothing', (origin) => {
    expect(lookupClient({ ...origin, path: [...origin.path] })).toBeUndefined();
  });

  it('lists no HTTP driver in the catalogue', () => {
    for (const { module } of NOT_POOLS) expect(moduleSpec(module), module).toBeUndefined();
  });
});
