#!/usr/bin/env python3
"""The kyoto-kg pipeline as a user would write it with Python rdflib (issue 7's baseline).

Parses an N-Triples file, counts its triples with SPARQL, runs the given SPARQL queries (the named queries of queries/, expanded
with their prefixes and default parameters by bench/compare.py), and serialises the graph as
Turtle. Prints one JSON object: the seconds of each phase, and each query's seconds and rows.

Usage: rdflib_pipeline.py DATA.nt QUERY_DIR OUT.ttl [QUERY_TIMEOUT_SECONDS]

A query still running after QUERY_TIMEOUT_SECONDS (default 600) is stopped and reported with
"timeout": true; its time then is a lower bound.
"""

import json
import pathlib
import signal
import sys
import time

import rdflib


def main() -> None:
    data, query_dir, out = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 600

    def stop(signum, frame):
        raise TimeoutError()

    signal.signal(signal.SIGALRM, stop)
    report = {"rdflib": rdflib.__version__, "queries": {}}
    started = time.perf_counter()

    t = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data, format="nt")
    report["parse_s"] = time.perf_counter() - t
    report["triples"] = len(graph)

    # The one query of the pipeline from the TOML (compare.py's goals table).
    t = time.perf_counter()
    count = list(graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    report["count_s"] = time.perf_counter() - t
    report["count"] = int(count[0][0])

    t = time.perf_counter()
    for path in sorted(query_dir.glob("*.rq")):
        q = time.perf_counter()
        signal.alarm(limit)
        try:
            result = graph.query(path.read_text(encoding="utf-8"))
            rows, timeout = len(list(result)), False
        except TimeoutError:
            rows, timeout = -1, True
        finally:
            signal.alarm(0)
        report["queries"][path.stem] = {
            "s": time.perf_counter() - q,
            "rows": rows,
            "timeout": timeout,
        }
    report["query_s"] = time.perf_counter() - t

    t = time.perf_counter()
    graph.serialize(destination=out, format="turtle")
    report["serialize_s"] = time.perf_counter() - t

    report["total_s"] = time.perf_counter() - started
    json.dump(report, sys.stdout)
    print()


if __name__ == "__main__":
    main()
