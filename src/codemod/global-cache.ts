// The lines every globalThis cache poolguard writes shares (the require-global-cache transform and the
// generated singleton modules), so each typechecks where it lands: TypeScript gets a cast, a JavaScript
// file a JSDoc cast (`globalThis.sql` is an error under checkJs + strict), and a SvelteKit module tests
// `dev` from `$app/environment` (an app without @types/node has no `process`).
import { frameworkOf } from '../project/framework.js';

/** `const globalForSql = globalThis as unknown as { sql?: T };`, or the JSDoc form in JavaScript. */
export function cacheDeclaration(cache: string, name: string, type: string, typescript: boolean): string {
  if (typescript) return `const ${cache} = globalThis as unknown as { ${name}?: ${type} };`;
  return `const ${cache} = /** @type {{ ${name}?: ${type} }} */ (/** @type {unknown} */ (globalThis));`;
}

/** How the module tells development from production: SvelteKit's `dev`, else `NODE_ENV`. */
export interface DevCondition {
  test: string;
  /** An import the test needs (`import { dev } from '$app/environment';`), if any. */
  import?: { specifier: string; imported: string };
}

export function devCondition(file: string): DevCondition {
  if (frameworkOf(file).framework === 'SvelteKit') return { test: 'dev', import: { specifier: '$app/environment', imported: 'dev' } };
  return { test: "process.env.NODE_ENV !== 'production'" };
}
