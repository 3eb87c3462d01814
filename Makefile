# PenguinOps — the few commands a newcomer needs. See README.md.
PREFIX ?= /usr/local
export SWIFT_BACKTRACE = interactive=no

.PHONY: demo deps check lint boundaries file-sizes build-strict test fuzz fuzz-short fuzz-merge build release install uninstall docs bench

## Run the console on a seeded demo store (release build).
demo:
	swift run -c release pmops demo

## The one check, what CI runs: lint, import boundaries, file sizes, a build with zero
## warnings, every test (unit, golden screens, CLI and tmux end-to-end), then each fuzz
## target briefly on its committed corpus.
check: deps lint boundaries file-sizes build-strict test fuzz-short

## swift format lint (.swift-format) and the .editorconfig basics.
lint:
	Scripts/lint.sh

## Only OpsStore imports GRDB, only TermUINcurses ncurses, OpsCore Foundation only…
boundaries:
	Scripts/check-boundaries.sh

## Swift files stay under 400 lines (Scripts/file-size-allowlist.txt lists the exceptions).
file-sizes:
	Scripts/check-file-sizes.sh

## Builds everything, tests included; any warning from this package fails.
build-strict:
	Scripts/build-strict.sh

## Every test, without the other checks (failures listed again at the end of the log).
test: deps
	Scripts/test.sh

## Every libFuzzer target of Fuzz/ for FUZZ_SECONDS each (Docs/FUZZING.md); own build in .build-fuzz.
FUZZ_SECONDS ?= 60
fuzz:
	Scripts/fuzz.sh build
	FUZZ_SECONDS=$(FUZZ_SECONDS) Scripts/fuzz.sh run

## CI's pass: each target 10 s on its corpus, so an input that once crashed fails the check.
fuzz-short:
	Scripts/fuzz.sh build
	FUZZ_SECONDS=10 Scripts/fuzz.sh run

## Minimises the committed corpora (-merge=1), keeping what `make fuzz` found that adds coverage.
fuzz-merge:
	Scripts/fuzz.sh merge

## The system tools the build and the tests need (tmux, sqlite3, headers, real peers).
deps:
	Scripts/ensure-deps.sh

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

## Regenerates Docs/ROLES.md and Docs/KEYS.md from the code, and the compiled-in rules and themes.
docs: build
	Scripts/gen-resources.sh
	Scripts/gen-docs.sh .build/debug/pmops
	.build/debug/pmops debug keys > Docs/KEYS.md

## Benchmarks (figures go to BENCHMARKS.md): the store, the console side by side with htop,
## then the footprint table (CPU, terminal bytes, disk writes per sample, RSS, first frame).
bench: release
	.build/release/pmops bench store
	.build/release/pmops bench console-vs-htop
	.build/release/pmops bench footprint
