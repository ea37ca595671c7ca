// docker-compose / compose files: the `environment:` of every service, as a map (`KEY: value`) or
// a list (`- KEY=value`), through anchors, aliases and `<<` merge keys. Parsed with `yaml`, whose
// nodes carry source ranges. `${VAR:-default}` interpolation is left as written.
import { createRequire } from 'node:module';
import type { Document, Node, YAMLMap } from 'yaml';
import type { ConfigEntry } from './env.js';

// yaml (~50 ms to load) only once a compose file is read.
let loaded: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

export interface ComposeEntry extends ConfigEntry {
  service: string;
}

export interface ComposeParse {
  entries: ComposeEntry[];
  /** YAML syntax errors (no findings are reported for a file that has any). */
  errors: Array<{ message: string; start: number }>;
}

export function parseComposeFile(text: string): ComposeParse {
  // prettyErrors off: the pretty form quotes the offending source line, which may hold a password.
  const documents = yaml().parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const errors = list.flatMap((doc) => doc.errors.map((error) => ({ message: error.message, start: error.pos[0] })));
  if (errors.length > 0) return { entries: [], errors };
  const entries: ComposeEntry[] = [];
  for (const doc of list) {
    const services = resolve(doc, lookup(doc, doc.contents, 'services'));
    if (!yaml().isMap(services)) continue;
    for (const pair of services.items) {
      const service = yaml().isScalar(pair.key) ? String(pair.key.value) : '';
      const environment = resolve(doc, lookup(doc, resolve(doc, pair.value as Node | null), 'environment'));
      entries.push(...environmentEntries(doc, text, service, environment));
    }
  }
  return { entries: entries.sort((a, b) => a.start - b.start), errors: [] };
}

function environmentEntries(doc: Document, text: string, service: string, node: Node | undefined): ComposeEntry[] {
  const out: ComposeEntry[] = [];
  if (yaml().isMap(node)) {
    for (const pair of node.items) {
      const key = yaml().isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === '<<') {
        // `<<: *common-env` or `<<: [*a, *b]`: the merged maps, own keys first (they win).
        const sources = resolve(doc, pair.value as Node | null);
        for (const source of yaml().isSeq(sources) ? sources.items : [sources]) {
          for (const entry of environmentEntries(doc, text, service, resolve(doc, source as Node))) {
            if (!node.items.some((own) => yaml().isScalar(own.key) && String(own.key.value) === entry.name)) out.push(entry);
          }
        }
        continue;
      }
      const value = resolve(doc, pair.value as Node | null);
      if (key !== undefined && yaml().isScalar(value) && typeof value.value === 'string' && value.range) {
        out.push({ service, name: key, value: value.value, ...locate(text, value.range, value.value) });
      }
    }
  } else if (yaml().isSeq(node)) {
    for (const item of node.items) {
      const scalar = resolve(doc, item as Node);
      if (!yaml().isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.range) continue;
      const eq = scalar.value.indexOf('=');
      if (eq <= 0) continue; // `- NAME` passes the host's value through: nothing written here
      const value = scalar.value.slice(eq + 1);
      out.push({ service, name: scalar.value.slice(0, eq), value, ...locate(text, scalar.range, value, eq + 1) });
    }
  }
  return out;
}

/** The value's own offsets when it is written verbatim inside the node, else the node's. */
function locate(text: string, range: [number, number, number], value: string, from = 0): { start: number; end: number } {
  const raw = text.slice(range[0], range[1]);
  const index = value === '' ? -1 : raw.indexOf(value, Math.min(from, raw.length));
  return index >= 0 ? { start: range[0] + index, end: range[0] + index + value.length } : { start: range[0], end: range[1] };
}

function lookup(doc: Document, node: unknown, key: string): Node | undefined {
  const map = resolve(doc, node as Node | null);
  if (!yaml().isMap(map)) return undefined;
  const own = (map as YAMLMap).items.find((pair) => yaml().isScalar(pair.key) && pair.key.value === key);
  if (own) return (own.value as Node | null) ?? undefined;
  // A service that inherits its environment through `<<: *base-service`.
  const merge = (map as YAMLMap).items.find((pair) => yaml().isScalar(pair.key) && pair.key.value === '<<');
  if (!merge) return undefined;
  const sources = resolve(doc, merge.value as Node | null);
  for (const source of yaml().isSeq(sources) ? sources.items : [sources]) {
    const found = lookup(doc, source, key);
    if (found) return found;
  }
  return undefined;
}

function resolve(doc: Document, node: Node | null | undefined): Node | undefined {
  let current: Node | null | undefined = node;
  for (let depth = 0; yaml().isAlias(current) && depth < 32; depth++) current = current.resolve(doc) as Node | undefined;
  return current ?? undefined;
}
