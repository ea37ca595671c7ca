// Reads a singleton module's shared clients for the codemod, through the overlay of files a run has
// already rewritten, cached by content.
import type { Policy } from '../core/policy.js';
import { sharedClientsIn, type SharedClient } from '../estree/shared-clients.js';
import { readFileThroughOverlay } from '../project/overlay.js';

const cache = new Map<string, { source: string; clients: SharedClient[] }>();

export function readSingleton(file: string, policy: Policy): SharedClient[] {
  const source = readFileThroughOverlay(file);
  if (source === undefined) return [];
  const key = `${policy.key}\0${file}`;
  const cached = cache.get(key);
  if (cached && cached.source === source) return cached.clients;
  const clients = sharedClientsIn(file, source, policy);
  cache.set(key, { source, clients });
  return clients;
}

