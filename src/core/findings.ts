// Finding ids (= rule ids = transform ids) and their message texts, shared by the ESLint rules, the
// codemod and the CLI so all three say the same thing about the same site.
import type { Range } from './facts.js';

export const RULE_IDS = ['no-client-outside-singleton', 'no-client-per-request', 'no-dynamic-db-import', 'no-close-in-handler', 'require-global-cache', 'require-script-close', 'require-shutdown-hook', 'pool-options'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** The rules `configs.recommended` leaves out (their numbers depend on the deployment): `--all` adds them. */
export const OPT_IN_RULES: readonly RuleId[] = ['require-shutdown-hook', 'pool-options'];

/** In `configs.recommended` and the CLI's default run (each rule's meta.docs.recommended reads this). */
export const isRecommended = (id: RuleId): boolean => !OPT_IN_RULES.includes(id);

export const MESSAGES = {
  'no-client-outside-singleton': {
    clientOutsideSingleton:
      '`{{client}}` opens its own {{what}} in this module, and every module that does so multiplies the connections your app holds. Import the shared instance from {{singleton}} instead.',
    secondSharedClient:
      '`{{client}}` builds a second shared client from the settings of a package that already shares one ({{twin}}): both live in the same process, so the app holds two pools to one database. Import the shared instance from that package instead.',
    // Suggestion (the codemod's rewrite of this one site).
    importShared: 'Import the shared instance instead of creating `{{client}}` here',
  },
  'no-client-per-request': {
    clientPerRequest:
      '`{{client}}` is created inside `{{fn}}`, which runs on every call, so each call opens a new {{kind}}. Create it once in the singleton module (cached on `globalThis` where the server hot-reloads) and reuse it.',
    factoryPerRequest:
      '`{{client}}` opens a new {{kind}} on every call, and `{{fn}}` calls it on every request. Call it once in the singleton module and import the shared instance, or make the factory return one cached client.',
    clientPerInstance:
      '`{{client}}` is created for every instance of this class, so each `new` opens a new {{kind}}. Import or inject the shared instance instead.',
    clientLeaked:
      '`{{client}}` is created inside `{{fn}}` and never closed nor handed on, so each call of `{{fn}}` leaks a {{kind}}. Close it when done (in a `finally`), or use the shared instance.',
    // Suggestion (the codemod's rewrite of this one site).
    useShared: 'Use the shared instance instead of `{{client}}`',
  },
  'no-dynamic-db-import': {
    dynamicDbImport:
      '`import(\'{{specifier}}\')` loads the database client lazily on a request path. Use a static `import` at the top of the module so the shared client is created once at startup and a broken connection fails the boot, not a request.',
    // Suggestion (the codemod's rewrite of this one site).
    importStatically: "Import `{{specifier}}` statically at the top of the module",
  },
  'no-close-in-handler': {
    closeInHandler:
      '`{{target}}.{{method}}()` closes the shared client inside `{{fn}}`, which runs per request: concurrent and later requests find it closed or reconnect from scratch. Close it once in a shutdown hook (`process.on(\'SIGTERM\', …)`) instead.',
    // Suggestion (the codemod's rewrite of this one site).
    removeClose: 'Remove `{{target}}.{{method}}()` from `{{fn}}`',
  },
  'require-global-cache': {
    globalCache:
      '`{{client}}` is created when this module is evaluated, and {{reloader}} evaluates it again on every reload: each reload opens a new {{kind}} while the old one stays open. Cache it on `globalThis` outside production (`globalForDb.db ??= …`).',
  },
  'require-script-close': {
    scriptClose:
      '`{{client}}` is never closed in this script: its open {{kind}} keeps the process running after the work is done, or `process.exit()` cuts it off mid-query. Close it when the script finishes (`await sql.end()` / `await prisma.$disconnect()` in a `finally`).',
  },
  'require-shutdown-hook': {
    shutdownHook:
      '`{{client}}` is not closed when the server stops: on SIGTERM (a deploy, a scale-down) its queries in flight are cut off instead of finishing, and its {{kind}}\'s sessions end abruptly instead of being released (PgBouncer, server-side session state). Close it once in `process.on(\'SIGTERM\', …)`, here or in the entry point, so it drains first.',
  },
  'pool-options': {
    poolOptions: '`{{client}}` is configured in a way that does not fit its {{runtime}} runtime: {{problems}}.',
  },
} as const satisfies Record<RuleId, Record<string, string>>;

export type MessageId<R extends RuleId> = keyof (typeof MESSAGES)[R] & string;

export interface Finding {
  ruleId: RuleId;
  messageId: string;
  data: Record<string, string>;
  range: Range;
}

/** Fill `{{name}}` placeholders the way ESLint does, for the codemod and CLI summaries. */
export function formatMessage(finding: Finding): string {
  const template = (MESSAGES[finding.ruleId] as Record<string, string>)[finding.messageId] ?? finding.messageId;
  // ESLint's interpolate(): any `{{ term }}` the data has, as a string; others stay as written.
  return template.replace(/\{\{([^{}]+?)\}\}/gu, (whole, term: string) => (Object.hasOwn(finding.data, term.trim()) ? String(finding.data[term.trim()]) : whole));
}
