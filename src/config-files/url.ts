// PostgreSQL connection URLs as they appear in config files: a tolerant parser (passwords with
// unencoded `@` or `/`, several hosts, `${VAR}` interpolation left as is), secret masking, and the
// one decision of which hosts are transaction poolers. Pure: no I/O.

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
