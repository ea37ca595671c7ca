// Reads a singleton module's shared clients for the codemod, through the overlay of files a run has
// already rewritten, cached by content (the same cache `check` names its singleton from).
import type { Policy } from '../core/policy.js';
import type { SharedClient } from '../estree/shared-clients.js';
import { sharedClientsOf } from '../project/singletons.js';

export function readSingleton(file: string, policy: Policy): SharedClient[] {
  return sharedClientsOf(file, policy);
}
