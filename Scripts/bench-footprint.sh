#!/usr/bin/env bash
# Footprint (issue 14): the live demo console against htop (and btop when installed), side
# by side in one private tmux server at 160x48, 1 s refresh, every figure of the issue's
# table with its ratio and target:
#   CPU share of a core, bytes to the terminal per second, bytes written per second in total
#   (/proc/PID/io wchar: terminal plus store), disk writes (write_bytes) per stored sample,
#   steady RSS, first full frame (spawn until the ready text shows, polled every 5 ms; the
#   console's own PMOPS_TRACE figure beside it), and RSS / first frame of the console on the
#   1,000,000-alert benchmark store's Alerts pane when ALERTS_STORE names one.
# Builds nothing; run it on a release build. Exits 1 when a target is missed, 2 when it
# cannot run (no tmux, htop or sqlite3).
#
# Usage: Scripts/bench-footprint.sh [path/to/pmops]
# Environment: WINDOW=60 seconds measured per round (≥ 60: disk writes come in bursts)
#              RUNS=3 rounds (medians), FIRST_RUNS=5 first-frame spawns per program
#              ALERTS_STORE=path  the 'pmops bench alert-queue' fixture (skipped when unset)
#              BENCH_OUT=file machine-readable lines (default .build/bench/footprint-<time>.txt)
#              KEEP=1 keep the work directory
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$(realpath "${1:-.build/release/pmops}")"
[[ -x "$bin" ]] || { echo "bench-footprint: no executable at $bin (build with 'swift build -c release')" >&2; exit 2; }
for tool in tmux awk htop sqlite3; do
    command -v "$tool" >/dev/null || { echo "bench-footprint: $tool is required and not installed (apt-get install $tool)." >&2; exit 2; }
done
have_btop=0; command -v btop >/dev/null && have_btop=1

WINDOW="${WINDOW:-60}" RUNS="${RUNS:-3}" FIRST_RUNS="${FIRST_RUNS:-5}"
COLS=160 LINES_=48
work="$(mktemp -d "${TMPDIR:-/tmp}/pmops-footprint.XXXXXX")"
out="${BENCH_OUT:-.build/bench/footprint-$(date -u +%Y%m%dT%H%M%SZ).txt}"
mkdir -p "$(dirname "$out")" "$work/home"
sock="footprint-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
    tm kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; else echo "work directory kept: $work" >&2; fi
}
trap cleanup EXIT
log() { echo "bench-footprint: $*" >&2; }
emit() { echo "$*" >> "$out"; }
: > "$out"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || commit="$commit+dirty"
hz="$(getconf CLK_TCK)"
machine="$(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'), $(free -h | awk '/^Mem:/ {print $2}') RAM, $(uname -sr)"
emit "date $(date -u +%Y-%m-%dT%H:%M:%SZ)"; emit "commit $commit"; emit "machine $machine"
emit "load_start $(cut -d' ' -f1-3 /proc/loadavg)"

tm new-session -d -s keep -x "$COLS" -y "$LINES_" sleep 100000
tm set -g remain-on-exit off
tm set -g status off
start() { local name="$1"; shift; tm new-session -d -s "$name" -x "$COLS" -y "$LINES_" "$@"; }
pane_pid() { tm display-message -p -t "$1" '#{pane_pid}'; }
wait_text() {
    local deadline=$((SECONDS + ${3:-30}))
    until tm capture-pane -p -t "$1" 2>/dev/null | grep -qF -- "$2"; do
        ((SECONDS < deadline)) || { log "timed out waiting for '$2' in $1"; return 1; }
        sleep 0.05
    done
}
wait_gone() {
    local deadline=$((SECONDS + 20))
    while tm has-session -t "$1" 2>/dev/null; do
        ((SECONDS < deadline)) || { tm kill-session -t "$1"; return 1; }
        sleep 0.05
    done
}
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
io() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/io"; }
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
store="$work/demo.sqlite"
# Samples stored so far: head rows, sealed blocks and packed raw chunks.
stored() {
    sqlite3 "file:$store?mode=ro" "SELECT (SELECT count(*) FROM metric_sample)
        + coalesce((SELECT sum(n) FROM metric_chunk WHERE resolution = 0), 0)
        + coalesce((SELECT sum(n) FROM metric_block), 0)" 2>/dev/null || echo 0
}

names=(pmops htop); ((have_btop)) && names+=(btop)
launch() {
    case "$1" in
        pmops) start pmops env TERM=screen-256color HOME="$work/home" PMOPS_TRACE="$work/pmops-$2.trace" "$bin" demo --db "$store" --refresh 1 ;;
        htop) start htop env TERM=screen-256color HOME="$work/home" htop -d 10 ;;
        btop) start btop env TERM=screen-256color HOME="$work/home" btop --utf-force ;;
    esac
}
ready() { case "$1" in pmops) echo "Firing alerts" ;; htop) echo "Load average" ;; btop) echo "cpu" ;; esac; }
quit() { tm send-keys -t "$1" q; wait_gone "$1" || true; }

