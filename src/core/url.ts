// The one parser of connection URLs (config files, doctor's --url, URL query options in code): tolerant
// of what libpq accepts and `new URL` refuses (passwords with unencoded `@`, `/`, `#` or `?`, several
// hosts, `${VAR}` interpolation left as is), secret masking for every input shape, including ones it
// cannot parse, and the one decision of which hosts are transaction poolers. Pure: no I/O.

export interface PgHost {
  host: string;
  /** As written (`6432`, `${PGPORT}`), or undefined when absent. */
  port: string | undefined;
}

export interface PgUrl {
  scheme: string;
  user: string;
  hasPassword: boolean;
  hosts: PgHost[];
  /** Query parameters, names lower-cased, values percent-decoded (last one wins). */
  params: Map<string, string>;
}

const POSTGRES_SCHEME = /^(postgres(?:ql)?):\/\//i;

/** Query parameter names whose values are secrets: `password`, `sslpassword`, `api_key`, `token`, … */
const SECRET_PARAM = /pass|secret|token|key|auth|credential|signature/i;

export const MASK = '****';

/** Parses `postgres://` / `postgresql://` URLs; anything else (prisma://, mysql://, `${VAR}`) is undefined. */
export function parsePostgresUrl(value: string): PgUrl | undefined {
  const scheme = POSTGRES_SCHEME.exec(value.trim());
  if (!scheme) return undefined;
  const { userinfo, authority, query } = split(value.trim().slice(scheme[0].length));
  const colon = userinfo === undefined ? -1 : passwordColon(userinfo);
  const hosts = authority
    .split(',')
    .filter((part) => part !== '')
    .map((part): PgHost => {
      // `[::1]:6432`, `host:6432`, `host`, `${DB_HOST}` (a `:-default` inside braces is not a port).
      const match = /^(\[[^\]]*\]|(?:\$\{[^}]*\}|[^:])*)(?::(.*))?$/.exec(part);
      return { host: (match?.[1] ?? part).toLowerCase(), port: match?.[2] };
    });
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    params.set(decode(name).toLowerCase(), eq < 0 ? '' : decode(pair.slice(eq + 1)));
  }
  return {
    scheme: scheme[1]!.toLowerCase(),
    user: userinfo === undefined ? '' : decode(colon < 0 ? userinfo : userinfo.slice(0, colon)),
    hasPassword: colon >= 0,
    hosts,
    params,
  };
}

/**
 * `postgres://app:s3cret@db:6432/app?sslpassword=x` → `postgres://app:****@db:6432/app?sslpassword=****`.
 * Any `scheme://` URL is masked the same way (userinfo password, secret-named query parameters,
 * fragment); the user name and host stay, since they say which database and pooler is meant.
 */
export function maskUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length);
  const { userinfo, hostAndPath } = split(rest);
  let out = scheme[0];
  if (userinfo !== undefined) {
    const colon = passwordColon(userinfo);
    out += colon < 0 ? `${userinfo}@` : `${userinfo.slice(0, colon)}:${MASK}@`;
  }
  const hash = hostAndPath.indexOf('#');
  const beforeHash = hash < 0 ? hostAndPath : hostAndPath.slice(0, hash);
  const question = beforeHash.indexOf('?');
  if (question < 0) out += beforeHash;
  else {
    const masked = beforeHash
      .slice(question + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq >= 0 && SECRET_PARAM.test(decode(pair.slice(0, eq))) ? `${pair.slice(0, eq)}=${MASK}` : pair;
      });
    out += `${beforeHash.slice(0, question)}?${masked.join('&')}`;
  }
  return hash < 0 ? out : `${out}#${MASK}`;
}

/** Masks every URL in free text (a message, a parser error): the last line of defence before output. */
export function maskSecrets(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]*/gi, (url) => {
    // Keep a closing bracket or trailing punctuation that belongs to the sentence, not the URL.
    const tail = /[)\].,;:!]+$/.exec(url)?.[0] ?? '';
    return maskUrl(url.slice(0, url.length - tail.length)) + tail;
  });
}

/**
 * Why this URL goes through a transaction pooler, or undefined when it does not (as far as the URL
 * shows). Transaction poolers hand each transaction to any server connection, so session state such
 * as Prisma's named prepared statements does not survive.
 */
export function transactionPooler(url: PgUrl): string | undefined {
  for (const { host, port } of url.hosts) {
    if (/(?:^|\.)pooler\.supabase\.com$/.test(host) && port === '6543') return 'Supabase pooler in transaction mode, port 6543';
    if (/-pooler\./.test(host)) return 'Neon pooled host, `-pooler.`';
    if (host.includes('pgbouncer')) return '`pgbouncer` in the host name';
    if (port === '6432') return "PgBouncer's port 6432";
  }
  return undefined;
}

