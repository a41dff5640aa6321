#!/usr/bin/env bash
# The endpoint comparison at 10^6 with the fixed-set load generator, both servers on the same
# stores the harness built (bench/compare.py's commands).
# K and KSTORE override the binary and the kyoto-kg store, W the harness's work directory and
# CONNECTIONS the connection counts; the second run
# (2026-11-28-endpoint-1e6-compacted.txt) used a store of the same data built with the compaction
# that `build --store` now ends with (Oxigraph's Store::optimize after the load).
set -u
W=${W:-/tmp/kyoto-bench/scale-1e6}
K=${K:-/work/target-rocksdb/release/kyoto-kg}
O=/tmp/kyoto-kg-ci-venv/bin/oxigraph
L=${LOADGEN:?set LOADGEN to the load generator: cargo bench --no-run --bench loadgen}
run() { # name port
  for c in ${CONNECTIONS:-1 16 64}; do
    n=$(( c <= 13 ? 13 : (c + 12) / 13 * 13 ))
    echo "$1 connections=$c $($L --url http://127.0.0.1:$2/sparql --queries $W/queries.txt --connections $c --requests $n)"
  done
}
$K serve --store ${KSTORE:-$W/disk/kyoto-store} --bind 127.0.0.1:7101 --timeout 600s --max-results 100000000 ${WORKERS:+--workers $WORKERS} >/dev/null 2>&1 &
sleep 5; run kyoto 7101; kill %1; wait
$O serve-read-only --location $W/disk/oxigraph --bind 127.0.0.1:7102 --union-default-graph --timeout-s 600 >/dev/null 2>&1 &
sleep 5; run oxigraph 7102; kill %1; wait
