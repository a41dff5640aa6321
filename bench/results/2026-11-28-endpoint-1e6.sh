#!/usr/bin/env bash
# Historical: the first 10^6 endpoint run, with wrk. bench/mixed.lua was removed when the harness
# moved to benches/loadgen.rs; get it back with `git show a647bce:bench/mixed.lua`.
set -u
W=/tmp/kyoto-bench-1e6/scale-1e6
K=/work/target-rocksdb/release/kyoto-kg
O=/tmp/kyoto-kg-ci-venv/bin/oxigraph
run() { # name port
  for c in 1 16 64; do
    t=$(( c < 2 ? c : 2 ))
    echo "== $1 connections=$c"
    KYOTO_BENCH_QUERIES=$W/queries.txt wrk -t $t -c $c -d 45s --timeout 120s --latency -s /work/main/bench/mixed.lua http://127.0.0.1:$2 | grep -E "Requests/sec|requests in|50%|99%|Non-2xx|Socket errors"
  done
}
$K serve --store $W/disk/kyoto-store --bind 127.0.0.1:7101 --timeout 600s --max-results 100000000 >/dev/null 2>&1 &
sleep 3; run kyoto 7101; kill %1; wait
$O serve-read-only --location $W/disk/oxigraph --bind 127.0.0.1:7102 --union-default-graph --timeout-s 600 >/dev/null 2>&1 &
sleep 3; run oxigraph 7102; kill %1; wait
