// The most connections one pool site can hold, read from a `new X(…)` / `x(…)` expression: the
// driver table and the decision live in src/core/pool-options.ts (shared with the pool-options rule).
import type { TSESTree } from '@typescript-eslint/utils';
import { poolMax as poolMaxOf, type PoolMax } from '../core/pool-options.js';
import { staticConfig } from '../estree/options.js';

export type { PoolMax };

export function poolMax(node: TSESTree.CallExpression | TSESTree.NewExpression, family: string, client: string): PoolMax | undefined {
  return poolMaxOf(staticConfig(node.arguments), family, client);
}
