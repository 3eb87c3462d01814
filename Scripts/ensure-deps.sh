#!/usr/bin/env bash
# Installs the system tools the tests use when they are missing (Debian): tmux drives the
# console end to end, sqlite3 tampers with stores, the ncurses/sqlite headers build pmops,
# prometheus-node-exporter is the real scrape target of the collector tests,
# prometheus-alertmanager the real peer of the Alertmanager API source tests, postfix the
# real mail peer of the ticket mail tests (Scripts/postfix-peer.sh runs a private instance;
# the package is installed with debconf's "No configuration", so no system MTA is set up),
# python3-icalendar the real iCalendar parser the on-call export is checked against
# (ICalendarOracleTests run /usr/bin/python3 Scripts/ics-oracle.py and fail without it),
# the `stripe` Python package (PyPI) the oracle of the Stripe signature tests, and the
# OpenFeature SDK with its flagd provider (PyPI) the oracle of the flag evaluator.
# tzdata's TZif files name zones' abbreviations (CET, EDT) on the Schedules pane.
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
[ -x /usr/sbin/postfix ] || missing+=(postfix)
[ -e /usr/share/zoneinfo/Europe/Berlin ] || missing+=(tzdata)
/usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1 || missing+=(python3-icalendar)
# Stripe's own Python library (PyPI) is the oracle of the webhook-signature tests (issue 18).
python3 -c 'import stripe' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check 'stripe==16.1.0' >&2
# The OpenFeature SDK with the flagd provider (file resolver) is the oracle of the flag
# evaluator; jsonschema checks the export against flagd's schema (issue 17). flagd-core is
# pinned too: its `fractional` bucketing is what pmops matches.
python3 -c 'import openfeature.contrib.provider.flagd, jsonschema' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check \
  'openfeature-sdk==0.10.0' 'openfeature-provider-flagd==0.6.1' 'openfeature-flagd-core==2.0.0' 'jsonschema==4.26.0' >&2
# PyYAML (PyPI) reads `pmops config export --format yaml` back in the config CLI tests.
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q --disable-pip-version-check 'PyYAML==6.0.3' >&2
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again." >&2
  exit 1
fi
echo "Installing ${missing[*]} …" >&2
apt-get -o DPkg::Lock::Timeout=300 update -qq
if [[ " ${missing[*]} " == *" postfix "* ]]; then
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
fi
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
