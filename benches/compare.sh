#!/usr/bin/env bash
# One table: `macrolint check --format json DIR > /dev/null` against ripgrep with the seven
# detection patterns (`benches/rg7.txt`: phones, e-mails, links, four claim phrases; the floor for
# reading and matching the same bytes), ripgrep with every catalog pattern
# (`benches/rg-patterns.txt`) and textlint + textlint-rule-prh with replacements generated from
# the catalog, on the sparse and the contact-dense corpus. Wall time is the best of RUNS warm
# runs (hyperfine's median when it is installed); peak RSS is GNU time's maximum resident size.
#
#   benches/compare.sh            # 20,000 templates per corpus (~52 MB each); textlint on 2,000
#   benches/compare.sh --quick    # 1,000 templates
#
# textlint is used only when npm can install it (from its cache when offline); otherwise the
# table says so.
set -euo pipefail
cd "$(dirname "$0")/.."

n=20000
sample=2000
runs=3
if [ "${1:-}" = "--quick" ]; then n=1000; sample=1000; fi

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq ripgrep time >/dev/null
fi
textlint=target/bench-node/node_modules/.bin/textlint
if [ ! -x "$textlint" ]; then
  mkdir -p target/bench-node
  timeout 120 npm install --silent --prefer-offline --no-audit --no-fund --prefix target/bench-node \
    textlint@14.8.1 textlint-rule-prh@6.1.0 >/dev/null 2>&1 || true
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
bin="$CARGO_TARGET_DIR/release"
cargo build --release --quiet --bin macrolint --example gen_corpus
sparse="target/bench-corpus-$n"
dense="target/bench-dense-$n"
[ -d "$sparse" ] || "$bin/examples/gen_corpus" "$sparse" "$n" 42 >/dev/null
[ -d "$dense" ] || "$bin/examples/gen_corpus" --dense "$dense" "$n" 42 >/dev/null

if [ -x "$textlint" ]; then
  # prh rules from the catalog: every non-canonical written form of a phone or e-mail -> value.
  "$bin/macrolint" catalog --format json | python3 -c '
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
fi

mb() { echo "$(du -sb "$1" | cut -f1) / 1000000" | bc -l; }
sample_of() { # corpus -> a directory with its first $sample templates
  local dir="target/bench-sample-$(basename "$1")-$sample"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    find "$1" -name '*.md' -not -path '*/large/*' | sort | head -n "$sample" | xargs -I{} cp {} "$dir/"
  fi
  echo "$dir"
}

# time_cmd command...: prints "wall-seconds peak-KB" (the tools exit 1 on findings).
time_cmd() {
  local stats; stats=$(mktemp)
  "$@" >/dev/null 2>&1 || true # warm-up: the page cache holds the corpus
  local best="" median="" kb=0
  if need hyperfine; then
    median=$(hyperfine -N -i -w 1 -r "$runs" --export-json /dev/stdout "$(printf '%q ' "$@")" 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"][0]["median"])')
  fi
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$stats" "$@" >/dev/null 2>&1 || true
    read -r secs peak < <(tail -1 "$stats")
    if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc -l)" = 1 ]; then best=$secs; fi
    [ "$peak" -gt "$kb" ] && kb=$peak
  done
  rm -f "$stats"
  echo "${median:-$best} $kb"
}

row() { # corpus-name dir tool-name command...
  local cname=$1 dir=$2 tool=$3; shift 3
  local size; size=$(mb "$dir")
  read -r secs kb < <(time_cmd "$@")
  printf '| %s | %s | %s | %.1f | %.2f | %.1f | %.0f |\n' "$cname" "$(find "$dir" -type f | wc -l)" \
    "$tool" "$size" "$secs" "$(echo "$size / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  echo "$cname $tool $secs" >>"$ratios"
}

ratios=$(mktemp)
echo "date: $(date -u +%Y-%m-%d), machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo
echo "| corpus | files | tool | MB | wall (s) | MB/s | peak RSS (MB) |"
echo "|---|---:|---|---:|---:|---:|---:|"
for c in sparse dense; do
  dir=${!c}
  row "$c" "$dir" macrolint "$bin/macrolint" check "$dir" --format json --no-progress
  row "$c" "$dir" "rg, 7 patterns" rg --count-matches -f benches/rg7.txt "$dir"
  row "$c" "$dir" "rg, every catalog pattern" rg --count-matches -f benches/rg-patterns.txt "$dir"
  s=$(sample_of "$dir")
  row "$c-sample" "$s" macrolint "$bin/macrolint" check "$s" --format json --no-progress
  if [ -x "$textlint" ]; then
    row "$c-sample" "$s" "textlint + prh" "$textlint" --config target/bench-node/.textlintrc.json "$s"
  else
    echo "| $c-sample | $(find "$s" -type f | wc -l) | textlint + prh | – | not installable offline (npm) | – | – |"
  fi
done
echo
for c in sparse dense; do
  ml=$(awk -v c=$c '$1==c && $2=="macrolint" {print $3}' "$ratios")
  rg=$(awk -v c=$c '$1==c && $2=="rg," && $3=="7" {print $5}' "$ratios")
  echo "$c: macrolint / rg with 7 patterns: $(echo "$ml / $rg" | bc -l | cut -c1-5)x"
  tl=$(awk -v c="$c-sample" '$1==c && $2=="textlint" {print $5}' "$ratios")
  mls=$(awk -v c="$c-sample" '$1==c && $2=="macrolint" {print $3}' "$ratios")
  [ -n "$tl" ] && echo "$c sample: textlint / macrolint: $(echo "$tl / $mls" | bc -l | cut -c1-6)x"
done
rm -f "$ratios"
