#!/usr/bin/env bash
# Times `macrolint check --format json` against ripgrep with the same candidate patterns
# (the floor for reading and matching the same bytes) and textlint + textlint-rule-prh with
# replacements generated from the catalog, on one generated corpus. Prints wall time, MB/s,
# peak RSS and the ratios.
#
#   benches/compare.sh            # 20,000 templates (~54 MB); textlint on a 2,000-file sample
#   benches/compare.sh --quick    # 500 templates
#
# Installs what it needs: ripgrep and GNU time (apt), textlint + textlint-rule-prh (npm, into
# target/bench-node, versions pinned for node 20).
set -euo pipefail
cd "$(dirname "$0")/.."

n=20000
sample=2000
if [ "${1:-}" = "--quick" ]; then n=500; sample=500; fi
corpus="target/bench-corpus-$n"

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq ripgrep time >/dev/null
fi
if [ ! -x target/bench-node/node_modules/.bin/textlint ]; then
  mkdir -p target/bench-node
  npm install --silent --prefix target/bench-node textlint@14.8.1 textlint-rule-prh@6.1.0 >/dev/null
fi

cargo build --release --quiet --bin macrolint --example gen_corpus
[ -d "$corpus" ] || ./target/release/examples/gen_corpus "$corpus" "$n" 42 >/dev/null
mb=$(echo "$(du -sb "$corpus" | cut -f1) / 1000000" | bc -l | cut -c1-6)

# prh rules from the catalog: every non-canonical written form of a phone or e-mail -> value.
./target/release/macrolint catalog --format json | python3 -c '
import json, sys
c = json.load(sys.stdin)
print("version: 1\nrules:")
sep = "[\\s\\u00a0\\u2212\\u2013()-]*"
for ch in c["channels"]:
    v = ch.get("value")
    if not v: continue
    if ch["kind"] == "phone":
        d = [x for x in v if x.isdigit()][1:]
        pat = "(?:\\+?7|8)" + sep + sep.join(d)
        print(f"  - expected: \"{v}\"\n    pattern: /{pat}/")
    elif ch["kind"] == "email":
        local, dom = v.split("@")
        lp = local.replace(".", r"\.\s?")
        dp = dom.replace(".", r"\.")
        print(f"  - expected: \"{v}\"\n    pattern: /{lp}@{dp}/i")
' > target/bench-node/prh.yml
printf '{"rules": {"prh": {"rulePaths": ["%s"]}}}\n' "$PWD/target/bench-node/prh.yml" > target/bench-node/.textlintrc.json

run() { # name, command...: prints "name seconds peak-KB" (the tools exit 1 on findings)
  local name=$1; shift
  local stats; stats=$(mktemp)
  /usr/bin/time -f "%e %M" -o "$stats" "$@" >/dev/null 2>&1 || true
  echo "$name $(tail -1 "$stats")"
  rm -f "$stats"
}

results=$(
  run macrolint ./target/release/macrolint check "$corpus" --format json --no-progress
  run ripgrep rg --json -f benches/rg-patterns.txt "$corpus"
)
sample_dir="target/bench-sample-$sample"
if [ ! -d "$sample_dir" ]; then
  mkdir -p "$sample_dir"
  find "$corpus" -name '*.md' | sort | head -n "$sample" | xargs -I{} cp {} "$sample_dir/"
fi
sample_mb=$(echo "$(du -sb "$sample_dir" | cut -f1) / 1000000" | bc -l | cut -c1-6)
tl=$(run textlint target/bench-node/node_modules/.bin/textlint --config target/bench-node/.textlintrc.json "$sample_dir")
ml_sample=$(run macrolint-sample ./target/release/macrolint check "$sample_dir" --format json --no-progress)

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); corpus $corpus: $mb MB"
printf '%-18s %10s %10s %12s\n' tool "wall (s)" "MB/s" "peak RSS MB"
echo "$results" | while read -r name secs kb; do
  printf '%-18s %10s %10.1f %12.1f\n' "$name" "$secs" "$(echo "$mb / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
done
for line in "$tl" "$ml_sample"; do
  read -r name secs kb <<<"$line"
  printf '%-18s %10s %10.1f %12.1f   (sample: %s MB)\n' "$name" "$secs" "$(echo "$sample_mb / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$sample_mb"
done
ml=$(echo "$results" | awk '$1=="macrolint"{print $2}')
rg=$(echo "$results" | awk '$1=="ripgrep"{print $2}')
echo "macrolint / ripgrep wall time: $(echo "$ml / $rg" | bc -l | cut -c1-5)x"
echo "textlint / macrolint wall time on the sample: $(echo "$(echo "$tl" | cut -d' ' -f2) / $(echo "$ml_sample" | cut -d' ' -f2)" | bc -l | cut -c1-6)x"
