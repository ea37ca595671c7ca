// Which shared client a create site should use instead, and whether rewriting it would lose options.
// Used by both client transforms and by `poolguard fix`.
import path from 'node:path';
import type { CreateSite } from '../core/facts.js';
import { display } from '../project/specifier.js';
import type { FixContext } from './types.js';
import { lostArguments, rawArguments, sharedClientsIn, type SharedClient } from '../estree/shared-clients.js';
import { readSingleton } from './singleton.js';
import { factoryHome, factoryName } from './factory-singleton.js';
import { factoryEquivalent } from './factory-equivalent.js';

/** Why a factory call is left for the user (no module calls it once, and none can be generated). */
export function factoryReason(site: CreateSite, context: FixContext, why?: string): string {
  const home = factoryHome(site.family, context.policy.root);
  if (home) {
    const where = site.family.slice('factory-file:'.length);
    const shared = readSingleton(home, context.policy).map((c) => `\`${c.exportName}\``);
    // Its own module already shares a client: the factory should hand that one out, not a new pool.
    if (shared.length > 0) {
      return `\`${site.client}\` (${where}) opens a new ${site.kind} on every call although its module already shares ${shared.join(', ')}: make \`${site.client}\` return a client built on that one, and this call is fixed with it${why ? ` (not imported instead: ${why})` : ''}`;
    }
    return `\`${site.client}\` (${where}) opens a new ${site.kind} on every call: make it return one shared instance, and this call is fixed with it`;
  }
  return `\`${site.client}\` is a factory declared in your \`factories\` setting, so each call opens a new ${site.kind}: make it return the shared instance, then remove it from \`factories\``;
}

/** For a call of a found factory with no arguments: the export of its own module that it rebuilds. */
export function factoryCallEquivalent(source: string, site: CreateSite, context: FixContext): { singleton: string; shared: SharedClient } | { reason?: string } {
  const home = factoryHome(site.family, context.policy.root);
  if (!home) return {};
  if (rawArguments(source, site).trim() !== '') return { reason: 'it is called with arguments' };
  const equivalent = factoryEquivalent(home, factoryName(site.client), context.policy);
  return 'shared' in equivalent ? { singleton: home, shared: equivalent.shared } : equivalent;
}

/** The shared client a site should use instead, or why there is none. */
export function sharedFor(file: string, site: CreateSite, context: FixContext, source?: string): { singleton: string; shared: SharedClient } | { reason: string } {
  const pick = (clients: SharedClient[]) => clients.find((c) => c.family === site.family && c.module === site.module) ?? clients.find((c) => c.family === site.family);
  // A factory inside the singleton module returns the module's own shared instance.
  if (source !== undefined && context.policy.isSingletonFile(file)) {
    const own = pick(sharedClientsIn(file, source, context.policy));
    if (own) return { singleton: file, shared: own };
  }
  const singleton = context.singletonFor(site.family, site.module, site.client);
  if (!singleton) return { reason: `no singleton module creates a \`${site.client}\` to import (set singletonModules, or pass --singleton)` };
  const shared = pick(readSingleton(singleton, context.policy));
  if (!shared) return { reason: `\`${display(singleton, context.policy.root)}\` exports no shared \`${site.client}\`` };
  return { singleton, shared };
}

/** Offender options that the singleton does not have: rewriting would silently drop them. */
export function optionLoss(source: string, site: CreateSite, shared: SharedClient, singleton: string, root: string): string | undefined {
  const lost = lostArguments(rawArguments(source, site), shared.rawOptions);
  if (lost.length === 0) return undefined;
  return `passes options the shared instance lacks: \`${lost.join(', ')}\` (\`${display(singleton, root)}\` creates it with \`${shared.options || 'no options'}\`); use --accept-option-loss to rewrite anyway`;
}

/** A factory call whose arguments differ from the shared call's: folding it would change its client. */
export function factoryArgumentsDiffer(site: CreateSite, target: { singleton: string; shared: SharedClient }): string {
  return `\`${site.client}\` is called here with other arguments than in \`${path.basename(target.singleton)}\` (\`${target.shared.rawOptions || 'none'}\`), so it is not the shared client: left as is`;
}

/** A factory call that the shared module wraps (`drizzle(…)`) and this one does not, or the reverse. */
export function factoryWrappedDifferently(site: CreateSite, target: { singleton: string; shared: SharedClient }, context: FixContext): string {
  const shared = target.shared.wrapper.replace('\0', `${site.client}`);
  return `\`${display(target.singleton, context.policy.root)}\` shares \`${target.shared.exportName}\` as \`${shared}\`, which is not the client this call builds: export that client from there to share it`;
}
