// What a module shares: for each client it creates once and exports, the exported name, its client
// family and the options it is created with (the project model and the codemod both read it).
import type { TSESTree } from '@typescript-eslint/utils';
import type { CreateSite, Site } from '../core/facts.js';
import type { Policy } from '../core/policy.js';
import { parseSource } from './parse.js';
import { extractFacts } from './extract/index.js';
import { forEachChild, type Node } from './extract/ast.js';

export interface SharedClient {
  /** The exported name (`prisma`, `sql`) or `default`. */
  exportName: string;
  family: string;
  module: string;
  client: string;
  /** Source text of the constructor arguments, whitespace-normalised ('' when none). */
  options: string;
  /** The same, as written (for comparing argument by argument). */
  rawOptions: string;
  /**
   * What the module does with the created client before sharing it, with the create call as `\0`:
   * `\0` when it shares the client itself, `drizzle(\0)` when it shares `drizzle(createDbConnection())`.
   * A call site is the same client only when it wraps its call the same way.
   */
  wrapper: string;
}

export function sharedClientsIn(file: string, source: string, policy: Policy): SharedClient[] {
  let parsed: ReturnType<typeof parseSource>;
  try {
    parsed = parseSource(file, source);
  } catch {
    return [];
  }
  const facts = extractFacts({ ast: parsed.ast, scopeManager: parsed.scopeManager, text: source, filename: file, policy });
  return sharedClientsFromFacts(parsed.ast, facts.sites, source);
}

/** The same, from a parse and facts the caller already has (the project model). */
export function sharedClientsFromFacts(ast: TSESTree.Program, allSites: readonly Site[], source: string): SharedClient[] {
  const parsed = { ast };
  const sites = allSites.filter((s): s is CreateSite => s.type === 'create' && s.once !== undefined && s.once !== 'provider');
  const exportsOf = exportedNames(parsed.ast);
  const clients: SharedClient[] = [];
  for (const statement of parsed.ast.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type !== 'VariableDeclaration') continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
      const init = declarator.init;
      const site = sites.find((s) => init.range[0] <= s.range[0] && s.range[1] <= init.range[1]);
      if (!site) continue;
      for (const exportName of exportsOf.get(declarator.id.name) ?? []) {
        const chain = wrappingChain(init, source, site.range);
        clients.push({ exportName, family: site.family, module: site.module, client: site.client, options: optionsText(source, parsed.ast, site), rawOptions: rawArguments(source, site), wrapper: chain[chain.length - 1]?.wrapper ?? '\0' });
      }
    }
  }
  return clients;
}

/** local name → exported names (`export const x`, `export { x as y }`, `export default x`). */
export function exportedNames(ast: TSESTree.Program): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (local: string, exported: string) => out.set(local, [...(out.get(local) ?? []), exported]);
  for (const statement of ast.body) {
    if (statement.type === 'ExportNamedDeclaration') {
      if (statement.declaration?.type === 'VariableDeclaration') {
        for (const d of statement.declaration.declarations) if (d.id.type === 'Identifier') add(d.id.name, d.id.name);
      }
      if (!statement.source) {
        for (const spec of statement.specifiers) {
          if (spec.local.type === 'Identifier' && spec.exported.type === 'Identifier') add(spec.local.name, spec.exported.name);
        }
      }
    }
    if (statement.type === 'ExportDefaultDeclaration' && statement.declaration.type === 'Identifier') add(statement.declaration.name, 'default');
    // CommonJS: `module.exports = { prisma }`, `module.exports.prisma = prisma`, `exports.prisma = prisma`.
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const { left, right } = statement.expression;
      const target = left.type === 'MemberExpression' ? memberPath(left) : '';
      if (target === 'module.exports' && right.type === 'ObjectExpression') {
        for (const prop of right.properties) {
          if (prop.type === 'Property' && prop.key.type === 'Identifier' && prop.value.type === 'Identifier') add(prop.value.name, prop.key.name);
        }
      } else if (target === 'module.exports' && right.type === 'Identifier') {
        add(right.name, 'default');
      } else if (/^(?:module\.)?exports\.\w+$/.test(target) && right.type === 'Identifier') {
        add(right.name, target.slice(target.lastIndexOf('.') + 1));
      }
    }
  }
  return out;
}

function memberPath(node: TSESTree.MemberExpression): string {
  const property = node.property.type === 'Identifier' && !node.computed ? node.property.name : '?';
  const object = node.object.type === 'Identifier' ? node.object.name : node.object.type === 'MemberExpression' ? memberPath(node.object) : '?';
  return `${object}.${property}`;
}

/** The argument list of a create site as normalised text, for comparing offender and singleton. */
export function optionsText(source: string, ast: TSESTree.Program, site: { range: readonly [number, number] }): string {
  void ast;
  const text = source.slice(site.range[0], site.range[1]);
  const open = text.indexOf('(');
  if (open === -1) return '';
  return normaliseOptions(text.slice(open + 1, text.lastIndexOf(')')));
}

/** One constructor argument: its normalised text, and for an object literal its properties. */
export interface ArgumentShape {
  text: string;
  properties?: Map<string, string>;
}

