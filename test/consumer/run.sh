#!/usr/bin/env bash
# Consumer test: the package as a user gets it. `npm pack`s this repository, installs the tarball
# into a fresh project outside the repository (offline: from the npm cache that `npm ci` filled, see
# lockfile.mjs), copies the small Express app in test/consumer/app there, and checks that
#   - `npx eslint` with `poolguard.configs.recommended` reports exactly the expected findings;
#   - `npx poolguard check` exits 1 with the same findings;
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
for shipped in dist/src/plugin.js dist/transforms/no-client-outside-singleton.js bin/poolguard.js schema/poolguard.config.schema.json rules/no-client-outside-singleton.md README.md; do
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

echo "consumer test passed: eslint, poolguard check, poolguard fix --dry and jscodeshift on the packed $TARBALL"
