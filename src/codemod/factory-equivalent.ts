// A `getDb()`-style factory whose own module already shares the client it would build: a call of it
// can import that shared export instead. `getDb() { const client = postgres(url); return drizzle(client) }`
// next to `export const sql = postgres(url, { max: 10 }); export const db = drizzle(sql)` builds what
// `db` already is, so `const db = getDb()` in a route becomes `import { db }`. Only when the factory
// takes no parameters, does nothing but build and return the client, wraps it exactly as the export
// does, and passes no option the shared client lacks; otherwise the call is left with why.
import type { TSESTree } from '@typescript-eslint/utils';
import type { CreateSite } from '../core/facts.js';
import type { Policy } from '../core/policy.js';
import { forEachChild, type Node } from '../estree/extract/ast.js';
import { exportedNames, lostArguments, normaliseOptions, rawArguments, type SharedClient } from '../estree/shared-clients.js';
import { analyseFile } from '../project/analyse.js';
import { readFileThroughOverlay } from '../project/overlay.js';

type Equivalent = { shared: SharedClient } | { reason: string };

const cache = new Map<string, { source: string; result: Equivalent }>();

/** The export of `home` that a call of `factory` (zero arguments) may import instead, or why not. */
export function factoryEquivalent(home: string, factory: string, policy: Policy): Equivalent {
  const source = readFileThroughOverlay(home);
  if (source === undefined) return { reason: 'its module cannot be read' };
  const key = `${policy.key}\0${home}\0${factory}`;
  const cached = cache.get(key);
  if (cached && cached.source === source) return cached.result;
  let result: Equivalent;
  try {
    result = compute(home, source, factory, policy);
  } catch {
    result = { reason: 'its module does not parse' };
  }
  cache.set(key, { source, result });
  return result;
}

function compute(home: string, source: string, factory: string, policy: Policy): Equivalent {
  // The same analysis the transforms ask for (one parse per text and policy).
  const { ast, facts } = analyseFile(home, source, policy);
  const creates = facts.sites.filter((s): s is CreateSite => s.type === 'create');
  const fn = topLevelFunction(ast, factory);
  if (!fn) return { reason: `\`${factory}\` is not a function declared at the top of its module` };
  if (fn.params.length > 0) return { reason: `\`${factory}\` takes parameters, so each call may name another database` };
  const built = builtExpression(fn, creates, source);
  if ('reason' in built) return built;
  const { create, template } = built;

  // What the module shares: each exported binding, as a template over one of its shared clients.
  const locals = sharedLocals(ast, creates);
  const exportsOf = exportedNames(ast);
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const names = exportsOf.get(declarator.id.name) ?? [];
      if (names.length === 0) continue;
      // The export is a shared client itself (template `\0`) or built on one (`drizzle(\0)`).
      const base = locals.get(declarator.id.name);
      const candidates: Array<{ local: string; template: string }> = base ? [{ local: declarator.id.name, template: '\0' }] : [];
      for (const local of locals.keys()) {
        const over = templateOver(declarator.init, source, local);
        if (over) candidates.push({ local, template: over });
      }
      for (const candidate of candidates) {
        if (candidate.template !== template) continue;
        const client = locals.get(candidate.local)!;
        if (client.family !== create.family) continue;
        const rawOptions = rawArguments(source, client);
        const lost = lostArguments(rawArguments(source, create), rawOptions);
        if (lost.length > 0) return { reason: `\`${factory}\` builds its client with \`${lost.join(', ')}\`, which the shared \`${candidate.local}\` lacks` };
        const shared: SharedClient = { exportName: names[0]!, family: client.family, module: client.module, client: client.client, options: normaliseOptions(rawOptions), rawOptions, wrapper: '\0' };
        return { shared };
      }
    }
  }
  return { reason: `no export of its module is built the way \`${factory}\` builds its client` };
}

function topLevelFunction(ast: TSESTree.Program, name: string): TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === name) return declaration;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration.declarations) {
        if (d.id.type === 'Identifier' && d.id.name === name && (d.init?.type === 'ArrowFunctionExpression' || d.init?.type === 'FunctionExpression')) return d.init;
      }
    }
  }
  return undefined;
}

/** The factory's body must be `[const c = <create>;] return <expr over the create>`: nothing else runs. */
function builtExpression(fn: TSESTree.FunctionDeclaration | TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression, creates: CreateSite[], source: string): { create: CreateSite; template: string } | { reason: string } {
  const inside = creates.filter((s) => fn.range[0] <= s.range[0] && s.range[1] <= fn.range[1]);
  if (inside.length !== 1) return { reason: `\`${fn.type === 'FunctionDeclaration' ? fn.id?.name : 'the factory'}\` does not build exactly one client` };
  const create = inside[0]!;
  const other = { reason: 'the factory does more than build and return its client' };
  let returned: TSESTree.Expression | undefined;
  let local: string | undefined;
  if (fn.body.type !== 'BlockStatement') {
    returned = fn.body;
  } else {
    for (const statement of fn.body.body) {
      if (statement.type === 'ReturnStatement' && statement.argument && !returned) {
        returned = statement.argument;
      } else if (statement.type === 'VariableDeclaration' && !local && !returned && statement.declarations.length === 1) {
        const d = statement.declarations[0]!;
        if (d.id.type !== 'Identifier' || !d.init || d.init.range[0] !== create.range[0] || d.init.range[1] !== create.range[1]) return other;
        local = d.id.name;
      } else {
        return other;
      }
    }
  }
  if (!returned) return other;
  if (local) {
    const template = templateOver(returned, source, local);
    return template ? { create, template } : other;
  }
  if (returned.range[0] > create.range[0] || create.range[1] > returned.range[1]) return other;
  return { create, template: templateText(returned, source, [create.range]) };
}

/** `expr` with every reference to `local` as `\0`, normalised; undefined when it names `local` not exactly once. */
function templateOver(expr: TSESTree.Node, source: string, local: string): string | undefined {
  const refs: Array<[number, number]> = [];
  const visit = (node: Node, parent: Node | undefined): void => {
    if (node.type === 'Identifier' && node.name === local) {
      const key = parent?.type === 'Property' && parent.key === node && !parent.computed;
      const member = parent?.type === 'MemberExpression' && parent.property === node && !parent.computed;
      if (!key && !member) refs.push(node.range);
      return;
    }
    forEachChild(node, (child) => visit(child, node));
  };
  visit(expr as Node, undefined);
  if (refs.length !== 1) return undefined;
  return templateText(expr, source, refs);
}

function templateText(expr: TSESTree.Node, source: string, holes: Array<readonly [number, number]>): string {
  let text = '';
  let at = expr.range[0];
  for (const [start, end] of holes) {
    text += `${source.slice(at, start)}\0`;
    at = end;
  }
  return normaliseOptions(text + source.slice(at, expr.range[1]));
}

/** Module-level bindings that hold a client created once: local name → the create site. */
function sharedLocals(ast: TSESTree.Program, creates: CreateSite[]): Map<string, CreateSite> {
  const out = new Map<string, CreateSite>();
  for (const statement of ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const d of declaration.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const init = d.init;
      const site = creates.find((s) => s.once !== undefined && s.once !== 'provider' && init.range[0] <= s.range[0] && s.range[1] <= init.range[1]);
      if (site) out.set(d.id.name, site);
    }
  }
  return out;
}
