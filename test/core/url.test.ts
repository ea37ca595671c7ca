import { describe, expect, it } from 'vitest';
import { maskSecrets, maskUrl, parsePostgresUrl, transactionPooler } from '../../src/core/url.js';

describe('parsePostgresUrl', () => {
  it('reads user, password presence, hosts, ports and decoded parameters', () => {
    const url = parsePostgresUrl('postgresql://app:s3cret@db.internal:6432/app?pgbouncer=true&connection_limit=5&application_name=my%20api');
    expect(url).toEqual({
      scheme: 'postgresql',
      user: 'app',
      hasPassword: true,
      hosts: [{ host: 'db.internal', port: '6432' }],
      params: new Map([
        ['pgbouncer', 'true'],
        ['connection_limit', '5'],
        ['application_name', 'my api'],
      ]),
    });
  });

  it('takes the last @ before the query, so an unencoded @ or / in the password stays out of the host', () => {
    const url = parsePostgresUrl('postgres://app:p@ss/w0rd@pgbouncer:6432/app');
    expect(url?.user).toBe('app');
    expect(url?.hosts).toEqual([{ host: 'pgbouncer', port: '6432' }]);
  });

  it('reads several hosts, IPv6 and no port', () => {
    expect(parsePostgresUrl('postgres://a:b@h1:5432,h2:6432,[::1]:6543,h4/db')?.hosts).toEqual([
      { host: 'h1', port: '5432' },
      { host: 'h2', port: '6432' },
      { host: '[::1]', port: '6543' },
      { host: 'h4', port: undefined },
    ]);
  });

  it('leaves ${VAR:-default} interpolation as written (its colon is not a port)', () => {
    const url = parsePostgresUrl('postgresql://app:${POSTGRES_PASSWORD:-x}@${DB_HOST:-pgbouncer}:6432/app');
    expect(url?.hosts).toEqual([{ host: '${db_host:-pgbouncer}', port: '6432' }]);
    expect(url?.user).toBe('app');
    expect(url?.hasPassword).toBe(true);
  });

  it.each(['mysql://a:b@h:3306/db', 'prisma://accelerate.prisma-data.net/?api_key=x', '${DATABASE_URL}', 'file:./dev.db', ''])('ignores %s', (value) => {
    expect(parsePostgresUrl(value)).toBeUndefined();
  });
});

describe('maskUrl', () => {
  it.each([
    ['postgres://app:s3cret@db:6432/app', 'postgres://app:****@db:6432/app'],
    ['postgres://app@db:6432/app', 'postgres://app@db:6432/app'],
    ['postgres://:s3cret@db/app', 'postgres://:****@db/app'],
    ['postgres://app:p@ss/w0rd@db/app', 'postgres://app:****@db/app'],
    ['postgres://app:pa?ss@db/app', 'postgres://app:****@db/app'],
    ['postgres://db/app?user=app&password=s3cret&sslmode=require', 'postgres://db/app?user=app&password=****&sslmode=require'],
    ['postgres://db/app?sslpassword=s3cret&pgbouncer=true', 'postgres://db/app?sslpassword=****&pgbouncer=true'],
    ['prisma://accelerate.prisma-data.net/?api_key=eyJhbGciOi', 'prisma://accelerate.prisma-data.net/?api_key=****'],
    ['postgres://db/app?access_token=abc#frag', 'postgres://db/app?access_token=****#****'],
    ['postgresql://${PGUSER:-app}:${PGPASSWORD}@db/app', 'postgresql://${PGUSER:-app}:****@db/app'],
  ])('%s → %s', (input, masked) => {
    expect(maskUrl(input)).toBe(masked);
  });

  it('is idempotent', () => {
    const once = maskUrl('postgres://app:s3cret@db/app?password=x');
    expect(maskUrl(once)).toBe(once);
  });
});

describe('maskSecrets', () => {
  it('masks every URL in free text and keeps the sentence around it', () => {
    expect(maskSecrets('use `postgres://a:s3cret@h/db`, or (redis://:t0ken@cache:6379).')).toBe('use `postgres://a:****@h/db`, or (redis://:****@cache:6379).');
  });
});

describe('transactionPooler', () => {
  const pooler = (value: string) => transactionPooler(parsePostgresUrl(value)!);
  it.each([
    ['postgres://a:b@db.internal:6432/app', "PgBouncer's port 6432"],
    ['postgres://p.ref:b@aws-0-eu-central-1.pooler.supabase.com:6543/postgres', 'Supabase pooler in transaction mode, port 6543'],
    ['postgres://a:b@ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech/neondb', 'Neon pooled host, `-pooler.`'],
    ['postgres://a:b@pgbouncer/app', '`pgbouncer` in the host name'],
    ['postgres://a:b@my-pgbouncer.internal:5432/app', '`pgbouncer` in the host name'],
    ['postgres://a:b@h1:5432,h2:6432/app', "PgBouncer's port 6432"],
  ])('%s: %s', (value, why) => {
    expect(pooler(value)).toBe(why);
  });

  it.each([
    'postgres://a:b@localhost:5432/app',
    // Supavisor's session mode (5432) keeps the session: prepared statements work, migrations may use it.
    'postgres://p.ref:b@aws-0-eu-central-1.pooler.supabase.com:5432/postgres',
    'postgres://a:b@ep-cool-darkness-123456.us-east-2.aws.neon.tech/neondb',
    'postgres://a:b@db.abcdefghijklmnop.supabase.co:5432/postgres',
    // Interpolation is left as written: `${PGPORT:-6432}` is not port 6432.
    'postgres://a:b@db:${PGPORT:-6432}/app',
  ])('%s: not a transaction pooler', (value) => {
    expect(pooler(value)).toBeUndefined();
  });
});
