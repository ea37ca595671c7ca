// The last check before `poolguard fix` writes a file: the rewritten text must still parse, and must
// not read a name that nothing binds which the original did not read already (a moved argument whose
// import stayed behind). A rewrite that fails is not written: the file is listed as failed, unchanged.
import { parseSource } from '../estree/parse.js';

/** Runtime globals any module may read (a generated cache, a signal hook, a moved argument). */
export const RUNTIME_GLOBALS: ReadonlySet<string> = new Set(['process', 'globalThis', 'global', 'console', 'Number', 'String', 'Boolean', 'JSON', 'Math', 'Promise', 'Object', 'Array', 'Error', 'Date', 'Symbol', 'BigInt', 'parseInt', 'parseFloat', 'Buffer', 'URL', 'undefined', 'Infinity', 'NaN', 'module', 'exports', 'require']);

/** Why `after` must not replace `before` in `file`, or undefined when it may. */
export function rewriteProblem(file: string, before: string | undefined, after: string): string | undefined {
  let unbound: Set<string>;
  try {
    unbound = unresolved(file, after);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return `the rewritten text does not parse (${message}), so it was not written; please report this`;
  }
  let known = new Set<string>();
  if (before !== undefined) {
    try {
      known = unresolved(file, before);
    } catch {
      return undefined; // the original did not parse either: nothing to compare with (fix leaves such files alone)
    }
  }
  const added = [...unbound].filter((name) => !known.has(name) && !RUNTIME_GLOBALS.has(name));
  return added.length > 0 ? `the rewrite would read ${added.map((n) => `\`${n}\``).join(', ')}, which nothing binds there, so it was not written; please report this` : undefined;
}

/** The value names `text` reads that nothing in it binds (throws when it does not parse). */
export function unresolved(file: string, text: string): Set<string> {
  const { scopeManager } = parseSource(file, text);
  const names = new Set<string>();
  for (const ref of scopeManager.globalScope?.through ?? []) {
    // Types (`Response`, `NextRequest`) come from lib files the parse does not see: only values count.
    if (ref.isValueReference) names.add(ref.identifier.name);
  }
  return names;
}
