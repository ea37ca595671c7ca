// Writes a rule fixture into a temp copy of fixtures/projects/fixture-root at its `// @filename:`
// path, so the codemod sees real singleton modules and tsconfig files next to it.
import fs from 'node:fs';
import path from 'node:path';
import jscodeshift from 'jscodeshift';
import { contextFromOptions } from '../../src/codemod/context.js';
import { fixSource } from '../../transforms/run.js';
import type { RewriteResult } from '../../src/codemod/types.js';
import type { RuleId } from '../../src/core/findings.js';
import { FIX_STEPS, REGISTRY } from '../../src/registry.js';
import { cliRules } from '../../src/cli/lint.js';
import { parserFor } from '../../transforms/lib/edit.js';
import { withProjectModel } from '../../transforms/lib/transform.js';
import { FIXTURES, VIRTUAL_ROOT, lint, writeFixtureFiles, writePackageJson, type Fixture } from './fixtures.js';
import { tempDir } from './temp.js';

const SKELETON = path.join(FIXTURES, 'projects/fixture-root');
const roots = new Map<string, string>();
const ruleOf = new Map<string, string>();

/** The CLI's rules, plus the fixture's own (an opt-in rule such as pool-options or require-shutdown-hook). */
function rulesFor(file: string): RuleId[] {
  return [...new Set([...cliRules(), ruleOf.get(file) as RuleId])].filter(Boolean);
}

/** A fresh temp copy of the skeleton per fixture, so fixtures never see each other's files. */
export function materialise(fixture: Fixture): string {
  const root = tempDir('poolguard-fixture-');
  fs.cpSync(SKELETON, root, { recursive: true });
  const file = path.join(root, path.relative(VIRTUAL_ROOT, fixture.filename));
  roots.set(file, root);
  ruleOf.set(file, fixture.ruleId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, fixture.source);
  writePackageJson(root, file, fixture.packageJson);
  writeFixtureFiles(root, fixture);
  return file;
}

export function rootOf(file: string): string {
  const root = roots.get(file);
  if (!root) throw new Error(`not materialised: ${file}`);
  return root;
}

/** One transform (by rule id) applied through its rewrite(), as stock jscodeshift would run it. */
export function applyOne(ruleId: string, file: string, source: string): RewriteResult {
  const j = jscodeshift.withParser(parserFor(file));
  // As stock jscodeshift runs it: over the project model around the file.
  return REGISTRY[ruleId as RuleId].rewrite({ path: file, source }, j, contextFromOptions(file, withProjectModel(file, { root: rootOf(file) })));
}

export function applyAll(file: string, source: string): RewriteResult {
  const context = contextFromOptions(file, withProjectModel(file, { root: rootOf(file), rules: rulesFor(file) }));
  return fixSource(file, source, context, FIX_STEPS);
}

/** Lint a materialised file with the fixture root as the project root. */
export function lintAt(file: string, source: string): string[] {
  return lint(source, file, { root: rootOf(file) }, rulesFor(file));
}