/** Parse an argument list's text into shapes, by parsing `f(<args>)`. */
export function argumentShapes(argsText: string): ArgumentShape[] {
  if (argsText.trim() === '') return [];
  const source = `f(${argsText});`;
  let parsed: ReturnType<typeof parseSource>;
  try {
    parsed = parseSource('args.ts', source);
  } catch {
    return [{ text: normaliseOptions(argsText) }];
  }
  const statement = parsed.ast.body[0];
  if (statement?.type !== 'ExpressionStatement' || statement.expression.type !== 'CallExpression') return [{ text: normaliseOptions(argsText) }];
  return statement.expression.arguments.map((arg) => {
    const shape: ArgumentShape = { text: normaliseOptions(source.slice(arg.range[0], arg.range[1])) };
    if (arg.type === 'ObjectExpression' && arg.properties.every((p) => p.type === 'Property' && !p.computed)) {
      shape.properties = new Map(
        arg.properties.map((p) => {
          const prop = p as TSESTree.Property;
          const key = prop.key.type === 'Identifier' ? prop.key.name : String((prop.key as TSESTree.Literal).value);
          return [key, normaliseOptions(source.slice(prop.value.range[0], prop.value.range[1]))];
        }),
      );
    }
    return shape;
  });
}

/**
 * The offender's arguments the shared instance does not have, or [] when nothing would be lost:
 * each offender argument must equal the singleton's at the same position, or (for option objects)
 * every offender property must be set identically in the singleton's.
 */
export function lostArguments(offender: string, shared: string): string[] {
  const mine = argumentShapes(offender);
  const theirs = argumentShapes(shared);
  const lost: string[] = [];
  mine.forEach((arg, i) => {
    const other = theirs[i];
    if (other && other.text === arg.text) return;
    if (arg.properties && other?.properties) {
      for (const [key, value] of arg.properties) if (other.properties.get(key) !== value) lost.push(`${key}: ${value}`);
      return;
    }
    lost.push(arg.text);
  });
  return lost;
}

export function rawArguments(source: string, site: { range: readonly [number, number] }): string {
  const text = source.slice(site.range[0], site.range[1]);
  const open = text.indexOf('(');
  return open === -1 ? '' : text.slice(open + 1, text.lastIndexOf(')'));
}

export function normaliseOptions(text: string): string {
  return text
    .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, '')
    // `url!` and `url` are the same value: the non-null assertion is a type, not an option.
    .replace(/!(?=[,)\]}]|$)/g, '')
    .replace(/,([}\])])/g, '$1')
    .replace(/"/g, "'");
}

type AnyNode = { type: string; range: [number, number] };

/** Wrappers a create call passes through unchanged in kind: an argument of a call or `new`, awaited, asserted. */
function wraps(parent: AnyNode, child: AnyNode): boolean {
  if (parent.type === 'CallExpression' || parent.type === 'NewExpression') return (parent as unknown as TSESTree.CallExpression).arguments.includes(child as TSESTree.CallExpressionArgument);
  return ['AwaitExpression', 'TSNonNullExpression', 'TSAsExpression', 'TSSatisfiesExpression'].includes(parent.type);
}

/**
 * From the create call at `range` up through the expressions that wrap it (`drizzle(createDb())`,
 * `await connect()`), inside `within`: each one's range and its text with the call as `\0`.
 */
export function wrappingChain(within: AnyNode, source: string, range: readonly [number, number]): Array<{ range: [number, number]; wrapper: string }> {
  // The path of nodes from `within` down to the node spanning exactly `range`.
  const path: AnyNode[] = [];
  let current: AnyNode | undefined = within;
  while (current) {
    path.push(current);
    if (current.range[0] === range[0] && current.range[1] === range[1]) break;
    let next: AnyNode | undefined;
    forEachChild(current as unknown as Node, (child) => {
      if (!next && child.range[0] <= range[0] && range[1] <= child.range[1]) next = child as unknown as AnyNode;
    });
    current = next;
  }
  const site = path[path.length - 1];
  if (!site || site.range[0] !== range[0] || site.range[1] !== range[1]) return [];
  const text = (node: AnyNode) => normaliseOptions(`${source.slice(node.range[0], range[0])}\0${source.slice(range[1], node.range[1])}`);
  const chain = [{ range: [...site.range] as [number, number], wrapper: '\0' }];
  for (let i = path.length - 2; i >= 0 && wraps(path[i]!, path[i + 1]!); i--) chain.push({ range: [...path[i]!.range] as [number, number], wrapper: text(path[i]!) });
  return chain;
}

/** The single-declarator `const x = <expr>` whose initialiser (through await or assertions) spans `range`. */
export function bindingAt(ast: TSESTree.Program, range: readonly [number, number]): CreateSite['binding'] {
  let found: CreateSite['binding'];
  const visit = (node: AnyNode, parent: AnyNode | undefined, grand: AnyNode | undefined): void => {
    if (found || node.range[1] < range[0] || node.range[0] > range[1]) return;
    if (node.type === 'VariableDeclarator') {
      const declarator = node as unknown as TSESTree.VariableDeclarator;
      let init: TSESTree.Node | null = declarator.init;
      while (init && (init.type === 'AwaitExpression' || init.type === 'TSNonNullExpression' || init.type === 'TSAsExpression' || init.type === 'TSSatisfiesExpression')) {
        if (init.range[0] === range[0] && init.range[1] === range[1]) break;
        init = init.type === 'AwaitExpression' ? init.argument : init.expression;
      }
      const declaration = parent as unknown as TSESTree.VariableDeclaration | undefined;
      if (init && init.range[0] === range[0] && init.range[1] === range[1] && declarator.id.type === 'Identifier' && declaration?.declarations.length === 1) {
        found = { name: declarator.id.name, range: [...declaration.range] as [number, number], exported: grand?.type === 'ExportNamedDeclaration' };
        return;
      }
    }
    forEachChild(node as unknown as Node, (child) => visit(child as unknown as AnyNode, node, parent));
  };
  visit(ast as unknown as AnyNode, undefined, undefined);
  return found;
}