# --- side by side: CPU, terminal bytes, writes, RSS ---------------------------------------
for round in $(seq 1 "$RUNS"); do
    log "round $round of $RUNS: ${names[*]} together for ${WINDOW} s"
    declare -A pid c0 w0 d0 s0
    for n in "${names[@]}"; do launch "$n" "r$round"; done
    for n in "${names[@]}"; do wait_text "$n" "$(ready "$n")"; done
    sleep 5   # first ticks sealed, first frames settled
    for n in "${names[@]}"; do
        pid[$n]="$(pane_pid "$n")"; : > "$work/$n.bytes"
        tm pipe-pane -o -t "$n" "cat >> $work/$n.bytes"
    done
    samples0="$(stored)"
    for n in "${names[@]}"; do c0[$n]="$(cpu_ticks "${pid[$n]}")"; w0[$n]="$(io "${pid[$n]}" wchar)"; d0[$n]="$(io "${pid[$n]}" write_bytes)"; done
    sleep "$WINDOW"
    for n in "${names[@]}"; do
        p="${pid[$n]}"
        cpu="$(awk -v d="$(( $(cpu_ticks "$p") - c0[$n] ))" -v hz="$hz" -v s="$WINDOW" 'BEGIN { printf "%.3f", d / hz / s * 100 }')"
        wchar="$(awk -v d="$(( $(io "$p" wchar) - w0[$n] ))" -v s="$WINDOW" 'BEGIN { printf "%.1f", d / s }')"
        disk=$(( $(io "$p" write_bytes) - d0[$n] ))
        rss="$(rss_kb "$p")"
        echo "$cpu" >> "$work/$n.cpu"; echo "$wchar" >> "$work/$n.wchar"; echo "$rss" >> "$work/$n.rss"
        echo "$disk" >> "$work/$n.disk"
    done
    samples1="$(stored)"
    for n in "${names[@]}"; do tm pipe-pane -t "$n"; done
    sleep 0.2
    for n in "${names[@]}"; do
        bps="$(awk -v b="$(stat -c %s "$work/$n.bytes")" -v s="$WINDOW" 'BEGIN { printf "%.1f", b / s }')"
        echo "$bps" >> "$work/$n.bps"
        emit "round $round $n cpu_pct=$(tail -n1 "$work/$n.cpu") term_bytes_per_s=$bps wchar_per_s=$(tail -n1 "$work/$n.wchar") write_bytes=$(tail -n1 "$work/$n.disk") rss_kb=$(tail -n1 "$work/$n.rss")"
    done
    n_samples=$((samples1 - samples0))
    per="$(awk -v d="$(tail -n1 "$work/pmops.disk")" -v n="$n_samples" 'BEGIN { if (n > 0) printf "%.1f", d / n; else print "-" }')"
    echo "$per" >> "$work/pmops.persample"; echo "$n_samples" >> "$work/samples"
    emit "round $round pmops stored_samples=$n_samples disk_bytes_per_sample=$per"
    for n in "${names[@]}"; do quit "$n"; done
done

# --- first full frame ---------------------------------------------------------------------
# spawn until the ready text shows, polled every 5 ms (the same way for every program)
first_frame() {   # NAME SESSION READY CMD…  -> ms
    local name="$1" ready="$2"; shift 2
    local t0 t1
    t0="$(date +%s%N)"
    start "$name" "$@"
    until tm capture-pane -p -t "$name" 2>/dev/null | grep -qF -- "$ready"; do sleep 0.005; done
    t1="$(date +%s%N)"
    echo $(( (t1 - t0) / 1000000 ))
}
log "first frame: $FIRST_RUNS spawns each"
for i in $(seq 1 "$FIRST_RUNS"); do
    first_frame pmops "Firing alerts" env TERM=screen-256color HOME="$work/home" PMOPS_TRACE="$work/ff-$i.trace" "$bin" --no-collector --db "$store" >> "$work/pmops.ff"; quit pmops
    awk '$1 == "first_frame_ms" { print $2 }' "$work/ff-$i.trace" >> "$work/pmops.fftrace" 2>/dev/null || true
    first_frame htop "Load average" env TERM=screen-256color HOME="$work/home" htop -d 10 >> "$work/htop.ff"; quit htop
    if ((have_btop)); then first_frame btop "cpu" env TERM=screen-256color HOME="$work/home" btop --utf-force >> "$work/btop.ff"; quit btop; fi
done

# --- the 1,000,000-alert store on the Alerts pane -------------------------------------------
alerts_rss=- alerts_ff=-
if [[ -n "${ALERTS_STORE:-}" && -f "${ALERTS_STORE}" ]]; then
    log "the Alerts pane on $ALERTS_STORE"
    start alerts env TERM=screen-256color HOME="$work/home" PMOPS_TRACE="$work/alerts.trace" "$bin" --no-collector --db "$ALERTS_STORE"
    wait_text alerts "Alerts" 60 || true
    tm send-keys -t alerts 2
    sleep 5
    alerts_rss="$(rss_kb "$(pane_pid alerts)")"
    quit alerts
    sleep 0.3
    alerts_ff="$(awk '$1 == "first_frame_ms" { print $2 }' "$work/alerts.trace" 2>/dev/null || echo -)"
