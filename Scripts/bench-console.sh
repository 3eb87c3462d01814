#!/usr/bin/env bash
# Console benchmarks (issue 3): the real `pmops` console in tmux, against a store with
# 10,000 accounts plus the demo directory (the OS login is super_admin).
#
#   1. first frame after exec (PMOPS_TRACE first_frame_ms), RUNS runs at 160x48
#   2. keypress-to-flush on the Users pane (PMOPS_TRACE latency_us), KEYS keys ~20 ms apart
#   3. idle output bytes/s (tmux pipe-pane) on the Users and Health panes, IDLE seconds
#   4. CPU % of one core (/proc/PID/stat utime+stime) and VmRSS/VmHWM over the same idle
#   5. htop -d 10 (1 s refresh) at 160x48, idle CPU % and bytes/s by the same method
#
# Builds nothing: pass the binary (default .build/release/pmops; build it with
# 'swift build -c release' first). Uses a private tmux server (tmux -L bench-$$).
#
# Usage: Scripts/bench-console.sh [--vs-htop] [path/to/pmops]
#   --vs-htop  only the side-by-side (also 'pmops bench console-vs-htop'): the console on the
#              Health pane of a live demo store ('pmops demo --db', the in-process collector
#              writing every second) and htop -d 10, started together in one tmux server at
#              160x48, IDLE seconds per round, IDLE_RUNS rounds. Prints the medians and exits
#              1 unless the console's CPU share and bytes/s are both below htop's.
# Environment: RUNS=10 KEYS=200 KEY_RUNS=3 IDLE=30 IDLE_RUNS=3 ACCOUNTS=10000 AUDIT_ROWS=10000
#              KEY_GAP=0.02 (seconds between keys)
#              HEALTH_TICKS=3 demo collector ticks (~10 s each) run into a new store so the
#                          Health pane has metrics (0: leave it empty)
#              STORE=path  reuse a prepared store (else one is built in the work directory)
#              BENCH_OUT=file machine-readable lines (default .build/bench/console-<time>.txt)
#              KEEP=1      keep the work directory
#              CONSOLE_SUBCOMMAND=console  open it as 'pmops console --db' (default 'pmops --db')
set -euo pipefail
cd "$(dirname "$0")/.."

mode=all
if [[ "${1:-}" == "--vs-htop" ]]; then mode=vs-htop; shift; fi
bin="$(realpath "${1:-.build/release/pmops}")"
[[ -x "$bin" ]] || { echo "bench-console: no executable at $bin (build with 'swift build -c release')" >&2; exit 2; }
for tool in tmux awk; do command -v "$tool" >/dev/null || { echo "bench-console: $tool is required" >&2; exit 2; }; done
command -v htop >/dev/null || { echo "bench-console: htop is not installed, so there is nothing to compare the console with (apt-get install htop)." >&2; exit 2; }

RUNS="${RUNS:-10}" KEYS="${KEYS:-200}" IDLE="${IDLE:-30}" IDLE_RUNS="${IDLE_RUNS:-3}"
ACCOUNTS="${ACCOUNTS:-10000}" AUDIT_ROWS="${AUDIT_ROWS:-10000}" KEY_GAP="${KEY_GAP:-0.02}" KEY_RUNS="${KEY_RUNS:-3}" HEALTH_TICKS="${HEALTH_TICKS:-3}"
COLS=160 LINES_=48
work="$(mktemp -d "${TMPDIR:-/tmp}/pmops-cbench.XXXXXX")"
out="${BENCH_OUT:-.build/bench/console-$(date -u +%Y%m%dT%H%M%SZ).txt}"
mkdir -p "$(dirname "$out")"
sock="bench-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tm kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"   # tmux leaves the socket file behind
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; else echo "work directory kept: $work" >&2; fi
}
trap cleanup EXIT
log() { echo "bench-console: $*" >&2; }

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit+dirty"
hz="$(getconf CLK_TCK)"
machine="$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ {print $2}') RAM, $(uname -sr)"
: > "$out"
emit() { echo "$*" >> "$out"; }   # machine-readable: key value…
emit "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"
emit "commit $commit"
emit "machine $machine"
emit "load_start $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the store: bench fixture (pmops bench store-fixture) + demo directory -------------
store="${STORE:-}"
if [[ -z "$store" ]]; then
    store="$work/store.sqlite"
    log "building the store ($ACCOUNTS accounts, $AUDIT_ROWS audit rows) in $store"
    "$bin" bench store-fixture --fixture "$store" --accounts "$ACCOUNTS" --audit-rows "$AUDIT_ROWS" >/dev/null
    "$bin" demo seed --db "$store" >&2
    if ((HEALTH_TICKS > 0)); then
        # Some metrics for the Health pane: the built-in demo collector, ~1 tick per second.
        log "collecting $HEALTH_TICKS ticks of demo metrics for the Health pane"
        "$bin" collect --db "$store" --bench-ticks "$HEALTH_TICKS" >/dev/null 2>"$work/collect.log" || log "collect failed; the Health pane will be empty"
    fi
