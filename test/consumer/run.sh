#!/usr/bin/env bash
# Consumer test: the package as a user gets it. `npm pack`s this repository, installs the tarball
# into a fresh project outside the repository (offline: from the npm cache that `npm ci` filled, see
# lockfile.mjs), copies the small Express app in test/consumer/app there, and checks that
#   - the install holds one copy of typescript and of @typescript-eslint/utils (the consumer's);
#   - `npx eslint` with `poolguard.configs.recommended` and no poolguard settings reports exactly the
#     expected findings, and `npx poolguard check` exits 1 with the same file:line:rule set;
#   - `--stdin --stdin-filename` (eslint's and poolguard's), `--rule <id>` and rule severities in
#     poolguard.config.json;
#   - the GitHub Action's check step (its `run`, read from action.yml) and the lint-staged example's
#     command on a list of staged files (lint-staged.mjs);
#   - `npx poolguard fix --dry` prints a diff and writes nothing;
#   - stock `npx jscodeshift -t node_modules/eslint-plugin-poolguard/dist/transforms/<id>.js` rewrites
#     a file to test/consumer/expected/ (`.expected`: not compiled by the repository's tsconfig), which
#     then lints clean.
# Run by .ci/run after the tests, and locally with `npm run test:consumer`.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/test/consumer"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/poolguard-consumer-XXXXXX")"
APP="$WORK/app"
KEEP="${POOLGUARD_CONSUMER_KEEP:-}"
cleanup() { if [ -z "$KEEP" ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT

fail() {
  echo "consumer test FAILED: $1" >&2
  shift
  for file in "$@"; do
    echo "--- $file" >&2
    cat "$file" >&2 || true
  done
  exit 1
}
step() { echo "consumer: $*"; }

# The findings the app must produce: `file:line:column rule-id`, sorted.
EXPECTED_FINDINGS="src/routes/health.ts:8:9 poolguard/no-close-in-handler
src/routes/posts.ts:4:12 poolguard/no-client-outside-singleton
src/routes/users.ts:4:16 poolguard/no-client-outside-singleton"

# `eslint -f json` (and `poolguard check -f json`, the same shape) → `file:line:column rule-id` lines.
findings() {
  node -e '
    const path = require("node:path");
    const results = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    const lines = results.flatMap((r) => r.messages.map((m) => `${path.relative(process.argv[1], r.filePath)}:${m.line}:${m.column} ${m.ruleId}`));
    console.log(lines.sort().join("\n"));
  ' "$APP"
}

# Every file of the app with its hash, to prove that a step wrote nothing.
snapshot() { (cd "$APP" && find . -path ./node_modules -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum); }

step "npm pack"
(cd "$ROOT" && npm run build --silent)
PACK_JSON="$(cd "$ROOT" && npm pack --ignore-scripts --json --pack-destination "$WORK" 2>/dev/null)"
TARBALL="$(node -e 'console.log(JSON.parse(process.argv[1])[0].filename)' "$PACK_JSON")"
[ -f "$WORK/$TARBALL" ] || fail "npm pack did not write $WORK/$TARBALL"
for shipped in dist/src/plugin.js dist/transforms/no-client-outside-singleton.js bin/poolguard.js schema/poolguard.config.schema.json rules/no-client-outside-singleton.md docs/database-url.md README.md; do
  node -e 'process.exit(JSON.parse(process.argv[1])[0].files.some((f) => f.path === process.argv[2]) ? 0 : 1)' "$PACK_JSON" "$shipped" ||
    fail "the tarball does not contain $shipped"
done

step "install $TARBALL offline into $APP"
mkdir -p "$APP"
cp -R "$HERE/app/." "$APP/"
mv "$APP/eslint.config.consumer.js" "$APP/eslint.config.js"
mv "$WORK/$TARBALL" "$APP/$TARBALL"
node "$HERE/lockfile.mjs" "$ROOT" "$APP" "$TARBALL" "$(cd "$ROOT" && npm config get registry 2>/dev/null)"
if ! (cd "$APP" && npm ci --offline --no-audit --no-fund --loglevel=error >"$WORK/install.log" 2>&1); then
  fail "npm ci --offline could not install the consumer project from the npm cache (run npm ci in the repository first: it fills the cache)" "$WORK/install.log"
fi
for bin in eslint poolguard jscodeshift; do
  [ -x "$APP/node_modules/.bin/$bin" ] || fail "node_modules/.bin/$bin is missing after the install"
done
# typescript is a peer and @typescript-eslint/* are ranges: the plugin reuses the consumer's copies.
# (The layout follows our lockfile, where the versions agree; scripts/install-size.mjs installs from the
# registry next to other patch versions, test/meta/package.test.ts checks the manifest's ranges.)
for package in typescript @typescript-eslint/utils; do
  copies="$(cd "$APP" && find node_modules -path "*node_modules/$package/package.json" | LC_ALL=C sort)"
  [ "$copies" = "node_modules/$package/package.json" ] || fail "expected one copy of $package (the consumer's), found:
$copies"
done

step "npx eslint -f json ."
set +e
(cd "$APP" && npx --no-install eslint -f json . >"$WORK/eslint.json" 2>"$WORK/eslint.err")
code=$?
set -e
[ "$code" -eq 1 ] || fail "eslint exited $code, expected 1 (findings)" "$WORK/eslint.err" "$WORK/eslint.json"
got="$(findings <"$WORK/eslint.json")"
[ "$got" = "$EXPECTED_FINDINGS" ] || fail "eslint findings differ.
expected:
$EXPECTED_FINDINGS
got:
$got"

step "npx poolguard check"
set +e
(cd "$APP" && npx --no-install poolguard check -f json >"$WORK/check.json" 2>"$WORK/check.err")
code=$?
set -e
[ "$code" -eq 1 ] || fail "poolguard check exited $code, expected 1 (findings)" "$WORK/check.err" "$WORK/check.json"
got="$(findings <"$WORK/check.json")"
[ "$got" = "$EXPECTED_FINDINGS" ] || fail "poolguard check findings differ.
expected:
$EXPECTED_FINDINGS
got:
$got"
set +e
(cd "$APP" && npx --no-install poolguard check >"$WORK/check.txt" 2>&1)
code=$?
set -e
[ "$code" -eq 1 ] || fail "poolguard check (stylish) exited $code, expected 1" "$WORK/check.txt"
grep -q 'src/routes/users.ts' "$WORK/check.txt" || fail "poolguard check's default output does not name src/routes/users.ts" "$WORK/check.txt"

# The recommended config without any poolguard settings and the CLI agree, file:line:rule for file:line:rule.
rule_set() { findings <"$1" | sed -E 's/^([^ ]+):[0-9]+ /\1 /'; }
[ "$(rule_set "$WORK/eslint.json")" = "$(rule_set "$WORK/check.json")" ] || fail "eslint and poolguard check disagree on file:line:rule" "$WORK/eslint.json" "$WORK/check.json"

# expect_exit <code> <name> <command…>: runs the command in the app, output in $WORK/<name>.out/.err.
expect_exit() {
  local want="$1" name="$2"
  shift 2
  set +e
  (cd "$APP" && "$@") >"$WORK/$name.out" 2>"$WORK/$name.err"
  local code=$?
  set -e
  [ "$code" -eq "$want" ] || fail "$* exited $code, expected $want" "$WORK/$name.err" "$WORK/$name.out"
}
USERS_FINDING="src/routes/users.ts:4:16 poolguard/no-client-outside-singleton"
HEALTH_FINDING="src/routes/health.ts:8:9 poolguard/no-close-in-handler"

step "--stdin --stdin-filename (eslint and poolguard check)"
expect_exit 1 stdin-check npx --no-install poolguard check -f json --stdin --stdin-filename src/routes/users.ts <"$APP/src/routes/users.ts"
[ "$(findings <"$WORK/stdin-check.out")" = "$USERS_FINDING" ] || fail "poolguard check --stdin found other findings" "$WORK/stdin-check.out"
expect_exit 1 stdin-eslint npx --no-install eslint -f json --stdin --stdin-filename src/routes/users.ts <"$APP/src/routes/users.ts"
[ "$(findings <"$WORK/stdin-eslint.out")" = "$USERS_FINDING" ] || fail "eslint --stdin found other findings" "$WORK/stdin-eslint.out"
# The rewritten file, given as the same file name, is clean.
expect_exit 0 stdin-clean npx --no-install poolguard check --stdin --stdin-filename src/routes/users.ts <"$HERE/expected/src/routes/users.ts.expected"

step "--rule <id>, and rules turned off / to warn in poolguard.config.json"
expect_exit 1 rule npx --no-install poolguard check -f json --rule no-close-in-handler
[ "$(findings <"$WORK/rule.out")" = "$HEALTH_FINDING" ] || fail "--rule no-close-in-handler reported other rules" "$WORK/rule.out"
printf '{ "rules": { "no-client-outside-singleton": "off", "no-close-in-handler": "warn" } }\n' >"$APP/poolguard.config.json"
# Only a warning is left: exit 0.
expect_exit 0 severity npx --no-install poolguard check -f json
[ "$(findings <"$WORK/severity.out")" = "$HEALTH_FINDING" ] || fail "the config's rules severities were not applied" "$WORK/severity.out"
rm "$APP/poolguard.config.json"

step "the GitHub Action's check step (its run script, read from action.yml)"
(cd "$APP" && node --input-type=module -e '
  import fs from "node:fs";
  import { parse } from "yaml";
  const steps = parse(fs.readFileSync(process.argv[1], "utf8")).runs.steps;
  process.stdout.write(steps.find((s) => s.id === "check").run);
' "$ROOT/action.yml") >"$WORK/action-check.sh"
: >"$WORK/github-output"
# As the composite action runs it: `shell: bash` is bash -e -o pipefail; inputs arrive as env.
expect_exit 0 action env GITHUB_OUTPUT="$WORK/github-output" POOLGUARD_PATHS= POOLGUARD_CHANGED_SINCE= POOLGUARD_ARGS= POOLGUARD_SARIF=poolguard.sarif \
  bash --noprofile --norc -eo pipefail "$WORK/action-check.sh"
printf 'exit-code=1\nsarif-file=%s/poolguard.sarif\n' "$APP" | diff -u - "$WORK/github-output" >"$WORK/github-output.diff" ||
  fail "the action's check step wrote other outputs" "$WORK/github-output.diff" "$WORK/action.err"
got="$(node -e '
  const run = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).runs[0];
  const lines = run.results.map((r) => { const l = r.locations[0].physicalLocation; return `${l.artifactLocation.uri}:${l.region.startLine}:${l.region.startColumn} ${r.ruleId}`; });
  console.log(lines.sort().join("\n"));
' "$APP/poolguard.sarif")"
[ "$got" = "$EXPECTED_FINDINGS" ] || fail "the action's SARIF has other results.
expected:
$EXPECTED_FINDINGS
got:
$got"
rm "$APP/poolguard.sarif"

step "lint-staged's command (docs/examples/lint-staged.config.mjs) on the staged files"
cp "$ROOT/docs/examples/lint-staged.config.mjs" "$APP/lint-staged.config.mjs"
# A test file creating its own client: exempt when named explicitly too.
printf "import { PrismaClient } from '@prisma/client';\n\nexport const testDb = new PrismaClient();\n" >"$APP/src/routes/users.test.ts"
(cd "$APP" && git init -q && git add src/routes/users.ts src/routes/users.test.ts src/lib/prisma.ts tsconfig.json)
expect_exit 1 lint-staged node "$HERE/lint-staged.mjs" -f json
[ "$(findings <"$WORK/lint-staged.out")" = "$USERS_FINDING" ] || fail "lint-staged's command reported other findings" "$WORK/lint-staged.out" "$WORK/lint-staged.err"
rm -rf "$APP/.git" "$APP/lint-staged.config.mjs" "$APP/src/routes/users.test.ts"

step "npx poolguard fix --dry"
before="$(snapshot)"
set +e
(cd "$APP" && npx --no-install poolguard fix --dry >"$WORK/fix.txt" 2>"$WORK/fix.err")
code=$?
set -e
# Every offender of the app can be fixed, so nothing is left over: exit 0.
[ "$code" -eq 0 ] || fail "poolguard fix --dry exited $code, expected 0" "$WORK/fix.err" "$WORK/fix.txt"
for pattern in '^--- .*src/routes/users.ts' '^+++ .*src/routes/users.ts' '^@@ ' '^-const prisma = new PrismaClient();' "^+import { prisma } from '../lib/prisma.js';" \
  "^+import { prisma as db } from '../lib/prisma.js';" '^-  await prisma.\$disconnect();'; do
  grep -q -- "$pattern" "$WORK/fix.txt" || fail "poolguard fix --dry printed no line matching: $pattern" "$WORK/fix.txt" "$WORK/fix.err"
done
[ "$(snapshot)" = "$before" ] || fail "poolguard fix --dry changed files"

step "npx jscodeshift -t node_modules/eslint-plugin-poolguard/dist/transforms/no-client-outside-singleton.js"
set +e
(cd "$APP" && npx --no-install jscodeshift --no-babel --fail-on-error \
  -t node_modules/eslint-plugin-poolguard/dist/transforms/no-client-outside-singleton.js \
  --parser=tsx --singleton=src/lib/prisma.ts src/routes/users.ts >"$WORK/jscodeshift.txt" 2>&1)
code=$?
set -e
[ "$code" -eq 0 ] || fail "jscodeshift exited $code" "$WORK/jscodeshift.txt"
grep -q '1 ok' "$WORK/jscodeshift.txt" || fail "jscodeshift did not report the file as changed (1 ok)" "$WORK/jscodeshift.txt"
diff -u "$HERE/expected/src/routes/users.ts.expected" "$APP/src/routes/users.ts" >"$WORK/transform.diff" ||
  fail "the transformed src/routes/users.ts differs from test/consumer/expected/src/routes/users.ts.expected" "$WORK/transform.diff"
set +e
(cd "$APP" && npx --no-install eslint -f json src/routes/users.ts >"$WORK/eslint-after.json" 2>"$WORK/eslint-after.err")
code=$?
set -e
[ "$code" -eq 0 ] || fail "eslint still reports the rewritten src/routes/users.ts (exit $code)" "$WORK/eslint-after.json" "$WORK/eslint-after.err"

step "a suggestion applied through ESLint's API equals the codemod's output"
# The installed plugin, through the ESLint class and the app's own config: take each finding's
# suggestion in turn (as an editor's quick fix does), re-lint, until none is left.
cp "$HERE/app/src/routes/users.ts" "$APP/src/routes/users.ts"
set +e
(cd "$APP" && node --input-type=module -e "
  import fs from 'node:fs';
  import { ESLint } from 'eslint';
  const eslint = new ESLint();
  const file = 'src/routes/users.ts';
  let text = fs.readFileSync(file, 'utf8');
  for (let applied = 0; ; applied++) {
    const [result] = await eslint.lintText(text, { filePath: file });
    const suggestion = result.messages.find((m) => m.suggestions?.length)?.suggestions[0];
    if (!suggestion) {
      if (applied === 0) throw new Error('no suggestion offered: ' + JSON.stringify(result.messages));
      break;
    }
    text = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
  }
  process.stdout.write(text);
" >"$WORK/suggested.ts" 2>"$WORK/suggested.err")
code=$?
set -e
[ "$code" -eq 0 ] || fail "applying the suggestions through ESLint's API failed (exit $code)" "$WORK/suggested.err"
diff -u "$HERE/expected/src/routes/users.ts.expected" "$WORK/suggested.ts" >"$WORK/suggested.diff" ||
  fail "src/routes/users.ts after its suggestions differs from the codemod's output (test/consumer/expected/src/routes/users.ts.expected)" "$WORK/suggested.diff"

echo "consumer test passed: eslint, poolguard check (--stdin, --rule, config severities, the action's check step, lint-staged), poolguard fix --dry, jscodeshift and a suggestion on the packed $TARBALL"
