#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ and runs each on its committed corpus (issue #22;
# Docs/FUZZING.md). Usage:
#   Scripts/fuzz.sh build                 build every target into .build-fuzz
#   Scripts/fuzz.sh run [TARGET…]         run each for FUZZ_SECONDS (default 60); new inputs
#                                         go to .build-fuzz/corpus/TARGET, crashes to
#                                         .build-fuzz/artifacts/TARGET
#   Scripts/fuzz.sh merge [TARGET…]       minimise the committed corpus with -merge=1, adding
#                                         what the runs found
#   Scripts/fuzz.sh replay [TARGET…]      run each committed corpus input once (no fuzzing)
# FUZZ_SECONDS, FUZZ_TIMEOUT (s per input), FUZZ_RSS_MB, FUZZ_MAX_LEN and FUZZ_SCRATCH (the
# build folder) override the defaults below.
# Every run is nice 19 and one process (no -jobs, with which libFuzzer forks workers that
# log to ./fuzz-N.log); -timeout and -rss_limit_mb make slow inputs and memory growth
# findings. Exits non-zero when a target crashes, times out or runs out of memory.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=${FUZZ_SCRATCH:-.build-fuzz}
seconds=${FUZZ_SECONDS:-60}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
max_len=${FUZZ_MAX_LEN:-65536}
# Every folder Fuzz/Sources/Fuzz* but FuzzSupport is a target (as Fuzz/Package.swift reads it).
all=$(find Fuzz/Sources -mindepth 1 -maxdepth 1 -type d -name 'Fuzz*' ! -name FuzzSupport -printf '%f\n' | sort)

build() {
    # ASan with libFuzzer everywhere; -enable-testing lets the differential target reach
    # the internal WebhookReader; -parse-as-library because libFuzzer owns main.
    # --manifest-cache none: Fuzz/Package.swift lists its targets from the Sources folder, and
    # SwiftPM's shared manifest cache (keyed by the manifest's text, which does not change when
    # a target folder is added) would hand back a stale target list (CI stop 25: "FuzzMIME
    # did not build").
    (cd Fuzz && nice swift build -c debug --scratch-path "../$scratch" --manifest-cache none \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing 2>&1 |
        grep -E 'error|warning:|Build complete' | grep -vE '/checkouts/|Cannot export local symbol' || true)
    for target in $all; do
        [ -x "$scratch/debug/$target" ] || { echo "fuzz: $target did not build" >&2; exit 1; }
    done
}

flags() {
    echo "-timeout=$timeout -rss_limit_mb=$rss -max_len=$max_len -print_final_stats=1"
    [ -f "Fuzz/Dictionaries/$1.dict" ] && echo "-dict=Fuzz/Dictionaries/$1.dict"
    # swift-corelibs-foundation's NSRegularExpression leaks one allocation for some patterns
    # (_CFRegularExpressionCreate; inputs in Fuzz/Findings/): not ours to fix, so the targets
    # that compile matcher regexes skip LeakSanitizer. -rss_limit_mb still bounds growth.
    case $1 in FuzzMatchers | FuzzRouting | FuzzRules) echo "-detect_leaks=0" ;; esac
    true
}

# The environment of a target's process: LeakSanitizer's check at exit off where -detect_leaks=0.
environment() {
    case $1 in FuzzMatchers | FuzzRouting | FuzzRules) echo "ASAN_OPTIONS=detect_leaks=0" ;; *) echo "ASAN_OPTIONS=" ;; esac
}

run() {
    local target=$1 status=0
    mkdir -p "$scratch/corpus/$target" "$scratch/artifacts/$target"
    echo "fuzz: $target for ${seconds}s" >&2
    # shellcheck disable=SC2046
    env "$(environment "$target")" nice -n 19 "$scratch/debug/$target" $(flags "$target") -max_total_time="$seconds" \
        -artifact_prefix="$scratch/artifacts/$target/" "$scratch/corpus/$target" "Fuzz/Corpus/$target" \
        >"$scratch/$target.log" 2>&1 || status=$?
    grep -E '^stat::|^#[0-9]+.*DONE' "$scratch/$target.log" | tr '\n' ' ' >&2; echo >&2
    if [ "$status" -ne 0 ]; then
        grep -E 'ERROR|fuzz property|Fatal|SUMMARY|Test unit written' "$scratch/$target.log" >&2 || true
        echo "fuzz: $target FAILED (log: $scratch/$target.log)" >&2
    fi
    return "$status"
}

merge() {
    local target=$1 fresh="$scratch/merge/$target"
    rm -rf "$fresh"; mkdir -p "$fresh" "$scratch/corpus/$target"
    # shellcheck disable=SC2046
    env "$(environment "$target")" nice -n 19 "$scratch/debug/$target" $(flags "$target") -merge=1 "$fresh" "Fuzz/Corpus/$target" \
        "$scratch/corpus/$target" >"$scratch/$target.merge.log" 2>&1
    rm -rf "Fuzz/Corpus/$target"; mv "$fresh" "Fuzz/Corpus/$target"
    echo "fuzz: $target corpus $(find "Fuzz/Corpus/$target" -type f | wc -l) files" >&2
}

replay() {
    local target=$1
    # shellcheck disable=SC2046
    env "$(environment "$target")" nice -n 19 "$scratch/debug/$target" $(flags "$target") -runs=0 "Fuzz/Corpus/$target" \
        >"$scratch/$target.replay.log" 2>&1 || { tail -20 "$scratch/$target.replay.log" >&2; return 1; }
}

command=${1:-run}; shift || true
targets=${*:-$all}
case "$command" in
build) build ;;
run | merge | replay)
    [ -x "$scratch/debug/$(head -1 <<<"$all")" ] || build
    failed=0
    for target in $targets; do "$command" "$target" || failed=$((failed + 1)); done
    [ "$failed" -eq 0 ] || { echo "fuzz: $failed target(s) failed" >&2; exit 1; } ;;
*) echo "usage: Scripts/fuzz.sh build|run|merge|replay [TARGET…]" >&2; exit 2 ;;
esac
