# PenguinOps — the few commands a newcomer needs. See README.md.
PREFIX ?= /usr/local
export SWIFT_BACKTRACE = interactive=no

.PHONY: demo test build release install uninstall docs bench

## Run the console on a seeded demo store (release build).
demo:
	swift run -c release pmops demo

## Every test: unit, golden screens, CLI and tmux end-to-end. CI runs exactly this.
test:
	Scripts/ensure-deps.sh
	swift test

build:
	swift build

release:
	swift build -c release

## Installs the binary, the shipped themes and the default alert rules under $(PREFIX)/share/pmops.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/pmops/themes $(DESTDIR)$(PREFIX)/share/pmops/rules
	install -m 0755 .build/release/pmops $(DESTDIR)$(PREFIX)/bin/pmops
	install -m 0644 Themes/*.theme $(DESTDIR)$(PREFIX)/share/pmops/themes/
	install -m 0644 Rules/*.rules $(DESTDIR)$(PREFIX)/share/pmops/rules/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/pmops
	rm -rf $(DESTDIR)$(PREFIX)/share/pmops

## Regenerates Docs/ROLES.md and Docs/KEYS.md from the code.
docs: build
	Scripts/gen-docs.sh .build/debug/pmops
	.build/debug/pmops debug keys > Docs/KEYS.md

## Benchmarks (figures go to BENCHMARKS.md): the store, then the console side by side with htop.
bench: release
	.build/release/pmops bench store
	.build/release/pmops bench console-vs-htop