else
    log "ALERTS_STORE not set (or missing): the 1,000,000-alert rows are skipped"
fi
emit "load_end $(cut -d' ' -f1-3 /proc/loadavg)"

# --- the table ----------------------------------------------------------------------------
m() { [[ -s "$work/$1" ]] && median < "$work/$1" || echo -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3f", a / b }'; }
failed=0
verdict() {   # VALUE OP LIMIT -> yes/NO/-
    local v
    v="$(awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { if (a == "-") { print "-"; exit }
        ok = (op == "<=") ? (a + 0 <= b + 0) : 0; print ok ? "yes" : "NO" }')"
    [[ "$v" == NO ]] && failed=1
    echo "$v"
}
col() { ((have_btop)) && m "btop.$1" || echo "(not installed)"; }
mb() { awk -v k="$1" 'BEGIN { if (k == "-") print "-"; else printf "%.1f", k / 1024 }'; }
cpu_r="$(ratio "$(m pmops.cpu)" "$(m htop.cpu)")"
bps_r="$(ratio "$(m pmops.bps)" "$(m htop.bps)")"
rss_mb="$(mb "$(m pmops.rss)")"
alerts_mb="$(mb "$alerts_rss")"
{
    echo "pmops footprint vs htop$( ((have_btop)) && echo " and btop") — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $commit"
    echo "machine: $machine; load $(grep '^load_start' "$out" | cut -d' ' -f2-) at start, $(grep '^load_end' "$out" | cut -d' ' -f2-) at end"
    echo "${COLS}x${LINES_}, TERM=screen-256color; pmops demo (Health pane, live in-process collector, --refresh 1); htop -d 10; medians of $RUNS rounds of ${WINDOW} s, all running together"
    echo
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' FIGURE PMOPS HTOP BTOP "PMOPS/HTOP" TARGET MET
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "CPU, % of a core" "$(m pmops.cpu)" "$(m htop.cpu)" "$(col cpu)" "$cpu_r" "ratio <= 0.5" "$(verdict "$cpu_r" "<=" 0.5)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "bytes to the terminal /s" "$(m pmops.bps)" "$(m htop.bps)" "$(col bps)" "$bps_r" "ratio <= 0.05" "$(verdict "$bps_r" "<=" 0.05)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "bytes written /s (wchar)" "$(m pmops.wchar)" "$(m htop.wchar)" "$(col wchar)" "$(ratio "$(m pmops.wchar)" "$(m htop.wchar)")" "(report)" "-"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "disk writes (write_bytes) /s" "$(awk -v d="$(m pmops.disk)" -v s="$WINDOW" 'BEGIN { printf "%.0f", d / s }')" "$(awk -v d="$(m htop.disk)" -v s="$WINDOW" 'BEGIN { printf "%.0f", d / s }')" "$(col disk)" "-" "(report)" "-"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "disk bytes per stored sample" "$(m pmops.persample)" "-" "-" "-" "<= 100" "$(verdict "$(m pmops.persample)" "<=" 100)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "RSS steady, MB" "$rss_mb" "$(mb "$(m htop.rss)")" "$( ((have_btop)) && mb "$(m btop.rss)" || echo "(not installed)")" "$(ratio "$(m pmops.rss)" "$(m htop.rss)")" "<= 15" "$(verdict "$rss_mb" "<=" 15)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "first full frame, ms (polled)" "$(m pmops.ff)" "$(m htop.ff)" "$(col ff)" "$(ratio "$(m pmops.ff)" "$(m htop.ff)")" "(report)" "-"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "first frame, ms (PMOPS_TRACE)" "$(m pmops.fftrace)" "-" "-" "-" "<= 50" "$(verdict "$(m pmops.fftrace)" "<=" 50)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "RSS, 1,000,000 alerts, MB" "$alerts_mb" "-" "-" "-" "<= 20" "$(verdict "$alerts_mb" "<=" 20)"
    printf '%-34s %-12s %-12s %-16s %-10s %-14s %s\n' "first frame, 1,000,000 alerts, ms" "$alerts_ff" "-" "-" "-" "<= 100" "$(verdict "$alerts_ff" "<=" 100)"
    echo
    echo "stored samples per round: $(paste -sd' ' "$work/samples"); per round (pmops CPU %): $(paste -sd' ' "$work/pmops.cpu"); machine-readable lines: $out"
}
emit "summary cpu_ratio=$cpu_r term_ratio=$bps_r disk_per_sample=$(m pmops.persample) rss_mb=$rss_mb alerts_rss_mb=$alerts_mb first_frame_ms=$(m pmops.fftrace) alerts_first_frame_ms=$alerts_ff"
exit "$failed"
