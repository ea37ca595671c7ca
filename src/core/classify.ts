// classify(): the ONE place that decides whether a site is a finding. Pure and table-tested; the
// rules report its answer, the codemod rewrites it, the CLI counts it.
import type { CloseSite, CreateSite, DynamicImportSite, Site } from './facts.js';
import type { Finding } from './findings.js';
import type { Policy, RuntimeProfile } from './policy.js';
import { requireGlobalCache, requireShutdownHook } from './lifecycle.js';
import { poolOptions } from './pool-options.js';

/** Where the file runs: resolved from its package by the caller (the core never reads the disk). */
export interface Environment {
  /** The dev server or tool that re-evaluates modules on change (`Next.js (next dev)`), if any. */
  hotReload: string | undefined;
  runtime: RuntimeProfile;
  /** The package's entry point closes a client on SIGTERM / SIGINT (a text check of that file). */
  entryPointShutdown?: boolean;
  /** The package runs (a start / dev script, PM2, an entry that listens), rather than being a library. */
  runsAsServer?: boolean;
  /** A framework owns the process and its entry point (`next start`, Nuxt, SvelteKit, Remix, Astro). */
  frameworkRuns?: boolean;
  /**
   * A `script` runs once and exits (`scripts/`, seeds, a file package.json runs as a one-off): it owns
   * its client and must close it. A `test`: the runner owns its clients.
   */
  role?: 'script' | 'test';
}

export interface ClassifyContext {
  filename: string;
  policy: Policy;
  /** Absent: a long-lived server without hot reload. */
  environment?: Environment;
  /** The singleton module to import from, as a display path, when one is known for this file. */
  singletonFor?: (family: string) => string | undefined;
}

export function classify(site: Site, context: ClassifyContext): Finding | undefined {
  switch (site.type) {
    case 'create':
      return classifyCreate(site, context);
    case 'close':
      return classifyClose(site);
    case 'dynamic-import':
      return classifyDynamicImport(site);
  }
}

export function classifyAll(sites: readonly Site[], context: ClassifyContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of sites) {
    const finding = classify(site, context);
    if (finding) findings.push(finding);
  }
  // Rules about the file as a whole (lifecycle, pool settings): more than one finding per site.
  for (const check of FILE_CHECKS) findings.push(...check(sites, context));
  return findings.sort((a, b) => a.range[0] - b.range[0]);
}

/** File-level checks, each in its own core module; registered here so classifyAll stays the one entry. */
const FILE_CHECKS: ReadonlyArray<(sites: readonly Site[], context: ClassifyContext) => Finding[]> = [requireGlobalCache, requireShutdownHook, poolOptions];

function classifyCreate(site: CreateSite, context: ClassifyContext): Finding | undefined {
  // A DI container (NestJS `useFactory`, an @Injectable() constructor) creates it once and owns it.
  if (site.once === 'provider') return undefined;
  if (site.once !== undefined) {
    // Lives for the whole process: right in the singleton module, a second pool anywhere else.
    if (context.policy.isSingletonFile(context.filename)) return undefined;
    // A script is its own short process: its own client is by design, closing it is require-shutdown-hook's.
    if (context.environment?.role === 'script') return undefined;
    const known = context.singletonFor?.(site.family);
    return {
      ruleId: 'no-client-outside-singleton',
      messageId: 'clientOutsideSingleton',
      data: { client: site.client, what: site.kind === 'pool' ? 'connection pool' : 'connection', singleton: known ? `\`${known}\`` : 'your singleton module (see the `singletonModules` setting)' },
      range: site.range,
    };
  }
  // A Worker builds its client from the request's env binding: per request by design.
  if (site.requestScopedConfig) return undefined;
  if (site.fn?.perInstance) {
    return { ruleId: 'no-client-per-request', messageId: 'clientPerInstance', data: { client: site.client, kind: site.kind }, range: site.range };
  }
  return {
    ruleId: 'no-client-per-request',
    // A call of a factory (declared, or found by the project model) opens its pool inside the factory.
    messageId: site.factory ? 'factoryPerRequest' : 'clientPerRequest',
    data: { client: site.client, kind: site.kind, fn: site.fn?.name ?? 'this function' },
    range: site.range,
  };
}

function classifyClose(site: CloseSite): Finding | undefined {
  if (site.shared === 'other' || site.once !== undefined || site.fn?.shutdown) return undefined;
  return {
    ruleId: 'no-close-in-handler',
    messageId: 'closeInHandler',
    data: { target: site.target, method: site.method, fn: site.fn?.name ?? 'this function' },
    range: site.range,
  };
}

function classifyDynamicImport(site: DynamicImportSite): Finding | undefined {
  if (site.commonjs || site.runtimeGuarded) return undefined;
  return { ruleId: 'no-dynamic-db-import', messageId: 'dynamicDbImport', data: { specifier: site.specifier }, range: site.range };
}