fi
emit "store $store"

# --- statistics (nearest rank, like BenchSamples) ---------------------------------------
# stats FILE -> "n median p90 p99 max"
stats() {
    sort -g "$1" | awk '{ v[NR] = $1 } END {
        n = NR; if (n == 0) { print "0 - - - -"; exit }
        med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        r90 = int(0.90 * n); if (r90 < 0.90 * n) r90++; if (r90 < 1) r90 = 1
        r99 = int(0.99 * n); if (r99 < 0.99 * n) r99++; if (r99 < 1) r99 = 1
        printf "%d %g %g %g %g\n", n, med, v[r90], v[r99], v[n] }'
}

# --- tmux helpers -------------------------------------------------------------------------
tm new-session -d -s keep -x "$COLS" -y "$LINES_" sleep 100000
tm set -g default-size "${COLS}x${LINES_}"
tm set -g remain-on-exit off
tm set -g status off   # the pane is the whole 160x48 window

# start NAME CMD… : a detached session running CMD directly (no shell), at COLS x LINES.
start() { local name="$1"; shift; tm new-session -d -s "$name" -x "$COLS" -y "$LINES_" "$@"; }
pane_pid() { tm display-message -p -t "$1" '#{pane_pid}'; }
# wait_text NAME TEXT [SECONDS]: until the pane shows TEXT.
wait_text() {
    local deadline=$((SECONDS + ${3:-20}))
    until tm capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
        ((SECONDS < deadline)) || { log "timed out waiting for '$2' in $1"; return 1; }
        sleep 0.05
    done
}
# wait_gone NAME: until the session has ended.
wait_gone() {
    local deadline=$((SECONDS + 20))
    while tm has-session -t "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || { log "$1 did not exit"; tm kill-session -t "$1"; return 1; }
        sleep 0.05
    done
}
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# start_console NAME TRACE: the console on the store, tracing frames into TRACE.
# (CONSOLE_SUBCOMMAND=console runs 'pmops console --db …' instead of 'pmops --db …'.)
start_console() { start "$1" env TERM=screen-256color PMOPS_TRACE="$2" "$bin" ${CONSOLE_SUBCOMMAND:-} --db "$store"; }

# The console's first frame has the tab bar with both panes.
ready_text="Users"

