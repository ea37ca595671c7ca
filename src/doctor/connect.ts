// One short-lived connection, identified as poolguard-doctor, with every error turned into one line
// that never contains the password.
import pg from 'pg';
import { encodeUserinfo, maskConnectionString, MASK, passwordOf } from '../core/url.js';

export class ConnectError extends Error {}

/** The URL with its password masked, for anything we print, whatever its shape (see core/url.ts). */
export const maskUrl = (url: string): string => maskConnectionString(url);

/** Scrub the password (raw and URL-encoded) from any text. */
export function scrub(text: string, url: string): string {
  const password = passwordOf(url);
  if (!password) return text;
  let out = text;
  for (const secret of new Set([password, encodeURIComponent(password)])) out = out.split(secret).join(MASK);
  return out;
}

export function reasonOf(error: unknown, url: string, timeoutMs: number): string {
  const e = error as { code?: string; message?: string };
  const target = maskUrl(url).replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '').replace(/^[^@]*@/, '');
  let reason: string;
  switch (e.code) {
    case '28P01':
    case '28000':
      reason = `authentication failed for ${target}`;
      break;
    case '3D000':
      reason = `database does not exist on ${target}`;
      break;
    case 'ECONNREFUSED':
      reason = `connection refused by ${target} (is PostgreSQL listening there?)`;
      break;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      reason = `host not found: ${target}`;
      break;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      reason = `host unreachable: ${target}`;
      break;
    default: {
      const message = e.message ?? String(error);
      if (/timeout|timed out/i.test(message)) reason = `timed out after ${timeoutMs / 1000}s connecting to ${target}`;
      else if (/SSL|TLS|ssl/.test(message) || /no pg_hba.conf entry.*no encryption/i.test(message)) reason = `TLS problem with ${target}: ${message} (check sslmode)`;
      else reason = `cannot connect to ${target}: ${message}`;
    }
  }
  return scrub(reason, url);
}

export async function connect(url: string, timeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({
    // pg parses with `new URL`, which refuses what libpq accepts (a `/`, `#` or `?` in the password).
    connectionString: encodeUserinfo(url),
    application_name: 'poolguard-doctor',
    connectionTimeoutMillis: timeoutMs,
    query_timeout: 30_000,
  });
  // A connection error after connect() must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new ConnectError(reasonOf(error, url, timeoutMs));
  }
  return client;
}
