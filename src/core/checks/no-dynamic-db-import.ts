// no-dynamic-db-import: `import()` of the database client where a static import would do.
import type { DynamicImportSite } from '../facts.js';
import type { Finding } from '../findings.js';

export function noDynamicDbImport(site: DynamicImportSite): Finding | undefined {
  if (site.commonjs || site.runtimeGuarded) return undefined;
  return { ruleId: 'no-dynamic-db-import', messageId: 'dynamicDbImport', data: { specifier: site.specifier }, range: site.range };
}