# --- side by side with htop only (--vs-htop) ----------------------------------------------
if [[ "$mode" == vs-htop ]]; then
    # The live dashboard: 'pmops demo' on the store collects the demo workload every second
    # and the host every 10 s in process, and the Health pane redraws what changed.
    mkdir -p "$work/htophome"
    declare -A t0 pid
    for round in $(seq 1 "$IDLE_RUNS"); do
        log "console vs htop, round $round of $IDLE_RUNS (${IDLE} s)"
        start live env TERM=screen-256color PMOPS_TRACE="$work/live-$round.trace" "$bin" demo --db "$store"
        start htop env HOME="$work/htophome" TERM=screen-256color htop -d 10
        wait_text live "Firing alerts"
        wait_text htop "Load average"
        sleep 3   # first ticks written, first full frames settled
        for name in live htop; do
            pid[$name]="$(pane_pid "$name")"; : > "$work/$name.bytes"
            tm pipe-pane -o -t "$name" "cat >> $work/$name.bytes"
            t0[$name]="$(cpu_ticks "${pid[$name]}")"
        done
        sleep "$IDLE"
        declare -A t1
        for name in live htop; do t1[$name]="$(cpu_ticks "${pid[$name]}")"; done
        for name in live htop; do tm pipe-pane -t "$name"; done
        sleep 0.2
        for name in live htop; do
            bytes="$(stat -c %s "$work/$name.bytes")"
            bps="$(awk -v b="$bytes" -v s="$IDLE" 'BEGIN { printf "%.1f", b / s }')"
            cpu="$(awk -v d="$((t1[$name] - t0[$name]))" -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.2f", d / hz / s * 100 }')"
            echo "$bps" >> "$work/$name.bps"; echo "$cpu" >> "$work/$name.cpu"
            emit "vs_htop_${name} round=$round bytes=$bytes seconds=$IDLE bytes_per_s=$bps cpu_pct=$cpu"
            log "  $name: $bps B/s, $cpu % of a core"
        done
        tm send-keys -t live q; tm send-keys -t htop q
        wait_gone live; wait_gone htop
    done
    emit "load_end $(cut -d' ' -f1-3 /proc/loadavg)"
    med() { read -r _ m _ _ _ < <(stats "$1"); echo "$m"; }
    below() { awk -v a="$1" -v b="$2" 'BEGIN { print (a + 0 < b + 0) ? "yes" : "NO" }'; }
    lb="$(med "$work/live.bps")" lc="$(med "$work/live.cpu")" hb="$(med "$work/htop.bps")" hc="$(med "$work/htop.cpu")"
    {
        echo "pmops console vs htop — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $commit"
        echo "machine: $machine; load $(grep '^load_start' "$out" | cut -d' ' -f2-) at start, $(grep '^load_end' "$out" | cut -d' ' -f2-) at end"
        echo "${COLS}x${LINES_}, TERM=screen-256color, tmux $(tmux -V | cut -d' ' -f2); console: pmops demo (Health pane, live in-process collector, --refresh 1); htop -d 10"
        echo "median of $IDLE_RUNS rounds of ${IDLE} s, both running at the same time"
        echo
        printf '%-14s %-16s %-16s %s\n' FIGURE CONSOLE HTOP "CONSOLE BELOW"
        printf '%-14s %-16s %-16s %s\n' "output B/s" "$lb" "$hb" "$(below "$lb" "$hb")"
        printf '%-14s %-16s %-16s %s\n' "CPU % core" "$lc" "$hc" "$(below "$lc" "$hc")"
        echo
        echo "per round (B/s, CPU %): console $(paste -sd' ' "$work/live.bps") / $(paste -sd' ' "$work/live.cpu"); htop $(paste -sd' ' "$work/htop.bps") / $(paste -sd' ' "$work/htop.cpu")"
        echo "machine-readable lines: $out"
    }
    emit "summary vs_htop console_bytes_per_s=$lb console_cpu_pct=$lc htop_bytes_per_s=$hb htop_cpu_pct=$hc"
    [[ "$(below "$lb" "$hb")" == yes && "$(below "$lc" "$hc")" == yes ]] || exit 1
    exit 0
fi

# --- 1. first frame after exec ------------------------------------------------------------
log "1. first frame: $RUNS runs"
: > "$work/first.txt"
for i in $(seq 1 "$RUNS"); do
    trace="$work/first-$i.trace"
    start_console "ff$i" "$trace"
    wait_text "ff$i" "$ready_text"
    sleep 0.3
    tm send-keys -t "ff$i" q
    wait_gone "ff$i"
    for _ in $(seq 1 100); do [[ -s "$trace" ]] && break; sleep 0.05; done
    v="$(awk '$1 == "first_frame_ms" { print $2 }' "$trace" 2>/dev/null || true)"
    [[ -n "$v" && "$v" != "?" ]] && { echo "$v" >> "$work/first.txt"; emit "first_frame_ms $v"; }
done
read -r ff_n ff_med ff_p90 ff_p99 ff_max < <(stats "$work/first.txt")

