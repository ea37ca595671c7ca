// doctor's --url: malformed URLs are one usage line, libpq forms `new URL` refuses still work, and no
// message shows the password, whatever shape the input has.
import { describe, expect, it } from 'vitest';
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

  for (const url of ['postgres:/user:pw@host/db', 'user:pw@host/db', 'host=db user=app password=pw dbname=app', "host=db password='p w'"]) {
    it(`masks the password of ${url} in "not a PostgreSQL URL"`, async () => {
      const result = await doctor(url);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('not a PostgreSQL URL');
      expect(result.stderr).not.toMatch(/pw|p w/);
    });
  }
});
