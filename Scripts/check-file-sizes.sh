#!/usr/bin/env bash
# Files stay small: every Swift file under Sources/ and Tests/ has at most 400 lines,
# except the paths in Scripts/file-size-allowlist.txt. Exits 1 on a violation.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=400
allowlist=Scripts/file-size-allowlist.txt
allowed=$(grep -vE '^[[:space:]]*(#|$)' "$allowlist" || true)
failures=0

while IFS= read -r -d '' file; do
    lines=$(wc -l <"$file")
    listed=false
    grep -qxF "$file" <<<"$allowed" && listed=true
    if [ "$lines" -gt "$limit" ] && ! $listed; then
        echo "$file: $lines lines; the limit is $limit (split it by facet: Type+Facet.swift)" >&2
        failures=$((failures + 1))
    elif [ "$lines" -le "$limit" ] && $listed; then
        echo "$file: $lines lines, back under the limit; remove it from $allowlist" >&2
        failures=$((failures + 1))
    fi
done < <(find Sources Tests -name '*.swift' -print0 | sort -z)

while IFS= read -r file; do
    [ -f "$file" ] || { echo "$allowlist: $file does not exist; remove it" >&2; failures=$((failures + 1)); }
done <<<"$allowed"

if [ "$failures" -gt 0 ]; then
    echo "check-file-sizes: $failures problem(s)" >&2
    exit 1
fi
echo "check-file-sizes: ok"
