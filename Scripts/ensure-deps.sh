#!/usr/bin/env bash
# Installs the system tools the tests use when they are missing (Debian): tmux drives the
# console end to end, sqlite3 tampers with stores, the ncurses/sqlite headers build pmops,
# prometheus-node-exporter is the real scrape target of the collector tests,
# prometheus-alertmanager the real peer of the Alertmanager API source tests,
# python3-icalendar the real iCalendar parser the on-call export is checked against
# (ICalendarOracleTests run /usr/bin/python3 Scripts/ics-oracle.py and fail without it).
# The fuzz targets (`make fuzz`, `make fuzz-short`) need nothing more: libFuzzer, the ASan
# runtime and llvm-symbolizer ship with the Swift toolchain (Docs/FUZZING.md).
set -euo pipefail
missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -e /usr/include/ncursesw/curses.h ] || missing+=(libncurses-dev)
[ -e /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
command -v prometheus-node-exporter >/dev/null 2>&1 || missing+=(prometheus-node-exporter)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
/usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1 || missing+=(python3-icalendar)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${missing[*]} …" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
