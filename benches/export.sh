#!/usr/bin/env bash
# One-line helpdesk export at the default max-file-size: 35,000 Zendesk macros on one line
# (just under 4 MiB, as the API returns them), checked in every output format and searched by
# `usage`. Prints wall time and peak RSS of each run (GNU time), the best of three.
#
#   benches/export.sh           # 35,000 macros
#   benches/export.sh 8000      # another count
#
# Installs GNU time (apt) if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

n="${1:-35000}"
file="target/bench-export-$n.json"
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
cargo build --release --quiet --bin macrolint --example gen_export
./target/release/examples/gen_export "$file" "$n"

run() {
  local what="$1"; shift
  local best_s="" best_kb=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o target/bench-export.time "$@" >/dev/null 2>&1 || true
    # GNU time says "Command exited with non-zero status 1" first when the check finds errors.
    read -r s kb < <(tail -n 1 target/bench-export.time)
    if [ -z "$best_s" ] || awk "BEGIN{exit !($s < $best_s)}"; then best_s=$s; best_kb=$kb; fi
  done
  printf '%-22s %6s s  %6s MB\n' "$what" "$best_s" "$((best_kb / 1024))"
}

bin=./target/release/macrolint
for format in human json sarif github gitlab; do
  run "check --format $format" "$bin" check "$file" --format "$format" --as-of 2026-01-01 --color never
done
run "check --write-baseline" "$bin" check "$file" --write-baseline target/bench-export-baseline.json --as-of 2026-01-01
run "usage phone.moscow" "$bin" usage phone.moscow "$file"
