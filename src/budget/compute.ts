// `poolguard budget`: the most connections the code can open. For every pool site (a client created
// once per process, or a factory called at module scope), its pool size × the processes running its
// package; sites that open a pool per request or per call have no upper bound. Compared with the
// database's max_connections and the share one service may use (seed 002: at most 30 %).
import { readTextOrUndefined } from '../io/read.js';
import path from 'node:path';
import { perRequestByDesign } from '../core/checks/per-request.js';
import type { CreateSite } from '../core/facts.js';
import { BUDGET_DEFAULTS, toPosix, type PoolguardSettings } from '../core/policy.js';
import type { ProjectModel } from '../project/model/index.js';
import { packageRoot } from '../project/singletons.js';
import { poolMax, type PoolMax } from '../core/pool-options.js';
import { processesOf, type Processes } from './processes.js';
import { lineColumn } from '../core/extensions.js';

export interface PoolSite {
  file: string;
  line: number;
  column: number;
  client: string;
  /** Pools this site opens per process; undefined when it opens one per request or call (no bound). */
  pools: number | undefined;
  /** Why: `module scope`, `cached on globalThis`, `per call of GET`, `factory called at module scope`. */
  how: string;
  /** Connections per pool, with where the number comes from; undefined when unknown. */
  max: PoolMax | undefined;
}

export interface PackageBudget {
  dir: string;
  name: string | undefined;
  processes: Processes;
  sites: PoolSite[];
  /** Σ pools × max of the bounded sites, for one process. */
  perProcess: number;
  /** perProcess × processes. */
  total: number;
  /** Sites that open a pool per request or per call. */
  unbounded: number;
  /** floor(maxConnections × headroom): what one service may use. */
  share: number;
  overShare: boolean;
}

export interface Budget {
  root: string;
  packages: PackageBudget[];
  total: number;
  unbounded: number;
  maxConnections: number;
  headroom: number;
  share: number;
  overBudget: boolean;
}

const ONCE_LABEL: Record<string, string> = {
  'module-scope': 'module scope',
  'module-cache': 'cached in the module',
  'global-cache': 'cached on globalThis',
  'called-once': 'in a function called once',
  provider: 'a DI provider (one instance)',
};

/** Client families whose connections another kind of server holds. */
const OTHER_SERVERS = new Set(['redis', 'ioredis', 'mongodb', 'mongoose']);

export interface BudgetInput {
  model: ProjectModel;
  /** Every file of the project (what the model was built over: its facts and texts are counted). */
  files: readonly string[];
  settings: PoolguardSettings;
  /** Overrides `settings.maxConnections` (doctor passes the live server's). */
  maxConnections?: number;
  /** Reads the files that say how many processes run (manifests, PM2 and cluster configs). */
  read?: (file: string) => string | undefined;
}

export function computeBudget(input: BudgetInput): Budget {
  const { model, settings } = input;
  // Regular files only, size-bounded: a FIFO named Procfile or a 3 GB Dockerfile costs nothing.
  const read = input.read ?? ((file: string) => readTextOrUndefined(file));
  const maxConnections = input.maxConnections ?? settings.maxConnections ?? BUDGET_DEFAULTS.maxConnections;
  const headroom = settings.headroom ?? BUDGET_DEFAULTS.headroom;
  const share = Math.floor(maxConnections * headroom);

  interface Found { file: string; text: string; site: CreateSite; max: PoolMax | undefined }
  const found: Found[] = [];
  /** The pool size inside each factory, by factory name. */
  const factoryMax = new Map<string, PoolMax | undefined>();
  const factoryNames = new Set(model.factories.map((f) => f.name));
  for (const raw of input.files) {
    const file = toPosix(path.resolve(raw));
    // The model extracted the facts of every file that imports a client module (or a factory it found).
    const facts = model.facts.get(file);
    const text = model.textOf(file);
    if (!facts || !text) continue;
    for (const site of facts.sites) {
      if (site.type !== 'create') continue;
      // max_connections is the SQL server's: a Redis or MongoDB client counts against another server.
      if (OTHER_SERVERS.has(site.family)) continue;
      const max = site.config ? poolMax(site.config, site.family, site.client) : undefined;
      // The pool a factory opens is counted where the factory is called.
      if (!site.factory && site.once === undefined && site.fn?.name && factoryNames.has(site.fn.name)) {
        if (!factoryMax.has(site.fn.name)) factoryMax.set(site.fn.name, max);
        continue;
      }
      if (!site.factory && site.config && !max) continue; // holds a pool counted elsewhere (Kysely dialect, Prisma with an adapter)
      found.push({ file, text, site, max });
    }
  }

  const byPackage = new Map<string, PoolSite[]>();
  for (const { file, text, site, max } of found) {
    if (perRequestByDesign(site)) continue; // a Worker's per-request client
    const name = site.client.replace(/\(\)$/, '');
    const size = site.factory ? factoryMax.get(name) : max;
    // Where the rules see no per-request caller (a startup step, a getter called elsewhere), one pool is
    // counted, as the rules count it; a per-request or leaking one has no upper bound.
    const callersElsewhere = site.once === undefined && site.fn?.perRequest === false && !site.dropped;
    const pools = site.once === undefined && !callersElsewhere ? undefined : 1;
    const how = callersElsewhere
      ? `in ${site.fn?.name ?? 'a function'}, whose callers are elsewhere (counted once)`
      : site.once === undefined
      ? site.fn?.perInstance ? 'per instance of a class' : `per call of ${site.fn?.name ?? 'a function'}`
      : site.factory ? `factory called at ${ONCE_LABEL[site.once] ?? site.once}` : ONCE_LABEL[site.once] ?? site.once;
    const dir = packageRoot(file);
    const list = byPackage.get(dir) ?? [];
    list.push({ file, ...lineColumn(text, site.range[0]), client: site.client, pools, how, max: size });
    byPackage.set(dir, list);
  }

  const packages: PackageBudget[] = [];
  for (const [dir, sites] of [...byPackage].sort(([a], [b]) => a.localeCompare(b))) {
    const pkg = model.packages.find((p) => p.dir === dir);
    const packageFiles = input.files.map((f) => toPosix(path.resolve(f))).filter((f) => packageRoot(f) === dir);
    const processes = processesOf(dir === model.root ? [dir] : [dir, model.root], packageFiles, settings.processes, read);
    sites.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const perProcess = sites.reduce((sum, s) => sum + (s.pools ?? 0) * (s.max?.max ?? 0), 0);
    const unbounded = sites.filter((s) => s.pools === undefined).length;
    const total = perProcess * processes.count;
    packages.push({ dir, name: pkg?.name, processes, sites, perProcess, total, unbounded, share, overShare: total > share || unbounded > 0 });
  }
  const total = packages.reduce((sum, p) => sum + p.total, 0);
  const unbounded = packages.reduce((sum, p) => sum + p.unbounded, 0);
  return {
    root: model.root,
    packages,
    total,
    unbounded,
    maxConnections,
    headroom,
    share,
    overBudget: total > maxConnections || unbounded > 0 || packages.some((p) => p.overShare),
  };
}
