// Where the project model starts when no config file says: the workspace root around a path.
import fs from 'node:fs';
import path from 'node:path';
import { parseJsonText, readRegularText } from '../../io/read.js';

/**
 * The folder the model covers when no config file says: the workspace root above `start` (a
 * package.json with `workspaces`, or pnpm-workspace.yaml), else the nearest package, else `start`.
 * Never above a git work tree's root.
 */
export function modelRoot(start: string): string {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return dir;
  }
  let nearestPackage: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    const manifest = path.join(current, 'package.json');
    if (fs.existsSync(path.join(current, 'pnpm-workspace.yaml'))) return current;
    if (fs.existsSync(manifest)) {
      nearestPackage ??= current;
      try {
        if ((parseJsonText(readRegularText(manifest)) as { workspaces?: unknown }).workspaces) return current;
      } catch {
        // not a workspace root
      }
    }
    if (fs.existsSync(path.join(current, '.git')) || path.dirname(current) === current) break;
  }
  return nearestPackage ?? dir;
}
