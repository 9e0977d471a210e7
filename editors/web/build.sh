#!/usr/bin/env bash
# Builds the WebAssembly core and the two web shells:
#   target/web/      the playground (index.html, macrolint_bg.wasm beside it): any static host
#   target/browser/  the unpacked Manifest V3 extension (manifest.json at its root)
#   target/browser-firefox/  the same with Firefox's manifest
# Installs what it needs: the wasm32 target, wasm-bindgen-cli at exactly the version of the
# wasm-bindgen crate in Cargo.lock (skipped when that version is already installed), the
# playground's npm packages (npm ci, pinned in package-lock.json). wasm-opt: WASM_OPT=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET=$(cargo metadata --no-deps --format-version 1 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' || echo "$ROOT/target")
WEB=$ROOT/editors/web
PKG=$TARGET/wasm-pkg
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false npm_config_loglevel=error

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# The CLI must match the crate exactly (the two agree on a schema version).
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "$want" --locked
fi

# A cdylib only here: the native builds keep their rlib alone.
cargo rustc --profile wasm --lib --no-default-features --features wasm --target wasm32-unknown-unknown --crate-type cdylib
rm -rf "$PKG" && mkdir -p "$PKG"
wasm-bindgen --target web --no-typescript --out-dir "$PKG" \
  "$TARGET/wasm32-unknown-unknown/wasm/macrolint.wasm"
# wasm-opt only on request (WASM_OPT=1): Debian's binaryen breaks wasm-bindgen's externref
# table (a TypeError at init), and the release build already fits the 1.5 MB gzipped budget.
if [ "${WASM_OPT:-0}" = 1 ] && command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$PKG/macrolint_bg.wasm" -o "$PKG/macrolint_bg.opt.wasm"
  mv "$PKG/macrolint_bg.opt.wasm" "$PKG/macrolint_bg.wasm"
fi

# npm packages: installed once per package-lock.json.
stamp=$WEB/node_modules/.macrolint-stamp
lock=$(sha256sum "$WEB/package-lock.json" | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock" ]; then
  (cd "$WEB" && npm ci --ignore-scripts)
  echo "$lock" >"$stamp"
fi

# The playground: one page, one bundled script, the core beside it.
OUT=$TARGET/web
rm -rf "$OUT" && mkdir -p "$OUT"
cp "$WEB/src/index.html" "$WEB/src/playground.css" "$OUT/"
cp "$PKG/macrolint.js" "$PKG/macrolint_bg.wasm" "$OUT/"
"$WEB/node_modules/.bin/esbuild" "$WEB/src/playground.js" --bundle --format=esm --minify \
  --external:./macrolint.js --outfile="$OUT/playground.js" --log-level=warning

# The extension: plain files, the core beside them; Firefox gets its own manifest.
EXT=$TARGET/browser
rm -rf "$EXT" && mkdir -p "$EXT"
cp -r "$ROOT/editors/browser/." "$EXT/"
rm -f "$EXT/manifest.firefox.json"
cp "$PKG/macrolint.js" "$PKG/macrolint_bg.wasm" "$EXT/"
FF=$TARGET/browser-firefox
rm -rf "$FF" && cp -r "$EXT" "$FF"
cp "$ROOT/editors/browser/manifest.firefox.json" "$FF/manifest.json"

raw=$(stat -c %s "$OUT/macrolint_bg.wasm")
gz=$(gzip -9c "$OUT/macrolint_bg.wasm" | wc -c)
echo "wasm: $raw bytes, $gz bytes gzipped ($(awk "BEGIN{printf \"%.2f\", $gz/1048576}") MB; target 1.5 MB)"
echo "playground: $OUT/index.html    extension: $EXT (Firefox: $FF)"
