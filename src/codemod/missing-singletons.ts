// Before fixing files: which packages have offenders of a client family but no singleton module to
// import it from? For those, plan a generated singleton (see generate-singleton.ts).
import path from 'node:path';
import type { CreateSite } from '../core/facts.js';
import type { Policy } from '../core/policy.js';
import { analyseFile } from '../project/analyse.js';
import { setOverlay } from '../project/overlay.js';
import { packageRoot } from '../project/singletons.js';
import type { FixContext } from './types.js';
import { planSingleton, type Offender, type SingletonPlan } from './generate-singleton.js';
import { factoryHome, planFactorySingleton } from './factory-singleton.js';
import { readSingleton } from './singleton.js';
import { sharedClientsIn } from '../estree/shared-clients.js';

export interface MissingSingletons {
  plans: SingletonPlan[];
  /** Packages where a singleton is needed but cannot be generated, with the reason. */
  problems: Array<{ packageRoot: string; family: string; reason: string }>;
}

export function planMissingSingletons(sources: ReadonlyMap<string, string>, policy: Policy, contextFor: (file: string) => FixContext): MissingSingletons {
  const groups = new Map<string, { root: string; family: string; offenders: Offender[] }>();
  for (const [file, source] of sources) {
    let analysis;
    try {
      analysis = analyseFile(file, source, policy);
    } catch {
      continue; // reported by the fix run itself
    }
    const context = contextFor(file);
    for (const finding of analysis.findings) {
      if (finding.ruleId !== 'no-client-outside-singleton' && finding.ruleId !== 'no-client-per-request') continue;
      const site = analysis.facts.sites.find((s): s is CreateSite => s.type === 'create' && s.range[0] === finding.range[0]);
      // A call whose arguments use its function's names cannot move into a module (it is reported).
      if (!site || site.fn?.perInstance || (site.localNames?.length ?? 0) > 0) continue;
      // Only offenders the codemod can then rewrite justify a new module (not `new X().$extends(…)`).
      if (finding.ruleId === 'no-client-outside-singleton' && (!site.binding || site.once !== 'module-scope')) continue;
      if (context.singletonFor(site.family, site.module, site.client)) continue;
      // A found factory whose own module already shares a client: that one is to import (never a second).
      const home = site.factory ? factoryHome(site.family, policy.root) : undefined;
      if (home && readSingleton(home, policy).length > 0) continue;
      if (policy.isSingletonFile(file) && sharedClientsIn(file, source, policy).some((c) => c.family === site.family)) continue;
      // No package.json between the file and the project root: the project root is its package (never
      // a folder above it, where a generated module would be outside the project).
      const found = packageRoot(file.split(path.sep).join('/'));
      const inside = found === policy.root || found.startsWith(`${policy.root}/`);
      const root = inside ? found : policy.root;
      const key = `${root}\0${site.family}\0${site.factory ? site.client : ''}`;
      const group = groups.get(key) ?? { root, family: site.family, offenders: [] };
      group.offenders.push({ file, source, site });
      groups.set(key, group);
    }
  }
  const result: MissingSingletons = { plans: [], problems: [] };
  for (const group of groups.values()) {
    const plan = group.offenders[0]!.site.factory ? planFactorySingleton(group.root, group.family, group.offenders, policy) : planSingleton(group.root, group.family, group.offenders, policy);
    if ('reason' in plan) {
      result.problems.push({ packageRoot: group.root, family: group.family, reason: plan.reason });
    } else {
      // Visible to singleton lookups from now on, whether or not it is written (dry runs).
      setOverlay(plan.file, plan.content);
      result.plans.push(plan);
    }
  }
  return result;
}
