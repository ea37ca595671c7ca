// What a client is created with, read statically from its arguments: the object literals' properties
// flattened with dots (`pool.max`), literal strings and the literal connection URL, and whether anything is not
// statically known (a spread, a computed key, a non-literal value).
import type { TSESTree } from '@typescript-eslint/utils';
import type { ClientConfig, OptionValue } from '../core/facts.js';

export function staticConfig(args: readonly TSESTree.Node[]): ClientConfig {
  const options: Record<string, OptionValue> = {};
  const dynamic: string[] = [];
  const strings: string[] = [];
  let spread = false;
  const walk = (node: TSESTree.Node, prefix: string): void => {
    if (node.type === 'Literal' && typeof node.value === 'string' && !prefix) strings.push(node.value);
    if (node.type === 'TemplateLiteral' && node.expressions.length === 0 && !prefix) strings.push(node.quasis[0]!.value.cooked ?? '');
    if (node.type !== 'ObjectExpression') return;
    for (const prop of node.properties) {
      if (prop.type !== 'Property' || prop.computed) {
        spread = true;
        continue;
      }
      const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.type === 'Literal' ? String(prop.key.value) : undefined;
      if (!key) continue;
      const full = prefix ? `${prefix}.${key}` : key;
      const value = prop.value;
      if (value.type === 'Literal' && (typeof value.value !== 'object' || value.value === null)) {
        options[full] = value.value as OptionValue;
        if (typeof value.value === 'string') strings.push(value.value);
      } else if (value.type === 'UnaryExpression' && value.operator === '-' && value.argument.type === 'Literal' && typeof value.argument.value === 'number') {
        options[full] = -value.argument.value;
      } else if (value.type === 'ObjectExpression') {
        walk(value, full);
      } else {
        dynamic.push(full); // present, not statically known
      }
    }
  };
  for (const arg of args) walk(arg, '');
  const url = connectionUrl(args, options);
  return { options, dynamic, strings, spread, ...(url === undefined ? {} : { url }) };
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
