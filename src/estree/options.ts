// What a client is created with, read statically from its arguments: the object literals' properties
// flattened with dots (`pool.max`), literal strings and the literal connection URL, what each argument
// is, and whether anything is not statically known (a spread, a computed key, a non-literal value).
// Values are evaluated without guessing: literals, constant arithmetic (`5 * 60 * 1000`), and `const`
// bindings of this file (`const poolConfig = { max: 10 }; new Pool(poolConfig)`); anything else is
// "present, not known".
import { createRequire } from 'node:module';
import type { TSESTree } from '@typescript-eslint/utils';
import type * as AstUtils from '@typescript-eslint/utils/ast-utils';
import type { ArgKind, ClientConfig, OptionValue } from '../core/facts.js';

/** The initialiser of a `const` the identifier is bound to (never reassigned), if any. */
export type ResolveConst = (id: TSESTree.Identifier) => TSESTree.Node | undefined;

const TS_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

/** `x as T`, `x!`, `x satisfies T` → x; a `const` → its initialiser (a few levels deep). */
function deref(node: TSESTree.Node, resolve: ResolveConst, depth = 0): TSESTree.Node {
  let current = node;
  while (TS_WRAPPERS.has(current.type)) current = (current as TSESTree.TSAsExpression).expression;
  if (current.type === 'Identifier' && depth < 4) {
    const init = resolve(current);
    if (init) return deref(init, resolve, depth + 1);
  }
  return current;
}

// Loaded on the first constant expression: importing the plugin should not pay for it.
let astUtils: typeof AstUtils | undefined;
const getStaticValue: typeof AstUtils.getStaticValue = (...args) => (astUtils ??= createRequire(import.meta.url)('@typescript-eslint/utils/ast-utils') as typeof AstUtils).getStaticValue(...args);

/** A literal, or a constant expression of literals (`5 * 60 * 1000`, `-1`, `` `x` ``); undefined otherwise. */
function literalValue(node: TSESTree.Node): { value: OptionValue } | undefined {
  if (node.type === 'Literal') return typeof node.value !== 'object' || node.value === null ? { value: node.value as OptionValue } : undefined;
  if (node.type !== 'BinaryExpression' && node.type !== 'UnaryExpression' && node.type !== 'TemplateLiteral') return undefined;
  const evaluated = getStaticValue(node);
  const value: unknown = evaluated?.value;
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ? { value: value as OptionValue } : undefined;
}

/** Names that say "a connection string": `DATABASE_URL`, `connectionString`, `dbUri`, `dsn`. */
const URL_NAME = /url|uri|dsn|conn(?:ection)?_?str(?:ing)?/i;

/**
 * Does a non-literal argument read like a connection string rather than options? An environment
 * variable (`process.env.X`, `import.meta.env.X`, `env.X`), a template or concatenation, or a name
 * that says so; `config`, `options` or `getConfig()` do not.
 */
function readsLikeUrl(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return node.operator === '+';
    case 'LogicalExpression':
    case 'ConditionalExpression': {
      const branches = node.type === 'LogicalExpression' ? [node.left, node.right] : [node.consequent, node.alternate];
      return branches.some((b) => readsLikeUrl(b) || literalValue(b)?.value !== undefined);
    }
    case 'Identifier':
      return URL_NAME.test(node.name);
    case 'MemberExpression': {
      const name = node.property.type === 'Identifier' ? node.property.name : node.property.type === 'Literal' ? String(node.property.value) : '';
      if (URL_NAME.test(name)) return true;
      // process.env.X, import.meta.env.X, env.X, Bun.env.X, config.env.X
      const object = node.object.type === 'MemberExpression' && node.object.property.type === 'Identifier' ? node.object.property.name : node.object.type === 'Identifier' ? node.object.name : '';
      return object === 'env';
    }
    case 'CallExpression':
      // getEnv('DATABASE_URL'), config.get('database.url'), requireEnv('DB_URL')
      return node.arguments.some((arg) => arg.type === 'Literal' && typeof arg.value === 'string' && URL_NAME.test(arg.value));
    default:
      return false;
  }
}

export function staticConfig(args: readonly TSESTree.Node[], resolve: ResolveConst = () => undefined): ClientConfig {
  const options: Record<string, OptionValue> = {};
  const dynamic: string[] = [];
  const strings: string[] = [];
  const kinds: ArgKind[] = [];
  let spread = false;
  const walk = (object: TSESTree.ObjectExpression, prefix: string, depth = 0): void => {
    for (const prop of object.properties) {
      if (prop.type === 'SpreadElement') {
        // `{ ...base, max: 4 }` with `const base = { … }` in this file: read base in place.
        const base = deref(prop.argument, resolve);
        if (base.type === 'ObjectExpression' && depth < 4) walk(base, prefix, depth + 1);
        else spread = true;
        continue;
      }
      if (prop.computed) {
        spread = true;
        continue;
      }
      const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
      if (!key) continue;
      const full = prefix ? `${prefix}.${key}` : key;
      const value = deref(prop.value, resolve);
      const literal = literalValue(value);
      if (literal) {
        options[full] = literal.value;
        if (typeof literal.value === 'string') strings.push(literal.value);
      } else if (value.type === 'ObjectExpression' && depth < 4) {
        walk(value, full, depth + 1);
      } else {
        dynamic.push(full); // present, not statically known
      }
    }
  };
  for (const arg of args) {
    const node = deref(arg, resolve);
    const literal = literalValue(node);
    if (node.type === 'ObjectExpression') {
      kinds.push('object');
      walk(node, '');
    } else if (typeof literal?.value === 'string') {
      kinds.push('string');
      strings.push(literal.value);
    } else {
      kinds.push(readsLikeUrl(node) ? 'url' : 'unknown');
    }
  }
  const url = connectionUrl(args.map((arg) => deref(arg, resolve)), options);
  return { options, dynamic, strings, spread, ...(url === undefined ? {} : { url }), args: kinds };
}

/** Option keys that hold the connection string, by driver (Prisma, pg, knex, mysql2, TypeORM, Sequelize). */
const URL_OPTIONS = ['datasourceUrl', 'connectionString', 'url', 'uri', 'connection', 'connection.connectionString', 'connection.uri'];
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** A literal connection string: a string argument with a URL scheme, else a URL option (`datasources.db.url`). */
function connectionUrl(args: readonly TSESTree.Node[], options: Record<string, OptionValue>): string | undefined {
  for (const arg of args) {
    const text = arg.type === 'Literal' && typeof arg.value === 'string' ? arg.value : arg.type === 'TemplateLiteral' && arg.expressions.length === 0 ? arg.quasis[0]!.value.cooked : undefined;
    if (text && HAS_SCHEME.test(text)) return text;
  }
  const keys = [...URL_OPTIONS, ...Object.keys(options).filter((key) => /^datasources\.[^.]+\.url$/.test(key))];
  for (const key of keys) {
    const value = options[key];
    if (typeof value === 'string' && HAS_SCHEME.test(value)) return value;
  }
  return undefined;
}