/** userinfo (undefined without `@`), host list, and query of what follows `scheme://`. */
function split(rest: string): { userinfo: string | undefined; authority: string; hostAndPath: string; query: string } {
  // The last `@` before the query separates userinfo, so passwords with unencoded `@` or `/` still mask;
  // without one there, a `?` may sit inside the password: then the last `@` anywhere.
  const question = rest.indexOf('?');
  let at = (question < 0 ? rest : rest.slice(0, question)).lastIndexOf('@');
  if (at < 0 && question >= 0) at = rest.lastIndexOf('@');
  const userinfo = at < 0 ? undefined : rest.slice(0, at);
  const hostAndPath = rest.slice(at + 1);
  const authorityEnd = hostAndPath.search(/[/?#]/);
  const authority = authorityEnd < 0 ? hostAndPath : hostAndPath.slice(0, authorityEnd);
  const queryStart = hostAndPath.indexOf('?');
  const hash = hostAndPath.indexOf('#');
  const query = queryStart < 0 ? '' : hostAndPath.slice(queryStart + 1, hash > queryStart ? hash : undefined);
  return { userinfo, authority, hostAndPath, query };
}

/** The `:` between user and password, skipping `${VAR:-default}` interpolations; -1 without one. */
function passwordColon(userinfo: string): number {
  for (let i = 0; i < userinfo.length; i++) {
    if (userinfo.startsWith('${', i)) {
      const close = userinfo.indexOf('}', i);
      if (close < 0) return userinfo.indexOf(':', i);
      i = close;
    } else if (userinfo[i] === ':') return i;
  }
  return -1;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** `a=1&b=x%20y` of any `scheme://…?query` (names as written, values percent-decoded), in order. */
export function queryPairs(text: string): Array<[string, string]> {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text.trim());
  const { query } = split(scheme ? text.trim().slice(scheme[0].length) : text.trim());
  const pairs: Array<[string, string]> = [];
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    pairs.push([decode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? '' : decode(pair.slice(eq + 1))]);
  }
  return pairs;
}

/** The password a connection string carries (URL, libpq keywords, or a malformed URL), or undefined. */
export function passwordOf(text: string): string | undefined {
  const keyword = KEYWORD_PASSWORD.exec(text);
  if (keyword && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return unquote(keyword[1]!);
  const span = passwordSpan(text);
  return span ? decode(text.slice(span[0], span[1])) || undefined : undefined;
}

/**
 * Masks the password of any connection string: a `scheme://` URL (see maskUrl), libpq keywords
 * (`host=db password=s3cret` → `password=****`), and shapes no parser accepts (`postgres:/u:pw@db`,
 * `u:pw@db`): everything between the user's `:` and the last `@`.
 */
export function maskConnectionString(text: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text.trim())) return maskUrl(text);
  if (KEYWORD_PASSWORD.test(text)) return text.replace(new RegExp(KEYWORD_PASSWORD.source, 'gi'), (match, value: string) => match.slice(0, match.length - value.length) + MASK);
  const span = passwordSpan(text);
  return span ? `${text.slice(0, span[0])}${MASK}${text.slice(span[1])}` : text;
}

/** Why doctor cannot use this PostgreSQL URL (a bad port, an unclosed IPv6 bracket), or undefined. */
export function urlProblem(url: PgUrl): string | undefined {
  if (url.hosts.length === 0) return undefined;
  for (const { host, port } of url.hosts) {
    if (host.startsWith('[') && !host.endsWith(']')) return `the IPv6 host ${host} has no closing ]`;
    if (port !== undefined && port !== '' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return `the port "${port}" is not a number from 1 to 65535`;
  }
  return undefined;
}

/** The URL with user and password percent-encoded, so a parser built on `new URL` (pg) reads what libpq reads. */
export function encodeUserinfo(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value);
  if (!scheme) return value;
  const rest = value.slice(scheme[0].length);
  const { userinfo, hostAndPath } = split(rest);
  if (userinfo === undefined) return value;
  const colon = passwordColon(userinfo);
  const enc = (part: string) => encodeURIComponent(decode(part));
  const info = colon < 0 ? enc(userinfo) : `${enc(userinfo.slice(0, colon))}:${enc(userinfo.slice(colon + 1))}`;
  return `${scheme[0]}${info}@${hostAndPath}`;
}

// A quote left open runs to the end: the rest is the password as far as anyone can tell.
const KEYWORD_PASSWORD = /\bpassword\s*=\s*('(?:[^'\\]|\\.)*(?:'|$)|[^\s]*)/i;
const unquote = (value: string): string => (value.startsWith("'") ? value.slice(1, value.length > 1 && value.endsWith("'") ? -1 : undefined).replace(/\\(.)/g, '$1') : value);

/** [start, end) of the password in `user:password@host`-like text without `scheme://`; undefined without one. */
function passwordSpan(text: string): [number, number] | undefined {
  const at = text.lastIndexOf('@');
  if (at < 0) return undefined;
  // `postgres:/user:pw@host`: the first colon ends a scheme, not the user.
  const scheme = /^postgres(?:ql)?:\/?/i.exec(text);
  const from = scheme ? scheme[0].length : 0;
  const colon = text.indexOf(':', from);
  return colon >= 0 && colon < at ? [colon + 1, at] : undefined;
}
