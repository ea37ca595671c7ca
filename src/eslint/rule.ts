// Glue between ESLint rules and the detection core: build the policy from settings and options,
// extract facts once per Program (shared by every rule on the file), classify, report (with the
// codemod's rewrite of each site as a suggestion, src/eslint/suggestions.ts).
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
// The subpath: the package's index also loads its TypeScript-facing helpers (~350 ms).
import { RuleCreator } from '@typescript-eslint/utils/eslint-utils';
import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';
import { classifyAll } from '../core/classify.js';
import type { Finding, RuleId } from '../core/findings.js';
import type { Policy, PoolguardSettings } from '../core/policy.js';
import { environmentOf } from '../project/environment.js';
import { projectPolicy } from '../project/policy.js';
import { primeSingletonFiles, withSingletonNames } from '../project/singletons.js';
import { VERSION } from '../version.js';
import { extractFacts } from '../estree/extract/index.js';
import type { Rewrite } from '../../transforms/lib/transform.js';
import { MODEL_APPLIED, projectSettingsFor, type ProjectSettings } from '../project/project-settings.js';
import { siteRewrite } from './suggestions.js';

export const createRule = RuleCreator<{ recommended?: boolean }>(
  (name) => `https://github.com/poolguard/eslint-plugin-poolguard/blob/v${VERSION}/rules/${name}.md`,
);

/** Options shared by every rule; each also reads `settings.poolguard` (options win). */
export type SharedOptions = Pick<PoolguardSettings, 'singletonModules' | 'factories'>;

export const SHARED_OPTIONS_SCHEMA: JSONSchema4 = {
  type: 'object',
  additionalProperties: false,
  properties: {
    singletonModules: {
      type: 'array',
      items: { type: 'string' },
      description: 'Globs, relative to the working directory, of the modules allowed to create the shared client',
    },
    factories: {
      type: 'array',
      description: 'Functions of your own that open a pool or connection on every call',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'module'],
        properties: {
          name: { type: 'string', description: 'The exported function name, e.g. createDbConnection' },
          module: { type: 'string', description: 'The module that exports it, as imported, e.g. @/lib/db/utils' },
          kind: { type: 'string', enum: ['pool', 'connection'], description: 'What each call opens (default: pool)' },
        },
      },
    },
  },
};

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

// Compiling the globs is the expensive part of a policy: build each distinct one once per process.
const policies = new Map<string, Policy>();
function policyFor(settings: PoolguardSettings, root: string): Policy {
  const key = JSON.stringify([settings.singletonModules, settings.factories, settings.sharedModules, settings.clientReexports, settings.duplicateSingletons, settings.runtimes, settings.idleCutoffSeconds, root]);
  let policy = policies.get(key);
  if (!policy) policies.set(key, (policy = projectPolicy(settings, root)));
  return policy;
}
const cache = new WeakMap<TSESTree.Program, Map<string, Finding[]>>();
// Every file of a project decides under one settings object (the model's, or ESLint's
// `settings.poolguard`): its merged settings and policy per rule options are remembered on it,
// rather than keyed by a JSON of the model's settings for each rule on each file.
const decided = new WeakMap<PoolguardSettings, Map<string, { settings: PoolguardSettings; policy: Policy }>>();
const NO_SETTINGS: PoolguardSettings = Object.freeze({});
// The project's settings, looked up once per Program (every rule on the file asks).
const projects = new WeakMap<TSESTree.Program, ProjectSettings | undefined>();

function projectOf(context: AnyContext, settings: PoolguardSettings): ProjectSettings | undefined {
  // The CLI has built the model already and passes its settings.
  if ((context.settings as Record<string, unknown>)[MODEL_APPLIED]) return undefined;
  const ast = context.sourceCode.ast;
  if (!projects.has(ast)) projects.set(ast, projectSettingsFor(context.filename, settings));
  return projects.get(ast);
}

