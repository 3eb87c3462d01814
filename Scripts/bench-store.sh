#!/usr/bin/env bash
# Foundation benchmarks (issue 2): builds the release binary, prints the machine, runs
# `pmops bench store` labelled with the commit, and keeps the JSON report.
#
# Usage: Scripts/bench-store.sh [pmops bench store options…]
#   e.g. Scripts/bench-store.sh --only list --list-runs 30
# Environment: SCRATCH=path   build in another scratch directory (shared machines)
#              BENCH_OUT=file where the JSON goes (default .build/bench/store-<time>.json)
set -euo pipefail
cd "$(dirname "$0")/.."

build=(swift build -c release)
if [[ -n "${SCRATCH:-}" ]]; then build+=(--scratch-path "$SCRATCH"); fi
"${build[@]}"
bin="$("${build[@]}" --show-bin-path)/pmops"

commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- Sources Package.swift || commit="$commit+dirty"
out="${BENCH_OUT:-.build/bench/store-$(date -u +%Y%m%dT%H%M%SZ).json}"
mkdir -p "$(dirname "$out")"

echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ {print $2}') RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$bin" bench store --label "$commit" --save "$out" "$@"
echo "JSON report: $out"
