import { describe, expect, it } from 'vitest';
import { parsePrismaSchema } from '../../src/config-files/prisma-schema.js';

function located(text: string) {
  return parsePrismaSchema(text).map(({ start, end, ...rest }) => ({ ...rest, at: text.slice(start, end) }));
}

describe('parsePrismaSchema', () => {
  it('reads env() and literal urls, directUrl and shadowDatabaseUrl', () => {
    const text = `generator client {
  provider = "prisma-client-js"
  url      = env("NOT_A_DATASOURCE")
}

datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env( "DIRECT_URL" )
  shadowDatabaseUrl = "postgresql://shadow:pw@localhost:5432/shadow"
  schemas           = ["public"]
}
`;
    expect(located(text)).toEqual([
      { datasource: 'db', key: 'url', env: 'DATABASE_URL', at: 'env("DATABASE_URL")' },
      { datasource: 'db', key: 'directUrl', env: 'DIRECT_URL', at: 'env( "DIRECT_URL" )' },
      { datasource: 'db', key: 'shadowDatabaseUrl', literal: 'postgresql://shadow:pw@localhost:5432/shadow', at: '"postgresql://shadow:pw@localhost:5432/shadow"' },
    ]);
  });

  it('keeps the // of a URL literal and ignores commented-out assignments', () => {
    const text = `datasource db {
  provider = "postgresql"
  // url = env("OLD_URL")
  /// url = env("DOC_URL")
  url = "postgresql://app:pw@pgbouncer:6432/app?pgbouncer=true" // the pooler
}
`;
    expect(located(text)).toEqual([{ datasource: 'db', key: 'url', literal: 'postgresql://app:pw@pgbouncer:6432/app?pgbouncer=true', at: '"postgresql://app:pw@pgbouncer:6432/app?pgbouncer=true"' }]);
  });

  it('reads every datasource block, and nothing in a commented-out one', () => {
    const text = `// datasource old { url = env("OLD") }
datasource main {
  url = env("MAIN_URL")
}
datasource analytics {
  url = env("ANALYTICS_URL")
}
`;
    expect(located(text).map((d) => [d.datasource, d.env])).toEqual([
      ['main', 'MAIN_URL'],
      ['analytics', 'ANALYTICS_URL'],
    ]);
  });

  it('finds nothing in a Prisma 7 schema (the URL lives in prisma.config.ts)', () => {
    expect(parsePrismaSchema('datasource db {\n  provider = "postgresql"\n}\n')).toEqual([]);
  });
});
