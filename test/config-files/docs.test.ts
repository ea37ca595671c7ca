// docs/database-url.md: every ❌ example has the finding its section names, every ✅ example has
// none, and every sample output is what the check prints (line:column and message).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigText, projectContext, type ConfigFileKind } from '../../src/config-files/database-url.js';
import { parsePrismaSchema } from '../../src/config-files/prisma-schema.js';
import type { PoolguardSettings } from '../../src/core/policy.js';
import { ROOT } from '../helpers/fixtures.js';

interface Example {
  messageId: string;
  kind: 'incorrect' | 'correct';
  fileKind: ConfigFileKind;
  code: string;
  settings: PoolguardSettings;
  /** `line:column message` of a sample output block that follows. */
  output: string[] | undefined;
}

const LANGUAGES: Record<string, ConfigFileKind> = { dotenv: 'env', yaml: 'compose', prisma: 'prisma' };

function examples(doc: string): Example[] {
  const out: Example[] = [];
  let messageId: string | undefined;
  let kind: Example['kind'] | undefined;
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)$/.exec(line);
    if (/^### `(\w+)`/.test(line)) [messageId, kind] = [/^### `(\w+)`/.exec(line)![1], undefined];
    else if (/^## /.test(line)) [messageId, kind] = [undefined, undefined];
    else if (/^#### ❌/.test(line)) kind = 'incorrect';
    else if (/^#### ✅/.test(line)) kind = 'correct';
    else if (fence && messageId && kind) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
      const language = fence[1]!;
      const last = out.at(-1);
      if (LANGUAGES[language]) out.push({ messageId, kind, fileKind: LANGUAGES[language], code: `${body.join('\n')}\n`, settings: {}, output: undefined });
      else if (language === 'json' && last) last.settings = JSON.parse(body.join('\n')) as PoolguardSettings;
      else if (language === '' && last) {
        last.output = body.flatMap((l) => {
          const m = /^\s+(\d+:\d+)\s+error\s+(.*?)\s+poolguard\/database-url$/.exec(l);
          return m ? [`${m[1]} ${m[2]}`] : [];
        });
      }
    }
  }
  return out;
}

const doc = fs.readFileSync(path.join(ROOT, 'docs', 'database-url.md'), 'utf8');
const blocks = examples(doc);
const SCHEMA = 'datasource db {\n  url = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n';

function check(example: Example) {
  const context = projectContext(parsePrismaSchema(SCHEMA), true, example.settings);
  return checkConfigText(example.fileKind, example.code, context).messages;
}

describe('docs/database-url.md', () => {
  it('has a ❌ and a ✅ example for each finding', () => {
    for (const id of ['pgbouncerMissing', 'connectionLimitMissing', 'connectionLimitOverBudget']) {
      expect(blocks.filter((b) => b.messageId === id).map((b) => b.kind)).toEqual(['incorrect', 'correct']);
    }
    expect(blocks.filter((b) => b.output?.length === 1).map((b) => b.messageId)).toEqual(['pgbouncerMissing', 'connectionLimitOverBudget']);
  });

  it.each(blocks.filter((b) => b.kind === 'incorrect').map((b) => [b.messageId, b] as const))('❌ %s is reported', (id, block) => {
    expect(check(block).map((m) => m.messageId)).toContain(id);
  });

  it.each(blocks.filter((b) => b.output).map((b) => [b.messageId, b] as const))('❌ %s: the sample output is what the check prints', (_id, block) => {
    expect(check(block).map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual(block.output);
  });

  it.each(blocks.filter((b) => b.kind === 'correct').map((b) => [b.messageId, b] as const))('✅ %s is clean', (_id, block) => {
    expect(check(block)).toEqual([]);
  });

  it('a ✅ example that needs its settings is reported without them', () => {
    const withSettings = blocks.filter((b) => b.kind === 'correct' && Object.keys(b.settings).length > 0);
    expect(withSettings).toHaveLength(1);
    expect(check({ ...withSettings[0]!, settings: {} }).map((m) => m.messageId)).toEqual([withSettings[0]!.messageId]);
  });

  it('shows the suppression example as suppressed', () => {
    const yaml = /## Silencing a finding[\s\S]*?```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const context = projectContext(parsePrismaSchema(SCHEMA), true);
    expect(checkConfigText('compose', yaml, context)).toMatchObject({ messages: [], suppressedMessages: [{ messageId: 'pgbouncerMissing' }] });
  });
});
