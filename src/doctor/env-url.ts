// Where doctor finds the database URL when neither --url nor DATABASE_URL in the environment gives
// one: the project's `.env.local` or `.env`, as Next.js, Vite, Prisma and dotenv users keep it.
import path from 'node:path';
import { parseEnvFile } from '../config-files/env.js';
import { readTextOrUndefined } from '../io/read.js';
import { modelRoot } from '../project/model/root.js';

/** `.env.local` overrides `.env`, as in Next.js and Vite. */
export const ENV_FILES = ['.env.local', '.env'];

/**
 * DATABASE_URL from the env files of `start` (a folder or file) and the folders above it, up to the
 * project root: the nearest folder that defines it wins, and in a folder `.env.local` before `.env`.
 * Regular files only, size-bounded (a FIFO or device named .env is passed over).
 */
export function databaseUrlFromEnvFiles(start: string): { url: string; file: string } | undefined {
  const root = modelRoot(start);
  const first = path.resolve(start);
  for (let dir = first; ; dir = path.dirname(dir)) {
    for (const name of ENV_FILES) {
      const file = path.join(dir, name);
      const text = readTextOrUndefined(file);
      const value = text === undefined ? undefined : parseEnvFile(text).find((entry) => entry.name === 'DATABASE_URL')?.value;
      if (value) return { url: value, file };
    }
    if (dir === root || path.dirname(dir) === dir || !dir.startsWith(root)) return undefined;
  }
}
