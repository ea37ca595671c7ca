// Function-per-handler deployments: a serverless.yml (Serverless Framework) or an AWS SAM template
// lists each handler as its own function, so each handler file runs in its own containers and its
// module-scope client is one per container — the shape AWS recommends, not a second pool.
import path from 'node:path';
import { packageRoot } from './singletons.js';
import { readRegularText } from '../io/read.js';

const DEPLOY_FILES = ['serverless.yml', 'serverless.yaml', 'template.yml', 'template.yaml'];
/** `handler: handlers/users.handler` (Serverless) or `Handler: users.handler` (SAM): the file, then the export. */
const HANDLER = /^\s*(?:-\s*)?[Hh]andler:\s*['"]?([\w./-]+)\.[\w$]+['"]?\s*$/gm;
/** SAM's `CodeUri: src/` (the folder a function's handler path is relative to). */
const CODE_URI = /^\s*CodeUri:\s*['"]?([\w./-]+?)\/?['"]?\s*$/gm;
const SOURCE = /\.(?:[cm]?[jt]s)$/;

const cache = new Map<string, Set<string>>();

export function clearBundleCache(): void {
  cache.clear();
}

/** Is this file a handler its package's serverless.yml or SAM template deploys as its own function? */
export function deployedAsOwnFunction(filename: string): boolean {
  const file = filename.split(path.sep).join('/');
  const dir = packageRoot(file);
  if (dir === '/') return false;
  let handlers = cache.get(dir);
  if (!handlers) cache.set(dir, (handlers = handlerStems(dir)));
  return SOURCE.test(file) && handlers.has(path.posix.relative(dir, file).replace(SOURCE, ''));
}

/** Package-relative stems (`handlers/users`) of the handlers the deployment files list. */
function handlerStems(dir: string): Set<string> {
  const stems = new Set<string>();
  for (const name of DEPLOY_FILES) {
    let text: string;
    try {
      text = readRegularText(path.join(dir, name));
    } catch {
      continue;
    }
    const bases = ['', ...[...text.matchAll(CODE_URI)].map((m) => m[1]!)];
    for (const match of text.matchAll(HANDLER)) {
      for (const base of bases) stems.add(path.posix.normalize(path.posix.join(base, match[1]!)));
    }
  }
  return stems;
}
