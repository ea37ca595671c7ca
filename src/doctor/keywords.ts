// libpq's other connection-string shape, `host=db port=5432 dbname=app user=app password='s3 cret'`
// (what `psql`, PGSERVICE files and many hosts' dashboards hand out), parsed as libpq parses it and
// turned into the URL the rest of doctor (and pg) reads. Errors never carry the password.
import { didYouMean } from '../core/suggest.js';

/** libpq's connection keywords (PostgreSQL 17); `password` and its like are among them. */
const KEYWORDS = [
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding', 'connect_timeout',
  'client_encoding', 'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle',
  'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication', 'gssencmode', 'sslmode', 'sslnegotiation',
  'requiressl', 'sslcompression', 'sslcert', 'sslkey', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni',
  'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation', 'service',
  'target_session_attrs', 'load_balance_hosts',
];

/** Is this text meant as keyword/value pairs (libpq: anything that is not a `postgres(ql)://` URI)? */
export const isKeywordString = (text: string): boolean => /^\s*[A-Za-z_]+\s*=/.test(text);

/**
 * The pairs of a keyword/value string, or why it is not one. The problem never quotes what was
 * typed: a stray word may be half of a password with a space (`password=a b`).
 */
export function parseKeywords(text: string): { ok: true; pairs: Map<string, string> } | { ok: false; problem: string } {
  const pairs = new Map<string, string>();
  let i = 0;
  const space = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  for (space(); i < text.length; space()) {
    const start = i;
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i]!)) i++;
    const key = text.slice(start, i);
    space();
    if (text[i] !== '=') return { ok: false, problem: `a word without "=" at character ${start + 1} (quote a value that holds spaces: password='a b')` };
    i++;
    space();
    let value = '';
    if (text[i] === "'") {
      for (i++; ; i++) {
        if (i >= text.length) return { ok: false, problem: `the quoted value of ${KEYWORDS.includes(key) ? key : 'a keyword'} is not closed` };
        if (text[i] === '\\' && i + 1 < text.length) value += text[++i];
        else if (text[i] === "'") break;
        else value += text[i];
      }
      i++;
    } else {
      for (; i < text.length && !/\s/.test(text[i]!); i++) value += text[i] === '\\' && i + 1 < text.length ? text[++i] : text[i];
    }
    // The suggestion names a known keyword, never the unknown word itself.
    if (!KEYWORDS.includes(key)) return { ok: false, problem: `an unknown keyword at character ${start + 1}${didYouMean(key, KEYWORDS)}` };
    pairs.set(key, value);
  }
  return { ok: true, pairs };
}

/**
 * `host=db port=6432 dbname=app user=u password=p sslmode=require` →
 * `postgresql://u:p@db:6432/app?sslmode=require`. A socket folder as host goes in the query, as pg reads it.
 */
export function keywordsToUrl(pairs: ReadonlyMap<string, string>): string {
  const rest = new Map(pairs);
  const take = (key: string) => {
    const value = rest.get(key);
    rest.delete(key);
    return value || undefined;
  };
  const enc = encodeURIComponent;
  const user = take('user');
  const password = take('password');
  const hostaddr = take('hostaddr');
  const host = take('host') ?? hostaddr;
  const port = take('port');
  const dbname = take('dbname');
  const query: string[] = [];
  // A socket folder, or no host at all (libpq's default socket): host and port go in the query, as pg reads them.
  const tcpHost = host && !host.startsWith('/') ? host : undefined;
  if (host && !tcpHost) query.push(`host=${enc(host)}`);
  if (port && !tcpHost) query.push(`port=${enc(port)}`);
  for (const [key, value] of rest) query.push(`${enc(key)}=${enc(value)}`);
  const userinfo = user || password ? `${enc(user ?? '')}${password !== undefined ? `:${enc(password)}` : ''}@` : '';
  const authority = tcpHost ? `${tcpHost.includes(':') && !tcpHost.startsWith('[') ? `[${tcpHost}]` : tcpHost}${port ? `:${port}` : ''}` : '';
  return `postgresql://${userinfo}${authority}/${dbname ? enc(dbname) : ''}${query.length ? `?${query.join('&')}` : ''}`;
}