# --- 2. keypress-to-flush on the Users pane ------------------------------------------------
log "2. keypress-to-flush: $KEY_RUNS runs of $KEYS keys"
pattern=(j j j k j NPage j k G k k g j NPage k j j PPage j k)
: > "$work/latency-keys.txt"; : > "$work/latency-p99.txt"; : > "$work/switch.txt"
for run in $(seq 1 "$KEY_RUNS"); do
    trace="$work/keys-$run.trace"
    start_console "keys$run" "$trace"
    wait_text "keys$run" "$ready_text"
    tm send-keys -t "keys$run" 3
    sleep 1
    for i in $(seq 0 $((KEYS - 1))); do
        tm send-keys -t "keys$run" "${pattern[$((i % ${#pattern[@]}))]}"
        sleep "$KEY_GAP"
    done
    sleep 0.5
    tm send-keys -t "keys$run" q
    wait_gone "keys$run"
    for _ in $(seq 1 100); do [[ -s "$trace" ]] && break; sleep 0.05; done
    # The first latency is the "3" pane switch (a store load); the rest are the movement keys.
    awk '$1 == "latency_us" { print $2 }' "$trace" > "$work/latency-$run.txt"
    head -n 1 "$work/latency-$run.txt" >> "$work/switch.txt"
    tail -n +2 "$work/latency-$run.txt" > "$work/latency-$run-keys.txt"
    cat "$work/latency-$run-keys.txt" >> "$work/latency-keys.txt"
    while read -r v; do emit "latency_us run=$run $v"; done < "$work/latency-$run-keys.txt"
    read -r n m p90 p99 mxv < <(stats "$work/latency-$run-keys.txt")
    echo "$p99" >> "$work/latency-p99.txt"
    emit "latency_run run=$run n=$n median=$m p90=$p90 p99=$p99 max=$mxv"
    emit "pane_switch_us run=$run $(head -n 1 "$work/latency-$run.txt")"
done
# Pooled over all runs.
read -r lat_n lat_med lat_p90 lat_p99 lat_max < <(stats "$work/latency-keys.txt")
read -r _ switch_us _ _ _ < <(stats "$work/switch.txt")

# --- 3-5. idle: output bytes, CPU and RSS over IDLE seconds --------------------------------
# idle_begin NAME : starts piping the pane's output and records CPU ticks.
declare -A t0 pid
idle_begin() {
    local name="$1"
    pid[$name]="$(pane_pid "$name")"
    : > "$work/$name.bytes"
    tm pipe-pane -o -t "$name" "cat >> $work/$name.bytes"
    t0[$name]="$(cpu_ticks "${pid[$name]}")"
}
# idle_end NAME ROUND: appends "bytes/s cpu% rss_kb hwm_kb" for the round.
idle_end() {
    local name="$1" round="$2" p="${pid[$1]}"
    local t1 rss hwm bytes
    t1="$(cpu_ticks "$p")"
    rss="$(status_kb "$p" VmRSS)"
    hwm="$(status_kb "$p" VmHWM)"
    tm pipe-pane -t "$name"
    sleep 0.2
    bytes="$(stat -c %s "$work/$name.bytes")"
    local bps cpu
    bps="$(awk -v b="$bytes" -v s="$IDLE" 'BEGIN { printf "%.1f", b / s }')"
    cpu="$(awk -v d="$((t1 - t0[$name]))" -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.2f", d / hz / s * 100 }')"
    echo "$bps" >> "$work/$name.bps"; echo "$cpu" >> "$work/$name.cpu"
    echo "$((rss / 1024))" >> "$work/$name.rss"; echo "$((hwm / 1024))" >> "$work/$name.hwm"
    emit "idle_${name} round=$round bytes=$bytes seconds=$IDLE bytes_per_s=$bps cpu_pct=$cpu rss_kb=$rss hwm_kb=$hwm"
}

mkdir -p "$work/htophome"
for round in $(seq 1 "$IDLE_RUNS"); do
    log "3-5. idle round $round of $IDLE_RUNS: users pane and htop side by side (${IDLE} s)"
    start_console users "$work/users-$round.trace"
    start htop env HOME="$work/htophome" TERM=screen-256color htop -d 10
    wait_text users "$ready_text"
    tm send-keys -t users 2
    wait_text htop "Load average"
    sleep 1   # let the pane switch and htop's first full frames settle
    idle_begin users
    idle_begin htop
    sleep "$IDLE"
    idle_end users "$round"
    idle_end htop "$round"
    tm send-keys -t users q
    tm send-keys -t htop q
    wait_gone users; wait_gone htop

    log "3-5. idle round $round of $IDLE_RUNS: health pane (${IDLE} s)"
    start_console health "$work/health-$round.trace"
    wait_text health "$ready_text"
    sleep 1
    idle_begin health
    sleep "$IDLE"
    idle_end health "$round"
    tm send-keys -t health q
    wait_gone health
