import fs from 'node:fs';
import path from 'node:path';
import { test } from 'vitest';
import { fixSource } from '../src/codemod/fix-source.js';
import { contextFromOptions } from '../src/codemod/context.js';
import { copyToTemp } from './helpers/cli.js';
import { discoverFiles } from '../src/cli/discover.js';
import { loadConfig } from '../src/cli/config.js';
test('demo', async () => {
  const copy = copyToTemp('/work/main/fixtures/projects/demo');
  const config = loadConfig(copy);
  const { files } = await discoverFiles([copy], copy, copy);
  for (const file of files) {
    const ctx = contextFromOptions(file, { ...config.settings, root: copy });
    const src = fs.readFileSync(file, 'utf8');
    try {
      const r = fixSource(file, src, ctx);
      for (const u of r.unsafe) console.log('UNSAFE', path.relative(copy, file), u.ruleId, u.reason);
      if (r.output) { console.log('=== ' + path.relative(copy, file) + ' fixed ' + r.rewritten.map(x=>x.ruleId).join(',')); console.log(r.output); }
    } catch (e) { console.log('ERROR', file, e); }
  }
});
