#!/usr/bin/env bash
# Side-by-side benchmarks of kyoto-kg (issue 7): kyoto-kg against Oxigraph's own command line
# (oxigraph-cli, the same engine version) and against the same pipeline written with Python
# rdflib, in one run on one machine. Prints a Markdown table of medians, ratios and peak memory;
# the report and the raw figures go to $KYOTO_BENCH_WORK (default /tmp/kyoto-bench).
#
#   bench/run.sh                                 # 10^5 and 10^6 triples, 3 runs each
#   bench/run.sh --scales 1e4 --repeat 1 --rounds 1     # a quick check of the harness
#   bench/run.sh --scales 1e7 --skip-rdflib      # the large scale only
#
# Needs: cargo (builds kyoto-kg in release with --features rocksdb, ~15 min the first time),
# python3, and installs what is missing: oxigraph-cli (cargo install, ~15 min), rdflib (pip,
# in a venv under the work directory) and GNU time (apt-get). Run it on a quiet machine:
# figures taken while other builds run are meaningless (the report records the load average).
# See bench/compare.py --help for every option, and docs/scale.md for the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${KYOTO_BENCH_WORK:-/tmp/kyoto-bench}
TARGET=${CARGO_TARGET_DIR:-$PWD/target}
OXIGRAPH_VERSION=0.5.13
mkdir -p "$WORK"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]}" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
}
need_apt time libclang-dev

# The load generator first: building it also writes a kyoto-kg binary without --features
# rocksdb to the same path, which the build after it replaces.
echo "== building the load generator (benches/loadgen.rs)" >&2
LOADGEN=$(cargo bench --no-run --bench loadgen --message-format=json 2>/dev/null |
  python3 -c 'import json, sys; print(*[m["executable"] for m in map(json.loads, sys.stdin) if m.get("executable") and m["target"]["name"] == "loadgen"])')
[ -x "$LOADGEN" ] || { echo "cannot build benches/loadgen.rs: run cargo bench --no-run --bench loadgen" >&2; exit 1; }
echo "== building kyoto-kg (release, --features rocksdb)" >&2
cargo build --release --features rocksdb --bin kyoto-kg >&2
KYOTO=$TARGET/release/kyoto-kg

OXIGRAPH=${OXIGRAPH:-}
if [ -z "$OXIGRAPH" ]; then
  for candidate in "$(command -v oxigraph || true)" /work/tools/oxigraph/bin/oxigraph "$WORK/oxigraph/bin/oxigraph"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then OXIGRAPH=$candidate; break; fi
  done
fi
if [ -z "$OXIGRAPH" ]; then
  echo "== installing oxigraph-cli $OXIGRAPH_VERSION into $WORK/oxigraph" >&2
  cargo install oxigraph-cli --locked --version "$OXIGRAPH_VERSION" --root "$WORK/oxigraph" >&2
  OXIGRAPH=$WORK/oxigraph/bin/oxigraph
fi
echo "== $("$OXIGRAPH" --version)" >&2

VENV=$WORK/venv
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -c 'import rdflib' 2>/dev/null || "$VENV/bin/pip" install -q rdflib >&2

exec python3 bench/compare.py --kyoto "$KYOTO" --oxigraph "$OXIGRAPH" \
  --python "$VENV/bin/python" --loadgen "$LOADGEN" --work "$WORK" "$@"
