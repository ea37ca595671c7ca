// glob.ts escapes paths for globs without loading fast-glob (a one-file `check` should not pay its
// load): the escape must be fast-glob's own.
import FastGlob from 'fast-glob';
import { expect, it } from 'vitest';
import { fg } from '../../src/project/glob.js';

it('escapes a path as fast-glob.escapePath does', () => {
  const paths = ['/repo/app/(auth)/[id]/page.tsx', '!leading', 'a\\b', '@(x)+(y)', 'plain/path.ts', '{a,b}|?*', 'dir\\(x\\)', '/srv/my app/db.ts'];
  for (const p of paths) expect({ p, escaped: fg.escapePath(p) }).toEqual({ p, escaped: FastGlob.escapePath(p) });
});
