#!/usr/bin/env bash
# Times `keyguard scan` on a tree against `grep -rF` (the floor), and on an
# empty directory (start-up), with a warm page cache. Prints median wall
# time over RUNS runs and keyguard's peak memory.
#
#   bench/scan.sh [TREE]     default TREE: the Go toolchain's sources, $(go env GOROOT)/src
#
# Compare with other scanners by building them outside this repository and
# putting them on PATH; the script times gitleaks/betterleaks if present.
set -euo pipefail
cd "$(dirname "$0")/.."
tree="${1:-$(go env GOROOT)/src}"
runs="${RUNS:-7}"
bin="$(mktemp -d)/keyguard"
go build -trimpath -o "$bin" ./hook/cmd/keyguard

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # prints median seconds of "$@" over $runs runs
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
    echo "scale=4; ($e-$s)/1000000000" | bc
  done | median
}

size=$(du -sh "$tree" | cut -f1); files=$(find "$tree" -type f | wc -l)
echo "tree: $tree ($size, $files files), $(nproc) cores, median of $runs runs"
cat $(find "$tree" -type f | head -50000) >/dev/null 2>&1 || true # warm the cache

empty=$(mktemp -d)
printf '%-34s %8ss\n' "keyguard scan <empty dir>" "$(timeit "$bin" scan "$empty")"
printf '%-34s %8ss\n' "grep -rF AKIA (floor)" "$(timeit grep -rF AKIA "$tree")"
printf '%-34s %8ss\n' "keyguard scan" "$(timeit "$bin" scan "$tree" --format json --output /dev/null)"
peak=$( { /usr/bin/time -f "%M" "$bin" scan "$tree" --format json --output /dev/null 2>&1 >/dev/null || true; } | tail -1)
printf '%-34s %8s MB\n' "keyguard peak memory" "$((peak / 1024))"
for peer in gitleaks betterleaks; do
  if command -v "$peer" >/dev/null; then
    printf '%-34s %8ss\n' "$peer dir" "$(timeit "$peer" dir "$tree" --no-banner --report-path /dev/null)"
  fi
done
