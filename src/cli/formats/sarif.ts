// `sarif`: SARIF 2.1.0 as GitHub code scanning reads it (github/codeql-action/upload-sarif).
// Hand-written on @types/sarif rather than through a builder library: see docs/pull-requests.md ("SARIF").
//
// - Rule findings are `results`, with the rule's metadata in `tool.driver.rules` (help URI = the rule doc)
//   and `partialFingerprints["poolguard/v1"]`: the baseline's fingerprint recipe (rule, path relative to
//   %SRCROOT%, whitespace-collapsed offending code, occurrence), so an alert survives lines moving.
// - A file that does not parse, a skipped file (binary, over 1 MiB) and the CLI's other warnings are not
//   code findings: they are `invocations[0].toolExecutionNotifications` (level error / warning) with the
//   file's location, which GitHub shows as tool diagnostics rather than as alerts to dismiss.
// - URIs are relative to `%SRCROOT%` (the repository root, given in `originalUriBaseIds`).
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import plugin from '../../plugin.js';

const { rules } = plugin;
import { NAME, VERSION } from '../../version.js';
import { RULE_ID as DATABASE_URL_RULE_ID } from '../../config-files/database-url.js';
import type { LintMessage, LintResult } from '../lint.js';
import { fingerprintResults, relativePath } from './findings.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/poolguard/eslint-plugin-poolguard';
/** The partialFingerprints key; bump the version if the fingerprint's recipe ever changes. */
export const FINGERPRINT_KEY = 'poolguard/v1';
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** A baseline was applied: every reported result is new (`baselineState: "new"`). */
  baseline?: boolean;
}

/** `apps/web/app/[id]/route.ts` → `apps/web/app/%5Bid%5D/route.ts` (a valid relative URI reference). */
export function encodeRelativeUri(relative: string): string {
  return relative
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@'))
    .join('/');
}

function artifactLocation(root: string, file: string): Sarif.ArtifactLocation {
  const relative = relativePath(root, file);
  return relative === undefined ? { uri: pathToFileURL(file).href } : { uri: encodeRelativeUri(relative), uriBaseId: SRCROOT };
}

function region(message: LintMessage): Sarif.Region | undefined {
  if (!(message.line > 0)) return undefined;
  const startColumn = Math.max(1, message.column);
  const out: Sarif.Region = { startLine: message.line, startColumn };
  if (message.endLine !== undefined && message.endLine >= message.line) out.endLine = message.endLine;
  if (message.endColumn !== undefined && message.endColumn >= 1) out.endColumn = message.endColumn;
  return out;
}

function location(root: string, file: string, message: LintMessage): Sarif.Location {
  const where = region(message);
  return { physicalLocation: { artifactLocation: artifactLocation(root, file), ...(where ? { region: where } : {}) } };
}

/** Checks of the CLI that are not ESLint rules (config files), with their docs. */
const CLI_CHECKS: Record<string, { description: string; url: string }> = {
  [DATABASE_URL_RULE_ID.replace(/^poolguard\//, '')]: {
    description: 'Disallow connection URLs in .env, compose and Prisma schema files that break behind a transaction pooler or exceed the connection budget',
    url: `${INFORMATION_URI}/blob/v${VERSION}/docs/database-url.md`,
  },
};

function ruleDescriptors(): Sarif.ReportingDescriptor[] {
  const known = Object.entries(rules).map(([id, rule]) => [id, rule.meta.docs?.description ?? id, (rule.meta.docs as { url?: string } | undefined)?.url] as const);
  const extra = Object.entries(CLI_CHECKS).map(([id, check]) => [id, check.description, check.url] as const);
  return [...known, ...extra].map(([id, description, url]) => {
    return {
      id: `poolguard/${id}`,
      name: id.replace(/(?:^|-)([a-z])/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: description },
      fullDescription: { text: description },
      ...(url ? { helpUri: url, help: { text: `${description}. Why, examples and the codemod: ${url}`, markdown: `${description}. [Why, examples and the codemod](${url})` } } : {}),
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['database', 'reliability'], precision: 'high', 'problem.severity': 'error' },
    };
  });
}

export function buildSarif(results: LintResult[], root: string, options: SarifOptions = {}): Sarif.Log {
  const descriptors = ruleDescriptors();
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));
  const fingerprints = fingerprintResults(results, root);
  const sarifResults: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      const level = message.severity === 2 ? 'error' : 'warning';
      if (message.ruleId === null || message.fatal) {
        notifications.push({
          level,
          message: { text: message.message },
          locations: [location(root, result.filePath, message)],
          ...(message.fatal ? { descriptor: { id: 'poolguard/parse-error' } } : message.message.startsWith('File skipped') ? { descriptor: { id: 'poolguard/file-skipped' } } : {}),
        });
        continue;
      }
      let index = ruleIndex.get(message.ruleId);
      if (index === undefined) {
        // A check this version does not describe: give it a minimal descriptor so ruleIndex stays valid.
        index = descriptors.push({ id: message.ruleId, shortDescription: { text: message.ruleId } }) - 1;
        ruleIndex.set(message.ruleId, index);
      }
      const fingerprint = fingerprints.get(message);
      sarifResults.push({
        ruleId: message.ruleId,
        ruleIndex: index,
        level,
        message: { text: message.message },
        locations: [location(root, result.filePath, message)],
        ...(fingerprint ? { partialFingerprints: { [FINGERPRINT_KEY]: fingerprint.key } } : {}),
        ...(options.baseline ? { baselineState: 'new' as const } : {}),
      });
    }
  }
  const rootUri = pathToFileURL(root).href;
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'poolguard', fullName: NAME, version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules: descriptors } },
        originalUriBaseIds: { [SRCROOT]: { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

export function formatSarif(results: LintResult[], root: string, options: SarifOptions = {}): string {
  return JSON.stringify(buildSarif(results, root, options), null, 2);
}
