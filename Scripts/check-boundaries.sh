#!/usr/bin/env bash
# The import boundaries of ../shared/ARCHITECTURE.md, made mechanical. Prints every
# violation as `path:line: message` and exits 1 if there is one.
#   GRDB (and SQLite's modules) only in OpsStore and OpsStoreTests; CNcursesw only in
#   TermUINcurses; OpsCore imports Foundation only; OpsConsole imports neither GRDB nor
#   OpsCollector nor the ncurses backend; no test target links ncurses, even transitively.
set -euo pipefail
cd "$(dirname "$0")/.."

failures=0
fail() { echo "$1" >&2; failures=$((failures + 1)); }

# Every `import` of every Swift file, as `dir<TAB>path:line<TAB>module`, where dir is the
# target's folder (Sources/X or Tests/X). Conditional imports (#if canImport) count too.
imports() {
    find Sources Tests -name '*.swift' -print0 | xargs -0 grep -nE \
        '^[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]' |
        sed -E 's#^((Sources|Tests)/[^/]+)(/[^:]*):([0-9]+):(.*)$#\1\t\1\3:\4\t\5#' |
        sed -E 's#^([^\t]*\t[^\t]*\t)[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*#\1#; s#^([^\t]*\t[^\t]*\t)((public|package|internal|fileprivate|private)[[:space:]]+)?import[[:space:]]+((typealias|struct|class|enum|protocol|let|var|func)[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*).*$#\1\6#'
}

while IFS=$'\t' read -r dir where module; do
    case "$module" in
    GRDB | GRDBSQLite | SQLite3 | CSQLite)
        case "$dir" in
        # OpsFixtures bulk-loads million-row benchmark stores with prepared statements; it
        # is linked only by `pmops demo`/`bench` and the tests, never by the panes or core.
        Sources/OpsStore | Sources/OpsFixtures | Tests/OpsStoreTests) ;;
        *) fail "$where: imports $module; only OpsStore (and OpsFixtures, OpsStoreTests) may use GRDB or SQLite directly" ;;
        esac ;;
    CNcursesw)
        [ "$dir" = Sources/TermUINcurses ] || fail "$where: imports CNcursesw; only TermUINcurses may" ;;
    esac
    case "$dir" in
    Sources/OpsCore)
        [ "$module" = Foundation ] || fail "$where: OpsCore imports $module; it is Foundation-only" ;;
    Sources/OpsConsole)
        case "$module" in
        OpsCollector | TermUINcurses) fail "$where: OpsConsole imports $module; the executable wires it in" ;;
        esac ;;
    Tests/*)
        case "$module" in
        TermUINcurses | pmops) fail "$where: a test imports $module; no test target links ncurses" ;;
        esac ;;
    esac
done < <(imports)

# Links, not just imports: no test target may depend on the ncurses backend, directly or
# through another target.
closure=$(swift package dump-package | python3 -c '
import json, sys
pkg = json.load(sys.stdin)
deps = {}
for t in pkg["targets"]:
    names = []
    for d in t.get("dependencies", []):
        for kind in ("byName", "target"):
            if kind in d:
                names.append(d[kind][0])
    deps[t["name"]] = names
    settings = json.dumps(t.get("settings", []))
    if t["type"] == "test" and "ncurses" in settings:
        print(t["name"] + ": links ncurses through its settings")
for t in pkg["targets"]:
    if t["type"] != "test":
        continue
    seen, todo = set(), list(deps[t["name"]])
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        todo += deps.get(n, [])
    bad = sorted(seen & {"TermUINcurses", "CNcursesw", "pmops"})
    if bad:
        print(t["name"] + ": links " + ", ".join(bad) + "; no test target links ncurses")
')
if [ -n "$closure" ]; then
    while IFS= read -r line; do fail "Package.swift: $line"; done <<<"$closure"
fi

if [ "$failures" -gt 0 ]; then
    echo "check-boundaries: $failures violation(s)" >&2
    exit 1
fi
echo "check-boundaries: ok"
