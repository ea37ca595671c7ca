// Seed 004's fix where no module holds the shared client yet: a factory that opens a new pool per call
// (`createDbConnection()`) is called once, in a generated singleton module, and every call site the
// rules report imports its result. Planned only when every call passes the same arguments (one client
// can then replace them all) and the factory's own module shares no client already (then that client
// is the one to import, and a second module would be a second pool).
import fs from 'node:fs';
import path from 'node:path';
import type { Policy } from '../core/policy.js';
import { normaliseOptions, rawArguments } from '../estree/shared-clients.js';
import { environmentOf } from '../project/environment.js';
import { freeNames, freeSingletonPath, type Offender, type SingletonPlan } from './generate-singleton.js';
import { cacheDeclaration, devCondition, type DevCondition } from './global-cache.js';

/** `createDbConnection()` → `createDbConnection`. */
export function factoryName(client: string): string {
  return client.replace(/\(\)$/, '');
}

/** The module a factory-file family names (`factory-file:lib/db.ts`), absolute; undefined for declared ones. */
export function factoryHome(family: string, root: string): string | undefined {
  return family.startsWith('factory-file:') ? path.join(root, family.slice('factory-file:'.length)) : undefined;
}

export function planFactorySingleton(packageRoot: string, family: string, offenders: readonly Offender[], policy: Policy): SingletonPlan | { reason: string } {
  const first = offenders[0]!;
  const name = factoryName(first.site.client);
  const raw = offenders.map((o) => rawArguments(o.source, o.site).trim());
  if (raw.some((r) => normaliseOptions(r) !== normaliseOptions(raw[0]!))) {
    const shown = [...new Set(raw.map((r) => normaliseOptions(r) || '(none)'))].slice(0, 3).join(' / ');
    return { reason: `the ${offenders.length} calls of \`${first.site.client}\` pass different arguments (${shown}): they are different clients, so no one module can share them` };
  }
  const unbound = freeNames(raw[0]!);
  if (unbound.length > 0) return { reason: `the calls of \`${first.site.client}\` pass ${unbound.map((n) => `\`${n}\``).join(', ')}, bound in their own modules: call it once in one of them and export the result` };
  const typescript = fs.existsSync(path.join(packageRoot, 'tsconfig.json')) || offenders.some((o) => /\.[cm]?tsx?$/.test(o.file));
  if (!typescript && offenders.some((o) => /\brequire\s*\(/.test(o.source))) {
    return { reason: `\`${first.site.client}\` is called from CommonJS modules: call it once in a module of your own and export the result` };
  }
  const base = fs.existsSync(path.join(packageRoot, 'src')) ? path.join(packageRoot, 'src', 'lib') : path.join(packageRoot, 'lib');
  const ext = typescript ? '.ts' : '.js';
  const names = first.site.kind === 'pool' ? ['pool', 'db'] : ['connection', 'db'];
  const file = freeSingletonPath(base, names, ext);
  if (!file) return { reason: `every conventional singleton path in \`${path.relative(policy.root, base)}\` is taken by another module` };
  if (!policy.isSingletonFile(file)) {
    return { reason: `a generated singleton at \`${path.relative(policy.root, file)}\` would not match your singletonModules setting; call \`${first.site.client}\` once in a module there by hand` };
  }
  const specifier = importSpecifier(file, offenders);
  const exportName = path.basename(file, ext);
  const cache = environmentOf(first.file, policy).hotReload !== undefined;
  return { file, family, exportName, content: render({ name, specifier, exportName, args: raw[0]!, typescript, cache, kind: first.site.kind, dev: devCondition(file) }) };
}

/** How the new module imports the factory: the callers' alias or package name, else a relative path. */
function importSpecifier(file: string, offenders: readonly Offender[]): string {
  const bare = offenders.find((o) => !o.site.module.startsWith('.'));
  if (bare) return bare.site.module;
  const first = offenders[0]!;
  const target = path.resolve(path.dirname(first.file), first.site.module);
  let relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
  if (!relative.startsWith('.')) relative = `./${relative}`;
  return relative;
}

function render(o: { name: string; specifier: string; exportName: string; args: string; typescript: boolean; cache: boolean; kind: string; dev: DevCondition }): string {
  const lines = [`import { ${o.name} } from '${o.specifier}';`, ''];
  if (o.cache && o.dev.import) lines.splice(1, 0, `import { ${o.dev.import.imported} } from '${o.dev.import.specifier}';`);
  const call = `${o.name}(${o.args})`;
  lines.push(`// The one shared ${o.kind} for this package, created by \`poolguard fix\`: \`${o.name}()\` opens a new ${o.kind} on`, '// every call, so it is called once, here, and its callers import the result.');
  if (o.cache) {
    const cache = `globalFor${o.exportName[0]!.toUpperCase()}${o.exportName.slice(1)}`;
    lines.push(
      '// Cached on globalThis because the dev server re-evaluates modules in process.',
      cacheDeclaration(cache, o.exportName, `ReturnType<typeof ${o.name}>`, o.typescript),
      '',
      `export const ${o.exportName} = ${cache}.${o.exportName} ?? ${call};`,
      '',
      `if (${o.dev.test}) ${cache}.${o.exportName} = ${o.exportName};`,
    );
  } else {
    lines.push(`export const ${o.exportName} = ${call};`);
  }
  return `${lines.join('\n')}\n`;
}
