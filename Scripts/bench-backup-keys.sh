#!/bin/bash
# Keypress-to-flush of a live console (Users pane, PMOPS_TRACE) in rounds without and with
# `pmops db backup` of the same store running back to back. Needs tmux (private socket).
# Usage: Scripts/bench-backup-keys.sh .build/debug/pmops STORE   (KEYS=400 WORK=dir)
bin=${1:-.build/debug/pmops}; store=${2:?usage: bench-backup-keys.sh PMOPS STORE}; work=${WORK:-$(mktemp -d)}; mkdir -p $work
KEYS=${KEYS:-400}
tm() { tmux -L dbench "$@"; }
pattern=(j j j k j NPage j k G k k g j NPage k j j PPage j k)
run() { # NAME BACKUP(0/1)
  local name=$1 trace=$work/$1.trace; rm -f $trace
  tm new-session -d -s $name -x 160 -y 48 "env TERM=screen-256color PMOPS_TRACE=$trace $bin --db $store"
  for _ in $(seq 1 200); do tm capture-pane -p -t $name | grep -q Users && break; sleep 0.05; done
  tm send-keys -t $name 3; sleep 1
  local bpid=""
  if [[ $2 == 1 ]]; then
    ( while :; do $bin db backup --db $store $work/kb.sqlite --force >> $work/backup.log 2>&1; done ) & bpid=$!
    sleep 1
  fi
  uptime >> $work/$name.load
  for i in $(seq 0 $((KEYS - 1))); do tm send-keys -t $name "${pattern[$((i % ${#pattern[@]}))]}"; sleep 0.02; done
  sleep 0.5
  [[ -n $bpid ]] && { kill $bpid; pkill -P $bpid 2>/dev/null; wait $bpid 2>/dev/null; }
  uptime >> $work/$name.load
  tm send-keys -t $name q
  for _ in $(seq 1 200); do [[ -s $trace ]] && break; sleep 0.05; done
  awk '$1 == "latency_us" { print $2 }' $trace | tail -n +2 | sort -n > $work/$name.lat
  n=$(wc -l < $work/$name.lat)
  echo "$name: n=$n median=$(awk -v n=$n 'NR==int(n*0.5)+1' $work/$name.lat) p90=$(awk -v n=$n 'NR==int(n*0.9)+1' $work/$name.lat) p99=$(awk -v n=$n 'NR==int(n*0.99)+1' $work/$name.lat) max=$(tail -1 $work/$name.lat) us; load $(cat $work/$name.load | awk '{print $(NF-2)}' | tr '\n' ' ')"
}
run idle1 0; run backup1 1; run idle2 0; run backup2 1
tm kill-server 2>/dev/null
