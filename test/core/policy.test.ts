import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/core/policy.js';

describe('singleton modules', () => {
  const policy = createPolicy({}, '/repo');
  it.each([
    ['/repo/src/lib/prisma.ts', true],
    ['/repo/apps/web/src/lib/db.ts', true],
    ['/repo/src/db/index.ts', true],
    ['/repo/src/server/db.ts', true],
    ['/repo/src/lib/server/db.ts', true],
    ['/repo/src/utils/database.js', true],
    ['/repo/src/prisma/prisma.service.ts', true],
    ['/repo/src/routes/users.ts', false],
    ['/repo/src/lib/auth.ts', false],
  ])('%s → %s', (file, expected) => {
    expect(policy.isSingletonFile(file)).toBe(expected);
  });

  it('uses configured globs instead of the convention', () => {
    const custom = createPolicy({ singletonModules: ['packages/db/src/client.ts'] }, '/repo');
    expect(custom.isSingletonFile('/repo/packages/db/src/client.ts')).toBe(true);
    expect(custom.isSingletonFile('/repo/src/lib/prisma.ts')).toBe(false);
  });

  it.each([
    ['/repo/src/middleware/auth.ts', '../lib/prisma.js', true],
    ['/repo/src/middleware/auth.ts', '../lib/prisma', true],
    ['/repo/src/routes/a.ts', '../db', true],
    ['/repo/src/app/api/route.ts', '@/lib/db', true],
    ['/repo/src/routes/a.ts', '$lib/server/db', true],
    ['/repo/src/routes/a.ts', '../lib/auth.js', false],
    ['/repo/src/routes/a.ts', 'express', false],
  ])('%s imports %s: singleton %s', (from, specifier, expected) => {
    expect(policy.isSingletonSpecifier(from, specifier)).toBe(expected);
  });
});

describe('factories', () => {
  const policy = createPolicy({ factories: [{ name: 'createDbConnection', module: '@/lib/db/utils' }] }, '/repo');
  it('match the configured module through the alias or a relative path', () => {
    expect(policy.factoryFor('/repo/src/app/api/a/route.ts', '@/lib/db/utils', 'createDbConnection')?.client).toBe('createDbConnection()');
    expect(policy.factoryFor('/repo/src/app/api/a/route.ts', '../../../lib/db/utils.js', 'createDbConnection')?.kind).toBe('pool');
    expect(policy.factoryFor('/repo/src/a.ts', '@/lib/db/utils', 'other')).toBeUndefined();
    expect(policy.factoryFor('/repo/src/a.ts', '@/lib/other', 'createDbConnection')).toBeUndefined();
  });
});