done
emit "load_end $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report -------------------------------------------------------------------------------
med() { read -r _ m _ _ _ < <(stats "$1"); echo "$m"; }
mx() { read -r _ _ _ _ x < <(stats "$1"); echo "$x"; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "-" || v == "") print "?"; else print (v + 0 < t + 0) ? "yes" : "NO" }'; }

{
    echo "pmops console benchmarks — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $commit"
    echo "machine: $machine; load $(grep '^load_start' "$out" | cut -d' ' -f2-) at start, $(grep '^load_end' "$out" | cut -d' ' -f2-) at end"
    echo "store: $ACCOUNTS accounts + demo directory, ${COLS}x${LINES_}, TERM=screen-256color in tmux $(tmux -V | cut -d' ' -f2)"
    echo
    printf '%-44s %-6s %-7s %-9s %-9s %-9s %-12s %s\n' FIGURE UNIT RUNS MEDIAN P90 P99 TARGET OK
    printf '%-44s %-6s %-7s %-9s %-9s %-9s %-12s %s\n' "first frame after exec" ms "$ff_n" "$ff_med" "$ff_p90" "$ff_p99" "< 150 (med)" "$(verdict "$ff_med" 150)"
    printf '%-44s %-6s %-7s %-9s %-9s %-9s %-12s %s\n' "keypress-to-flush, users pane (pooled)" us "$lat_n" "$lat_med" "$lat_p90" "$lat_p99" "p99 < 10000" "$(verdict "$lat_p99" 10000)"
    printf '%-44s %-6s %-7s %-9s %-9s %-9s\n' "keypress-to-flush: p99 per run (median, max)" us "$KEY_RUNS" "$(med "$work/latency-p99.txt")" "" "max $(mx "$work/latency-p99.txt")"
    printf '%-44s %-6s %-7s %-9s\n' "pane switch 1->2 (first key, store load)" us "$KEY_RUNS" "${switch_us:-?}"
    for name in users health htop; do
        label="$name"; [[ "$name" == htop ]] && label="htop -d 10 (comparison)" || label="console, $name pane"
        printf '%-44s %-6s %-7s %-9s %-9s %-9s\n' "idle output: $label" "B/s" "$IDLE_RUNS" "$(med "$work/$name.bps")" "" "max $(mx "$work/$name.bps")"
        printf '%-44s %-6s %-7s %-9s %-9s %-9s\n' "idle CPU: $label" "%core" "$IDLE_RUNS" "$(med "$work/$name.cpu")" "" "max $(mx "$work/$name.cpu")"
        if [[ "$name" == htop ]]; then
            printf '%-44s %-6s %-7s %-9s %-9s %-9s\n' "RSS: $label" MiB "$IDLE_RUNS" "$(med "$work/$name.rss")" "" "peak $(mx "$work/$name.hwm")"
        else
            printf '%-44s %-6s %-7s %-9s %-9s %-9s %-12s %s\n' "RSS: $label" MiB "$IDLE_RUNS" "$(med "$work/$name.rss")" "" "peak $(mx "$work/$name.hwm")" "< 30" "$(verdict "$(mx "$work/$name.hwm")" 30)"
        fi
    done
    echo
    echo "idle = ${IDLE} s after the first frame settled (RSS: VmRSS at the end, peak = max VmHWM)."
    echo "machine-readable lines: $out"
} | tee "$work/table.txt"
emit "summary first_frame_ms n=$ff_n median=$ff_med p90=$ff_p90 p99=$ff_p99"
emit "summary latency_us n=$lat_n median=$lat_med p90=$lat_p90 p99=$lat_p99 max=$lat_max"
for name in users health htop; do
    emit "summary idle_$name bytes_per_s_median=$(med "$work/$name.bps") cpu_pct_median=$(med "$work/$name.cpu") rss_mib_median=$(med "$work/$name.rss") hwm_mib_max=$(mx "$work/$name.hwm")"
done
