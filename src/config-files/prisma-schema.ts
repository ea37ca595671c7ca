// schema.prisma (any .prisma file): the connection URLs of `datasource` blocks. A small hand parser:
// only `url`, `directUrl` and `shadowDatabaseUrl` matter, each `env("NAME")` or a string literal, and
// exact positions are needed. (@mrleebo/prisma-ast parses whole schemas, but its current release needs
// Node ≥ 22 and brings chevrotain, for three assignments.)

export type DatasourceKey = 'url' | 'directUrl' | 'shadowDatabaseUrl';

export interface DatasourceUrl {
  /** The datasource block's name (`db`). */
  datasource: string;
  key: DatasourceKey;
  /** `env("NAME")`: the variable's name. */
  env?: string;
  /** `"postgresql://…"`: the literal URL (unescaped). */
  literal?: string;
  /** Offsets of the whole value (`env("NAME")` or the string with its quotes) … */
  start: number;
  end: number;
}

/** Every url-like assignment in every `datasource` block of a Prisma schema. */
export function parsePrismaSchema(text: string): DatasourceUrl[] {
  const code = blankComments(text);
  const out: DatasourceUrl[] = [];
  const block = /(?:^|\n)[ \t]*datasource[ \t]+(\w+)[ \t]*\{/g;
  for (let match = block.exec(code); match; match = block.exec(code)) {
    const bodyStart = match.index + match[0].length;
    const bodyEnd = closingBrace(code, bodyStart);
    const body = code.slice(bodyStart, bodyEnd);
    const assignment = /^[ \t]*(url|directUrl|shadowDatabaseUrl)[ \t]*=[ \t]*(env[ \t]*\([ \t]*("(?:[^"\\\n]|\\.)*")[ \t]*\)|"(?:[^"\\\n]|\\.)*")/gm;
    for (let a = assignment.exec(body); a; a = assignment.exec(body)) {
      const start = bodyStart + a.index + a[0].length - a[2]!.length;
      const entry: DatasourceUrl = { datasource: match[1]!, key: a[1] as DatasourceKey, start, end: start + a[2]!.length };
      if (a[3] !== undefined) entry.env = unquote(a[3]);
      else entry.literal = unquote(a[2]!);
      out.push(entry);
    }
    block.lastIndex = bodyEnd;
  }
  return out;
}

/** `//` and `///` comments become spaces (same length, so offsets hold); strings are kept. */
function blankComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (inString) {
      out += char;
      if (char === '\\') out += text[++i] ?? '';
      else if (char === '"' || char === '\n') inString = false;
    } else if (char === '"') {
      inString = true;
      out += char;
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += text[i] === '\r' ? '\r' : ' ';
        i++;
      }
      if (i < text.length) out += '\n';
    } else out += char;
  }
  return out;
}

/** The offset of the `}` closing a block whose body starts at `from` (strings skipped). */
function closingBrace(code: string, from: number): number {
  let inString = false;
  for (let i = from; i < code.length; i++) {
    const char = code[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"' || char === '\n') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '}') return i;
  }
  return code.length;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, '$1');
}
