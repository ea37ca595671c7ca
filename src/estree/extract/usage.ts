// What the code does with a client it creates. Dedicated use: a subscriber or a blocking reader holds
// its connection for itself, a queue (BullMQ) or socket adapter requires its own, a logical replication
// connection speaks another protocol. Registration in a DI container: the container holds it once.
import type { TSESTree } from '@typescript-eslint/utils';
import type { ClientConfig } from '../../core/facts.js';
import { forEachChild, propertyName, unwrap, type Node } from './ast.js';
import { originOf, variableOf } from './bindings.js';
import type { ExtractContext } from './context.js';

/** Methods that put a connection in subscriber mode or block it: it cannot serve other commands. */
const DEDICATED_METHODS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'duplicate', 'monitor', 'xread', 'xreadgroup', 'blpop', 'brpop', 'brpoplpush', 'blmove', 'blmpop', 'bzpopmin', 'bzpopmax']);
/** Packages that take a connection of their own: queues and pub/sub adapters. */
const DEDICATED_CONSUMERS = new Set(['bullmq', 'bull', 'bee-queue', '@socket.io/redis-adapter', '@socket.io/redis-streams-adapter', 'socket.io-redis', 'sharedb-redis-pubsub', 'graphql-redis-subscriptions']);

export function isDedicated(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression, config: ClientConfig | undefined): boolean {
  if (config && ('replication' in config.options || config.dynamic.includes('replication'))) return true;
  if (handedToConsumer(cx, node)) return true;
  return usesOf(cx, node).some((use) => {
    const member = use.parent;
    if (member?.type === 'MemberExpression' && member.object === use && DEDICATED_METHODS.has(propertyName(member) ?? '')) {
      return member.parent?.type === 'CallExpression' && member.parent.callee === member;
    }
    return handedToConsumer(cx, use);
  });
}

/** Containers whose registration helpers take a built value: `container.register({ redis: asValue(client) })`. */
const CONTAINERS = new Set(['awilix']);

/** A loader that registers the client in a DI container runs once, when the module is registered. */
export function registeredInContainer(cx: ExtractContext, node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return usesOf(cx, node).some((use) => {
    const call = use.parent;
    if (call?.type !== 'CallExpression' || !(call.arguments as Node[]).includes(use)) return false;
    const origin = originOf(cx, call.callee);
    return origin !== undefined && CONTAINERS.has(origin.module);
  });
}

/** `new Queue('q', { connection: x })`, `createAdapter(pub, sub)`: `x` is an argument, or a property of one. */
function handedToConsumer(cx: ExtractContext, expr: Node): boolean {
  let child: Node = expr;
  let parent = expr.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'AwaitExpression' || parent.type === 'Property' || parent.type === 'ObjectExpression')) {
    if (parent.type === 'Property' && parent.value !== child) return false;
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type !== 'CallExpression' && parent?.type !== 'NewExpression') return false;
  if (!(parent.arguments as Node[]).includes(child)) return false;
  const origin = originOf(cx, parent.callee);
  return origin !== undefined && DEDICATED_CONSUMERS.has(origin.module);
}

/** Where the created client is read: through its `const`, or through `this.<member>` in its class. */
function usesOf(cx: ExtractContext, node: Node): Node[] {
  let current: Node = node;
  while (current.parent && (current.parent.type === 'AwaitExpression' || current.parent.type === 'TSAsExpression' || current.parent.type === 'TSNonNullExpression')) current = current.parent;
  const holder = current.parent;
  if (holder?.type === 'VariableDeclarator' && holder.init === current) {
    return cx.input.scopeManager.getDeclaredVariables(holder).flatMap((v) => v.references.filter((r) => r.identifier !== holder.id).map((r) => r.identifier as Node));
  }
  if (holder?.type === 'AssignmentExpression' && holder.right === current) {
    const target = unwrap(holder.left);
    if (target.type === 'Identifier') return (variableOf(cx, target)?.references ?? []).filter((r) => !r.isWrite()).map((r) => r.identifier as Node);
    if (target.type === 'MemberExpression' && unwrap(target.object).type === 'ThisExpression') {
      const name = propertyName(target);
      const body = classBody(holder);
      if (!name || !body) return [];
      const out: Node[] = [];
      const visit = (n: Node): void => {
        if (n.type === 'MemberExpression' && n !== target && unwrap(n.object).type === 'ThisExpression' && propertyName(n) === name) out.push(n);
        forEachChild(n, visit);
      };
      visit(body);
      return out;
    }
  }
  return [];
}

function classBody(node: Node): TSESTree.ClassBody | undefined {
  for (let up = node.parent; up; up = up.parent) if (up.type === 'ClassBody') return up;
  return undefined;
}
