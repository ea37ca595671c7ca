import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../src/config-files/env.js';

/** The entries with the source text each one's range covers. */
function located(text: string) {
  return parseEnvFile(text).map((entry) => ({ name: entry.name, value: entry.value, at: text.slice(entry.start, entry.end) }));
}

describe('parseEnvFile', () => {
  it('locates unquoted, quoted, exported and colon-style values', () => {
    const text = [
      '# a comment: DATABASE_URL=postgres://commented/out',
      'A=postgres://a@h/db',
      'B = "postgres://b@h/db" # trailing comment',
      "export C='postgres://c@h/db'",
      'D: postgres://d@h/db',
      '',
    ].join('\n');
    expect(located(text)).toEqual([
      { name: 'A', value: 'postgres://a@h/db', at: 'postgres://a@h/db' },
      { name: 'B', value: 'postgres://b@h/db', at: 'postgres://b@h/db' },
      { name: 'C', value: 'postgres://c@h/db', at: 'postgres://c@h/db' },
      { name: 'D', value: 'postgres://d@h/db', at: 'postgres://d@h/db' },
    ]);
  });

  it('reports the last definition of a name, the one dotenv keeps', () => {
    const text = 'DATABASE_URL=postgres://first@h/db\nDATABASE_URL=postgres://second@h/db\n';
    const [entry] = parseEnvFile(text);
    expect(entry?.value).toBe('postgres://second@h/db');
    expect(entry?.start).toBe(text.indexOf('postgres://second'));
  });

  it('keeps offsets right with CRLF line endings', () => {
    const text = 'X=1\r\nDATABASE_URL=postgres://a@h/db\r\n';
    expect(located(text)).toEqual([
      { name: 'X', value: '1', at: '1' },
      { name: 'DATABASE_URL', value: 'postgres://a@h/db', at: 'postgres://a@h/db' },
    ]);
  });

  it('covers the definition when the value is not written verbatim (escapes in double quotes)', () => {
    const text = 'KEY="line\\nnext"\n';
    expect(located(text)).toEqual([{ name: 'KEY', value: 'line\nnext', at: 'KEY="line\\nnext"' }]);
  });

  it('does not expand ${VAR} references', () => {
    expect(located('DATABASE_URL=${POOLED_URL}\n')).toEqual([{ name: 'DATABASE_URL', value: '${POOLED_URL}', at: '${POOLED_URL}' }]);
  });
});
