#!/usr/bin/env bash
# Every test (`swift test`). When one fails, the failures are listed again at the end, so
# the tail of a long log (all CI keeps) names them.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -t pmops-test.XXXXXX)
swift test 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
    echo
    echo "=== what failed (full log: $log) ==="
    grep -E "✘ Test .* recorded an issue|error: |Fatal error|Test Case .* failed" "$log" | cut -c1-400 | head -60
    echo "=== end of failures ==="
fi
exit "$status"
