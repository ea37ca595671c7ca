import { describe, expect, it } from 'vitest';
import { parseComposeFile } from '../../src/config-files/compose.js';

function located(text: string) {
  const { entries, errors } = parseComposeFile(text);
  return { errors, entries: entries.map((e) => ({ service: e.service, name: e.name, value: e.value, at: text.slice(e.start, e.end) })) };
}

describe('parseComposeFile', () => {
  it('reads environment maps and lists, plain and quoted', () => {
    const text = `services:
  api:
    environment:
      DATABASE_URL: postgres://a@pgbouncer:6432/app
      QUOTED: "postgres://q@h/db"
      PORT: 3000
      EMPTY:
  worker:
    environment:
      - DATABASE_URL=postgres://w@pgbouncer:6432/app
      - "QUOTED=postgres://wq@h/db"
      - PASSED_THROUGH
`;
    expect(located(text)).toEqual({
      errors: [],
      entries: [
        { service: 'api', name: 'DATABASE_URL', value: 'postgres://a@pgbouncer:6432/app', at: 'postgres://a@pgbouncer:6432/app' },
        { service: 'api', name: 'QUOTED', value: 'postgres://q@h/db', at: 'postgres://q@h/db' },
        { service: 'worker', name: 'DATABASE_URL', value: 'postgres://w@pgbouncer:6432/app', at: 'postgres://w@pgbouncer:6432/app' },
        { service: 'worker', name: 'QUOTED', value: 'postgres://wq@h/db', at: 'postgres://wq@h/db' },
      ],
    });
  });

  it('follows anchors, aliases and << merge keys to where the value is written (in source order); own keys win', () => {
    const text = `x-env: &env
  DATABASE_URL: postgres://anchor@pgbouncer:6432/app
  LOG: info
x-service: &service
  environment:
    FROM_BASE: postgres://base@h/db
services:
  api:
    environment:
      <<: *env
      LOG: debug
  web:
    environment: *env
  inherited:
    <<: *service
`;
    expect(located(text).entries).toEqual([
      { service: 'api', name: 'DATABASE_URL', value: 'postgres://anchor@pgbouncer:6432/app', at: 'postgres://anchor@pgbouncer:6432/app' },
      { service: 'web', name: 'DATABASE_URL', value: 'postgres://anchor@pgbouncer:6432/app', at: 'postgres://anchor@pgbouncer:6432/app' },
      { service: 'web', name: 'LOG', value: 'info', at: 'info' },
      { service: 'inherited', name: 'FROM_BASE', value: 'postgres://base@h/db', at: 'postgres://base@h/db' },
      { service: 'api', name: 'LOG', value: 'debug', at: 'debug' },
    ]);
  });

  it('leaves ${VAR:-default} interpolation as written', () => {
    const text = 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:${PW:-dev}@${HOST:-pgbouncer}:6432/app\n';
    expect(located(text).entries[0]?.value).toBe('postgres://app:${PW:-dev}@${HOST:-pgbouncer}:6432/app');
  });

  it('returns syntax errors with their offset and without quoting the source line', () => {
    const text = 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:l3akedPass@h/db\n     bad: [\n';
    const { entries, errors } = parseComposeFile(text);
    expect(entries).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.start).toBeGreaterThan(text.indexOf('l3akedPass'));
    expect(JSON.stringify(errors)).not.toContain('l3akedPass');
  });

  it('finds nothing in a file without services', () => {
    expect(located('version: "3"\nname: empty\n')).toEqual({ errors: [], entries: [] });
  });
});
