#!/usr/bin/env node
// `npm run new -- <id>`: the files a new rule needs, named by its id (STYLE.md §1): its decision
// (src/core/checks/<id>.ts), the thin rule and its doc (rules/<id>.ts, .md), its transform
// (transforms/<id>.ts, report-only until it can rewrite), fixtures (fixtures/<id>/), and its
// RuleTester suite (test/rules/<id>.test.ts). It never overwrites a file, and prints the three
// one-line registrations it leaves to you (the id list, the dispatch and the registry).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const camel = (id) => id.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());

/** path → contents of every file a new rule `id` needs. */
export function scaffold(id) {
  const fn = camel(id);
  const message = fn;
  return {
    [`src/core/checks/${id}.ts`]: `// ${id}: TODO one line on the production failure this prevents.
import type { Site } from '../facts.js';
import type { ClassifyContext } from '../environment.js';
import type { Finding } from '../findings.js';

/** The one decision for ${id}: a finding for this site, or undefined. Pure: plain facts in, plain data out. */
export function ${fn}(site: Site, context: ClassifyContext): Finding | undefined {
  void context;
  if (site.type !== 'create') return undefined;
  return undefined; // TODO decide
}
`,
    [`rules/${id}.ts`]: `// TODO: Disallow … (the rule's description). Facts come from src/estree; this file only reports.
// Decision: src/core/checks/${id}.ts
import { MESSAGES } from '../src/core/findings.js';
import { createRule, reportFindings, SHARED_OPTIONS_SCHEMA, type SharedOptions } from '../src/eslint/rule.js';

export type Options = [SharedOptions];
export type MessageIds = '${message}';

export default createRule<Options, MessageIds>({
  name: '${id}',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow TODO', recommended: false },
    messages: MESSAGES['${id}'],
    schema: [SHARED_OPTIONS_SCHEMA],
    defaultOptions: [{}],
  },
  defaultOptions: [{}],
  create(context, [options]) {
    return {
      Program() {
        reportFindings(context, '${id}', options);
      },
    };
  },
});
`,
    [`rules/${id}.md`]: `# poolguard/${id}

<!-- end auto-generated rule header -->

## Why

TODO: the production failure it prevents.

## Examples

❌ Incorrect

\`\`\`ts
// TODO
\`\`\`

✅ Correct

\`\`\`ts
// TODO
\`\`\`

## Options

The shared options (\`singletonModules\`, \`factories\`), also read from \`settings.poolguard\`.

## Codemod

No automatic fix yet: \`poolguard fix\` reports each finding with why.

## When Not To Use It

TODO
`,
    [`transforms/${id}.ts`]: `// ${id}: no automatic fix yet; every finding is reported with why it was left.
import type { FileInfo, JSCodeshift } from 'jscodeshift';
import type { FixContext, RewriteResult } from '../src/codemod/types.js';
import { analyseFile } from '../src/project/analyse.js';
import { jscodeshiftTransform } from './lib/transform.js';

const RULE = '${id}' as const;

export function rewrite(file: FileInfo, _j: JSCodeshift, context: FixContext): RewriteResult {
  const { findings } = analyseFile(file.path, file.source, context.policy);
  return {
    output: undefined,
    rewritten: [],
    unsafe: findings.filter((f) => f.ruleId === RULE).map((f) => ({ ruleId: RULE, range: f.range, reason: 'no automatic fix yet' })),
  };
}

export default jscodeshiftTransform(RULE, rewrite);
`,
    [`fixtures/${id}/valid-example.input.ts`]: `// @filename: src/lib/db.ts
// TODO: code this rule must leave alone.
`,
    [`fixtures/${id}/unsafe-example.input.ts`]: `// @filename: src/routes/users.ts
// TODO: code this rule reports (and the transform leaves, with a reason).
`,
    [`test/rules/${id}.test.ts`]: `import { RuleTester } from '@typescript-eslint/rule-tester';
import rule from '../../rules/${id}.js';

const ruleTester = new RuleTester({ settings: { poolguard: { root: '/virtual' } } });

ruleTester.run('${id}', rule, {
  valid: [
    { name: 'TODO: a valid case', filename: '/virtual/src/lib/db.ts', code: 'export const x = 1;' },
  ],
  invalid: [
    // TODO: literal cases with messageId, line, column, endColumn.
  ],
});
`,
  };
}

/** Writes the scaffold under `root`; throws (nothing written) on a bad id or an existing file. */
export function writeScaffold(root, id) {
  if (!/^(?:no|require|prefer)-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) {
    throw new Error(`"${id}" is not a rule id: kebab-case starting with no-, require- or prefer- (STYLE.md §8)`);
  }
  const files = scaffold(id);
  const existing = Object.keys(files).filter((file) => fs.existsSync(path.join(root, file)));
  if (existing.length > 0) throw new Error(`${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}: nothing written`);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text, { flag: 'wx' });
  }
  return Object.keys(files);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const id = process.argv[2];
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  if (!id) {
    process.stderr.write('usage: npm run new -- <rule-id>\n');
    process.exit(2);
  }
  try {
    const written = writeScaffold(root, id);
    const fn = camel(id);
    process.stdout.write(`created:\n${written.map((f) => `  ${f}`).join('\n')}\n\nthen register '${id}' in three places:\n` +
      `  src/core/findings.ts   add '${id}' to RULE_IDS, and MESSAGES['${id}'] = { ${fn}: '…' }\n` +
      `  src/core/classify.ts   call ${fn}() from classify() (or add it to FILE_CHECKS for a file-level check)\n` +
      `  src/registry.ts        '${id}': { rule, rewrite, fixOrder }\n` +
      `and run \`npm run docs\` to generate the doc header and the README table.\n`);
  } catch (error) {
    process.stderr.write(`new: ${error.message}\n`);
    process.exit(2);
  }
}
