// .env files: values come from dotenv's own parser (quotes, `export`, comments, multi-line values,
// last definition wins), which returns no positions; each value is then located in the text.
import dotenv from 'dotenv';

export interface ConfigEntry {
  /** The variable name. */
  name: string;
  /** The value as the program sees it (no `${VAR}` expansion). */
  value: string;
  /** Source offsets of the value (or of the whole definition when the value is not verbatim). */
  start: number;
  end: number;
}

/** The effective variables of a .env file, each with where its (last) definition sits. */
export function parseEnvFile(text: string): ConfigEntry[] {
  const values = dotenv.parse(text);
  const entries: ConfigEntry[] = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = lastDefinition(text, name);
    if (!definition) continue;
    const verbatim = value === '' ? -1 : text.indexOf(value, definition.valueStart);
    const lineEnd = endOfLine(text, definition.valueStart);
    if (verbatim >= 0 && verbatim < lineEnd) entries.push({ name, value, start: verbatim, end: verbatim + value.length });
    else entries.push({ name, value, start: definition.start, end: Math.max(lineEnd, definition.valueStart) });
  }
  return entries.sort((a, b) => a.start - b.start);
}

/** `NAME=`, `NAME =`, `export NAME=` or `NAME: ` at a line start (dotenv's accepted forms); the last wins. */
function lastDefinition(text: string, name: string): { start: number; valueStart: number } | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const pattern = new RegExp(`^([ \\t]*)(?:export[ \\t]+)?${escaped}(?:[ \\t]*=[ \\t]*|:[ \\t]+)`, 'gm');
  let found: { start: number; valueStart: number } | undefined;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    found = { start: match.index + match[1]!.length, valueStart: match.index + match[0].length };
  }
  return found;
}

function endOfLine(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
