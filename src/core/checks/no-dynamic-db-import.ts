// no-dynamic-db-import: `import()` of the app's own client module in per-request code, where a static
// import would do (seed 000: `await import('../lib/prisma.js')` in an Express auth middleware).
import type { ClassifyContext } from '../environment.js';
import type { DynamicImportSite } from '../facts.js';
import type { Finding } from '../findings.js';

export function noDynamicDbImport(site: DynamicImportSite, context?: ClassifyContext): Finding | undefined {
  if (site.commonjs || site.runtimeGuarded) return undefined;
  // `import('pg')` loads whichever optional driver is installed: the driver, not a second client.
  if (site.target !== 'singleton') return undefined;
  // Module scope, startup code, a SIGTERM handler: loaded once, not on the request path.
  if (site.once !== undefined || site.fn?.shutdown) return undefined;
  const environment = context?.environment;
  // Scripts, tests and command-line tools run once per process: there is no request path. A full-stack framework's bundler (Next.js, TanStack Start, …) gives the
  // import() the one module instance, and the split keeps the driver out of modules shared with the client.
  if (environment?.role || environment?.cli || environment?.frameworkRuns) return undefined;
  return { ruleId: 'no-dynamic-db-import', messageId: 'dynamicDbImport', data: { specifier: site.specifier }, range: site.range };
}
