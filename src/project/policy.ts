// The policy as the CLI, the codemod and the ESLint rules build it: the pure core policy plus the
// project's tsconfig `paths`, so `@db/client` resolves the way the compiler resolves it.
import { createPolicy, type AliasLookup, type Policy, type PoolguardSettings } from '../core/policy.js';
import { aliasesFor } from './specifier.js';

const tsconfigAliases: AliasLookup = (fromFile) => aliasesFor(fromFile)?.paths;

export function projectPolicy(settings: PoolguardSettings, root: string): Policy {
  return createPolicy(settings, root, tsconfigAliases);
}
