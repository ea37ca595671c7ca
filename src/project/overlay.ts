// Files that exist only in memory during a run: singletons `poolguard fix --dry` would create. Reads
// of singleton modules go through here first, so a dry run shows the same diff a real run writes.
import path from 'node:path';
import { readRegularText } from '../io/read.js';

const overlay = new Map<string, string>();

export function setOverlay(file: string, content: string): void {
  overlay.set(path.resolve(file), content);
}

export function clearOverlay(): void {
  overlay.clear();
}

export function overlayFiles(): string[] {
  return [...overlay.keys()];
}

export function readFileThroughOverlay(file: string): string | undefined {
  const virtual = overlay.get(path.resolve(file));
  if (virtual !== undefined) return virtual;
  try {
    return readRegularText(file);
  } catch {
    return undefined;
  }
}
