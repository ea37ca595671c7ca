// doctor's --url: malformed URLs are one usage line, libpq forms `new URL` refuses still work, and no
// message shows the password, whatever shape the input has.
import { describe, expect, it } from 'vitest';
import { maskConnectionString, passwordOf } from '../../src/core/url.js';
import { run } from '../helpers/cli.js';

const doctor = (url: string) => run(['doctor', '--url', url, '--connect-timeout', '2s']);

describe('doctor --url', () => {
  for (const [url, why] of [
    ['postgres://app:pw@[::1:5432/app', 'no closing ]'],
    ['postgres://app:pw@db.example.com:99999/app', 'port "99999"'],
    ['postgres://app:pw@db.example.com:abc/app', 'port "abc"'],
    ['postgres://app:pw@127.0.0.1:1/app?sslrootcert=/nonexistent/root.crt', 'sslrootcert file not found'],
  ] as const) {
    it(`refuses ${url} in one line`, async () => {
      const result = await doctor(url);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^poolguard: [^\n]+\n$/);
      expect(result.stderr).toContain(why);
      expect(result.stderr).not.toContain(':pw@');
    });
  }

  for (const password of ['se/cret', 'se#cret', 'se?cret']) {
    it(`takes a password with ${password[2]} (libpq does) and never prints it`, async () => {
      const result = await doctor(`postgres://app:${password}@127.0.0.1:1/app`);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^poolguard doctor: [^\n]*(?:refused|127\.0\.0\.1)[^\n]*\n$/);
      expect(result.stderr).not.toContain('cret');
    });
  }

  for (const url of ['postgres:/user:pw@host/db', 'user:pw@host/db']) {
    it(`masks the password of ${url} in "not a PostgreSQL URL"`, async () => {
      const result = await doctor(url);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('not a PostgreSQL URL');
      expect(result.stderr).not.toContain('pw');
    });
  }
});

describe('doctor --url with a libpq keyword string', () => {
  for (const url of ['host=127.0.0.1 port=1 user=app password=pw dbname=app', "host = 127.0.0.1 port=1 password='p w\\'x' dbname=app", 'host=127.0.0.1 port=1 password=se/c#r?et@x']) {
    it(`parses ${url} itself, connects to what it names, and never prints the password`, async () => {
      const result = await doctor(url);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe('poolguard doctor: connection refused by 127.0.0.1:1 (is PostgreSQL listening there?)\n');
    });
  }

  for (const [url, why] of [
    ["host=db password='p w", "the quoted value of password is not closed"],
    ['host=db password=p w', 'a word without "=" at character 20 (quote a value that holds spaces: password=\'a b\')'],
    ['host=db pasword=pw', 'an unknown keyword at character 9, did you mean "password"?'],
    ['host=db password=pw sslmod=require', 'an unknown keyword at character 21, did you mean "sslmode"?'],
  ] as const) {
    it(`refuses ${url} in one line that shows no part of the password`, async () => {
      const result = await doctor(url);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toBe(`poolguard: not a valid libpq connection string: ${why}\n`);
    });
  }
});

describe('masking a keyword string no parser accepts', () => {
  it('a quote left open masks to the end (the rest is the password as far as anyone can tell)', () => {
    expect(maskConnectionString("host=db password='p w x")).toBe('host=db password=****');
    expect(passwordOf("host=db password='p w x")).toBe('p w x');
  });
});
