#!/usr/bin/env bash
# The web shells' tests, run by .ci/run after the editors' tests:
#   1. editors/web/build.sh (wasm core, playground, extension; installs what it needs)
#   2. parity: the wasm core under Node against `macrolint check --format json` on fixtures/
#   3. web-ext lint of the Firefox manifest build
#   4. the playground and the extension in Debian's Chromium (playwright-core), timings printed
# Env: MACROLINT_BIN (default target/release/macrolint, built here), CHROMIUM (/usr/bin/chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET=$(cargo metadata --no-deps --format-version 1 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' || echo "$ROOT/target")
WEB=$ROOT/editors/web
OUT=$TARGET/web-test
BIN=${MACROLINT_BIN:-$TARGET/release/macrolint}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false npm_config_loglevel=error
step() { printf '\n--> %s\n' "$*"; }

step "build: wasm core, playground, extension"
bash "$WEB/build.sh"
[ -n "${MACROLINT_BIN:-}" ] || cargo build --release

step "parity: wasm core vs native CLI on fixtures/templates"
node "$WEB/test/parity.mjs" --pkg "$TARGET/web" --bin "$BIN" --dir "$ROOT/fixtures/templates"

step "web-ext lint (Firefox manifest)"
# Warnings fail it too; the report is kept in target/web-ext-lint.txt.
"$WEB/node_modules/.bin/web-ext" lint --source-dir "$TARGET/browser-firefox" --self-hosted \
  --warnings-as-errors --output text >"$TARGET/web-ext-lint.txt" 2>&1 || { cat "$TARGET/web-ext-lint.txt"; exit 1; }
grep -A4 'Validation Summary' "$TARGET/web-ext-lint.txt"

step "browser tests (playwright-core + ${CHROMIUM:-/usr/bin/chromium})"
rm -rf "$OUT" && mkdir -p "$OUT/pages"
cp "$WEB"/test/pages/*.html "$WEB"/test/pages/*.css "$WEB/test/pages/textarea.js" "$OUT/pages/"
"$WEB/node_modules/.bin/esbuild" "$WEB/test/pages/editable.src.js" --bundle --format=iife --outfile="$OUT/pages/editable.js" --log-level=warning
timeout 300 node "$WEB/test/browser.mjs" --web "$TARGET/web" --ext "$TARGET/browser" --pages "$OUT/pages" --out "$OUT"
