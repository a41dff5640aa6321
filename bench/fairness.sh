#!/usr/bin/env bash
# How long a cheap query waits while runaway queries run (issue 14): starts `kyoto-kg serve`
# with its default flags (and a --timeout long enough that the runaway queries outlast the
# measurement), puts N runaway queries in flight, waits until the server reports them running
# (/metrics), then times a cheap ASK ROUNDS times with curl and prints the median and the
# worst. The test suite checks the order of events (tests/serve_hostile.rs); the times are here.
#
#   bench/fairness.sh              # 0, 8 and 32 runaway queries, 5 rounds each
#   bench/fairness.sh 64           # other counts
#
# Needs: a release build (cargo build --release), curl, python3. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${KYOTO_KG:-target/release/kyoto-kg}
ROUNDS=${ROUNDS:-5}
COUNTS=("$@")
[ ${#COUNTS[@]} -gt 0 ] || COUNTS=(0 8 32)
RUNAWAY='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }'
CHEAP='ASK { ?s a kyoto:ThematicSession }'

echo "| runaway queries in flight | cheap ASK, median | worst of $ROUNDS | workers |"
echo "|---:|---:|---:|---:|"
for n in "${COUNTS[@]}"; do
  out=$(mktemp)
  "$BIN" serve --bind 127.0.0.1:0 --timeout 300s >"$out" 2>/dev/null &
  server=$!
  for _ in $(seq 100); do grep -q '^kyoto-kg is serving' "$out" && break; sleep 0.1; done
  url=$(head -1 "$out" | awk '{print $4}')
  clients=()
  for _ in $(seq "$n"); do
    curl -s -o /dev/null --data-urlencode "query=$RUNAWAY" "${url}sparql" &
    clients+=($!)
  done
  for _ in $(seq 600); do
    running=$(curl -s "${url}metrics" | awk '/^kyoto_queries_running /{print $2}')
    [ "${running:-0}" -ge "$n" ] && break
    sleep 0.1
  done
  times=()
  for _ in $(seq "$ROUNDS"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' --data-urlencode "query=$CHEAP" "${url}sparql")")
  done
  workers=$(curl -s "${url}metrics" | awk '/^kyoto_workers /{print $2}')
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  for c in "${clients[@]}"; do kill "$c" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$out"
  printf '%s\n' "${times[@]}" | python3 -c "
import sys, statistics
t = sorted(float(x) for x in sys.stdin)
print(f'| $n | {statistics.median(t)*1000:.0f} ms | {t[-1]*1000:.0f} ms | $workers |')"
done
