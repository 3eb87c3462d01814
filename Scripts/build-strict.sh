#!/usr/bin/env bash
# Builds every target, tests included, and fails on any warning from this package.
# The compiler already treats our warnings as errors (`treatAllWarnings(as: .error)` in
# Package.swift, which SwiftPM applies to this package's targets only); this also catches
# warnings that are not the Swift compiler's (SwiftPM, the C shim), while a dependency's
# warnings (lines outside Sources/ and Tests/) are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp "${TMPDIR:-/tmp}/pmops-build.XXXXXX")
trap 'rm -f "$log"' EXIT
set +e
swift build --build-tests 2>&1 | tee "$log" | grep -E 'error|warning:|Build complete'
status=${PIPESTATUS[0]}
set -e
ours=$(grep -E "warning:" "$log" | grep -E "(^|/)(Sources|Tests|Package\.swift)" | grep -v '/\.build/' | sort -u || true)
if [ -n "$ours" ]; then
    echo "$ours" >&2
    echo "build-strict: warnings from this package (zero is the rule)" >&2
    exit 1
fi
[ "$status" -eq 0 ] || { echo "build-strict: the build failed" >&2; exit "$status"; }
echo "build-strict: ok"