/** The settings and policy this rule decides under: rule options → `settings.poolguard` (or the project model) → defaults. */
function effective(context: AnyContext, options: SharedOptions | undefined): { settings: PoolguardSettings; policy: Policy; project: ProjectSettings | undefined } {
  const settings = (context.settings as { poolguard?: PoolguardSettings }).poolguard ?? NO_SETTINGS;
  // Without settings, the editor decides as `poolguard check`: over the project model.
  const project = projectOf(context, settings);
  const base = project?.settings ?? settings;
  const root = project?.root ?? settings.root ?? context.cwd;
  let perOptions = decided.get(base);
  if (!perOptions) decided.set(base, (perOptions = new Map()));
  const key = JSON.stringify([options?.singletonModules, options?.factories, root]);
  let answer = perOptions.get(key);
  if (!answer) {
    const merged: PoolguardSettings = { ...base };
    if (options?.singletonModules) merged.singletonModules = options.singletonModules;
    if (options?.factories) merged.factories = options.factories;
    perOptions.set(key, (answer = { settings: merged, policy: policyFor(merged, root) }));
    // As `poolguard check` does: the singleton modules a message names come from the model's file list, not a glob of the tree.
    if (project) primeSingletonFiles(answer.policy, project.files.filter((file) => answer!.policy.isSingletonFile(file)));
  }
  return { ...answer, project };
}

/** Every finding on this file under `policy`, computed once per Program and policy. */
function findingsFor(context: AnyContext, policy: Policy, project: ProjectSettings | undefined): Finding[] {
  const { sourceCode } = context;
  const ast = sourceCode.ast;
  let perPolicy = cache.get(ast);
  if (!perPolicy) cache.set(ast, (perPolicy = new Map()));
  let findings = perPolicy.get(policy.key);
  if (!findings) {
    // The model's hints stand for this text only if it is the one the model read (a BOM, a processor's block or an unsaved edit differ).
    const read = project?.hintsOf?.(context.filename);
    const hints = read && read.bytes === Buffer.byteLength(sourceCode.text) ? read : undefined;
    const facts = extractFacts({ ast, scopeManager: sourceCode.scopeManager!, text: sourceCode.text, filename: context.filename, policy, hints });
    // Every check, file-level ones included, decides over sites: most files have none, and their
    // environment (package roles, framework) is not worth working out.
    const classified =
      facts.sites.length === 0 ? [] : classifyAll(facts.sites, { filename: context.filename, policy, environment: environmentOf(context.filename, policy, sourceCode.text) });
    findings = withSingletonNames(classified, facts.sites, policy, context.filename);
    perPolicy.set(policy.key, findings);
  }
  return findings;
}

/** An ESLint settings key set by callers that show no suggestions (the CLI): none is computed. */
export const NO_SUGGESTIONS = 'poolguardNoSuggestions';

/** A rule's quick fix: the codemod step of the same id, and the message that names it. */
export interface Suggest {
  rewrite: Rewrite;
  messageId: string;
}

/**
 * The rule body every poolguard rule shares: report this rule's findings. With `suggest`, each
 * finding the codemod step would rewrite offers that rewrite as a suggestion (src/eslint/suggestions.ts).
 */
export function reportFindings(context: AnyContext, ruleId: RuleId, options: SharedOptions | undefined, suggest?: Suggest): void {
  const { settings, policy, project } = effective(context, options);
  // `poolguard check` has no editor to offer them in (ESLint builds each one as it is reported).
  const suggesting = suggest && !(context.settings as Record<string, unknown>)[NO_SUGGESTIONS];
  for (const finding of findingsFor(context, policy, project)) {
    if (finding.ruleId !== ruleId) continue;
    // Computed only here, for a finding: files without one never run the transform.
    const replacement = suggesting && siteRewrite({ filename: context.filename, text: context.sourceCode.text, settings, policy, range: finding.range, rewrite: suggest.rewrite });
    context.report({
      loc: {
        start: context.sourceCode.getLocFromIndex(finding.range[0]),
        end: context.sourceCode.getLocFromIndex(finding.range[1]),
      },
      messageId: finding.messageId,
      data: finding.data,
      ...(replacement && suggest
        ? { suggest: [{ messageId: suggest.messageId, data: finding.data, fix: (fixer: TSESLint.RuleFixer) => fixer.replaceTextRange(replacement.range, replacement.text) }] }
        : {}),
    });
  }
}
