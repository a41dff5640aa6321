#!/usr/bin/env python3
"""Side-by-side benchmarks of kyoto-kg against Oxigraph's own tools and Python rdflib (issue 7).

Run it through bench/run.sh, which builds the binaries and sets up the tools. For each scale it:

1. generates synthetic data (`kyoto-kg generate`) and exports the same triples as N-Triples;
2. convert + load: `kyoto-kg build` (in memory, and `--store` on disk) against
   `oxigraph load` of the N-Triples (RocksDB on tmpfs /dev/shm, and on disk);
3. the whole pipeline (build + every named query + Turtle export) against the same pipeline
   written with rdflib (parse the N-Triples, run the same queries, serialise Turtle);
4. named-query latency: one process per query (`kyoto-kg query --store`), single requests to
   `kyoto-kg serve --store` and `oxigraph serve-read-only`, and rdflib in process;
5. export throughput per format (`kyoto-kg export --store`), with `oxigraph dump` for reference;
6. `serve --store` readiness, and endpoint throughput with p50/p99 latency under 1, 16 and 64
   connections against `oxigraph serve-read-only`: the same fixed set of requests (the named
   queries round robin, see benches/loadgen.rs) sent to each server, timed to the last answer.

Every process runs under /usr/bin/time for its peak memory (max RSS; for servers, the server
and its worker processes). Timings are medians of --repeat runs. The report (a Markdown table)
goes to stdout and, with the raw figures as JSON, into the work directory.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
PROJECT = HERE.parent
# Rows of the convert + load table.
DISK_DEFAULT = "kyoto build --store (disk), validating: the default"
DISK_AS_LOADED = "kyoto build --store --no-validate --no-compact (disk)"
DISK_COMPACTED = "kyoto build --store --compact (disk), validating"
MEMORY_BARE = "kyoto build (memory), --no-validate"
MEMORY_DEFAULT = "kyoto build (memory), validating: the default"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
OX_NQUADS = "oxigraph load (disk) of the N-Quads: kyoto-kg's named graphs"

FORMATS = ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_average() -> str:
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


# --- Running and measuring processes -------------------------------------------------------


class Measured:
    """Wall seconds and peak memory (bytes) of one process run."""

    def __init__(self, seconds: float, rss: int, stdout: str, stderr: str):
        self.seconds, self.rss, self.stdout, self.stderr = seconds, rss, stdout, stderr


def run(cmd: list[str], *, cwd=PROJECT, env=None, stdout_file=None) -> Measured:
    """Runs `cmd` to completion under /usr/bin/time; fails loudly on a non-zero exit."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as timing:
        out = open(stdout_file, "wb") if stdout_file else subprocess.PIPE
        try:
            started = time.perf_counter()
            proc = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", timing.name, *cmd],
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.PIPE,
                check=False,
            )
            seconds = time.perf_counter() - started
        finally:
            if stdout_file:
                out.close()
        if proc.returncode != 0:
            sys.exit(
                f"failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode(errors='replace')}"
            )
        rss_kb = int(timing.read().strip().splitlines()[-1])
    stdout = "" if stdout_file else proc.stdout.decode(errors="replace")
    return Measured(seconds, rss_kb * 1024, stdout, proc.stderr.decode(errors="replace"))


def repeat(n: int, make_cmd, before=None, **kwargs) -> list[Measured]:
    """Runs the command `n` times (calling `before()` first each time)."""
    out = []
    for _ in range(n):
        if before:
            before()
        out.append(run(make_cmd(), **kwargs))
    return out


def median(values):
    return statistics.median(values)


def fresh(path: pathlib.Path) -> None:
    """Removes `path` and makes sure its parent exists (Oxigraph creates only the last level)."""
    if path.exists():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_hwm(pid: int) -> int:
    """Peak RSS (VmHWM) of a process and its descendants, in bytes."""
    total = 0
    pids = [pid]
    while pids:
        p = pids.pop()
        try:
            status = pathlib.Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) * 1024
            children = pathlib.Path(f"/proc/{p}/task/{p}/children").read_text().split()
            pids.extend(int(c) for c in children)
        except (OSError, AttributeError):
            pass
    return total


# --- SPARQL over HTTP --------------------------------------------------------------------

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def post_query(port: int, text: str, timeout: float = 600) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/sparql",
        data=text.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def rows_of(body: bytes) -> int:
    """Solutions of a SPARQL JSON result, or lines of N-Triples."""
    text = body.decode(errors="replace")
    if text.lstrip().startswith("{"):
        parsed = json.loads(text)
        if "boolean" in parsed:
            return 1
        return len(parsed["results"]["bindings"])
    return sum(1 for line in text.splitlines() if line.strip())


class Server:
    """A server process on a free loopback port, stopped on exit."""

    def __init__(self, cmd: list[str], port: int, ready_timeout: float = 600):
        self.port = port
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = started + ready_timeout
        while True:
            if self.proc.poll() is not None:
                sys.exit(f"server exited: {' '.join(cmd)}\n{self.proc.stderr.read().decode()}")
            try:
                status, _ = post_query(port, "ASK { ?s ?p ?o }", timeout=5)
                if status == 200:
                    break
            except OSError:
                pass
            if time.perf_counter() > deadline:
                self.stop()
                sys.exit(f"server not ready after {ready_timeout} s: {' '.join(cmd)}")
            time.sleep(0.01)
        self.ready_seconds = time.perf_counter() - started

    def peak_memory(self) -> int:
        return tree_hwm(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- The comparisons ---------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.kyoto = str(args.kyoto)
        self.oxigraph = str(args.oxigraph) if args.oxigraph else None
        self.python = str(args.python)
        self.loadgen = str(args.loadgen) if args.loadgen else None
        self.work = args.work
        self.results: dict = {
            "machine": machine(),
            "load_before": load_average(),
            "scales": {},
        }

    def expand_queries(self, out: pathlib.Path, overrides: dict) -> list[pathlib.Path]:
        """The named queries as standalone SPARQL: PREFIX lines and parameters inlined (the
        defaults, or `overrides` by name)."""
        out.mkdir(parents=True, exist_ok=True)
        turtle = run([self.kyoto, "export", "--graph", "ontology"]).stdout
        prefixes = [
            f"PREFIX {m.group(1)}: <{m.group(2)}>"
            for m in re.finditer(r"^@prefix (\w*): <([^>]*)> \.$", turtle, re.M)
        ]
        paths = []
        for rq in sorted((PROJECT / "queries").glob("*.rq")):
            text = rq.read_text(encoding="utf-8")
            values = []
            for m in re.finditer(r"^#\s*@param\s+(\w+)\s+(<[^>]*>|\"[^\"]*\")", text, re.M):
                value = overrides.get(m.group(1), m.group(2))
                values.append(f"VALUES ?{m.group(1)} {{ {value} }}")
            if values:
                text = re.sub(
                    r"WHERE\s*\{", lambda m: m.group(0) + "\n  " + "\n  ".join(values), text, count=1
                )
            path = out / rq.name
            path.write_text("\n".join(prefixes) + "\n" + text, encoding="utf-8")
            paths.append(path)
        return paths

    def oxigraph_load(self, repeats: int, location: pathlib.Path, file: pathlib.Path) -> list[Measured]:
        """`oxigraph load` of `file` into a fresh store at `location`, `repeats` times."""
        return repeat(
            repeats,
            lambda: [self.oxigraph, "load", "--location", str(location), "--file", str(file)],
            before=lambda: fresh(location),
        )

    def scale(self, scale: str) -> None:
        args, r = self.args, {}
        self.results["scales"][scale] = r
        base = self.work / f"scale-{scale}"
        base.mkdir(parents=True, exist_ok=True)
        data = base / "data"
        disk = base / "disk"
        shm = pathlib.Path("/dev/shm") / f"kyoto-bench-{os.getpid()}-{scale}"
        disk.mkdir(exist_ok=True)
        repeats = args.repeat

        log(f"scale {scale}: generating (load {load_average()})")
        gen = run([self.kyoto, "generate", "--scale", scale, "--out", str(data)])
        r["generate_s"] = gen.seconds
        nt = base / "data.nt"
        run([self.kyoto, "--data", str(data), "export", "--format", "ntriples", "-o", str(nt)])
        # The same quads in their named graphs, for `oxigraph load` of what kyoto-kg stores.
        nq = base / "data.nq"
        run([self.kyoto, "--data", str(data), "export", "--format", "nquads", "-o", str(nq)])
        triples = sum(1 for _ in open(nt, "rb"))
        r["triples"] = triples
        r["nt_bytes"] = nt.stat().st_size
        r["load_before"] = load_average()

        # 2. Convert + load.
        log(f"scale {scale}: convert + load, {repeats} runs each")
        # `oxigraph load` only loads; `kyoto-kg build` also validates the graph (SHACL and
        # quality checks) by default. The comparison is convert + load (`--no-validate`); the
        # default build is reported beside it.
        kyoto_mem = repeat(
            repeats, lambda: [self.kyoto, "--data", str(data), "build", "--no-validate"]
        )
        built = int(re.search(r"Total: (\d+) quads", kyoto_mem[0].stdout).group(1))
        r["build_quads"] = built
        kstore = disk / "kyoto-store"
        r["load"] = {MEMORY_BARE: stats(kyoto_mem, built)}
        validating = repeat(repeats, lambda: [self.kyoto, "--data", str(data), "build"])
        r["load"][MEMORY_DEFAULT] = stats(validating, built)
        probe = subprocess.run(
            [self.kyoto, "--data", str(data), "build", "--store", str(kstore)],
            cwd=PROJECT, capture_output=True, text=True, check=False,
        )
        store_ok = probe.returncode == 0
        if store_ok:
            # The default last: the store it leaves is the one the queries and the endpoint
            # below use, as a user would.
            for label, flags in [
                (DISK_AS_LOADED, ["--no-validate", "--no-compact"]),
                (DISK_COMPACTED, ["--compact"]),
                (DISK_DEFAULT, []),
            ]:
                runs = repeat(
                    repeats,
                    lambda: [self.kyoto, "--data", str(data), "build", *flags, "--store", str(kstore)],
                )
                r["load"][label] = stats(runs, built)
            source = ["--store", str(kstore)]
        else:
            log(f"no persistent store in this kyoto-kg ({probe.stderr.strip()[:120]}): in memory only")
            source = ["--data", str(data)]
        r["store"] = store_ok
        if self.oxigraph:
            ox_mem = self.oxigraph_load(repeats, shm / "oxigraph", nt)
            ox_d = self.oxigraph_load(repeats, disk / "oxigraph", nt)
            # Beside the N-Triples store, which the queries and the endpoint below use.
            ox_nq = disk / "oxigraph-nquads"
            ox_q = self.oxigraph_load(repeats, ox_nq, nq)
            shutil.rmtree(ox_nq)
            r["load"]["oxigraph load (tmpfs)"] = stats(ox_mem, triples)
            r["load"]["oxigraph load (disk)"] = stats(ox_d, triples)
            r["load"][OX_NQUADS] = stats(ox_q, triples)
            fresh(shm)

        # 3. + 4. Pipeline and named queries: kyoto-kg CLI on the store, rdflib. Parameters
        # whose default names a real-data IRI get one of the generated data instead.
        topic = run(
            [self.kyoto, "query", *source, "--format", "tsv",
             "SELECT ?t WHERE { ?t a kyoto:Topic ; skos:relatedMatch ?x } ORDER BY ?t LIMIT 1"]
        ).stdout.splitlines()[1].strip()
        overrides = {"topic": topic}
        r["parameters"] = overrides
        queries = self.expand_queries(base / "queries", overrides)
        log(f"scale {scale}: named queries through the CLI")
        cli = {}
        for rq in sorted((PROJECT / "queries").glob("*.rq")):
            name = rq.stem
            graph = is_graph_query(rq.read_text(encoding="utf-8"))
            params = [a for k, v in overrides.items() if f"@param {k} " in rq.read_text()
                      for a in ("--param", f"{k}={v}")]
            runs = repeat(
                repeats,
                lambda: [self.kyoto, "query", *source, "--name", name, *params,
                         "--format", "ntriples" if graph else "tsv"],
            )
            lines = [line for line in runs[0].stdout.splitlines() if line.strip()]
            cli[name] = {
                "s": median([m.seconds for m in runs]),
                "rows": len(lines) if graph else len(lines) - 1,
                "rss": max(m.rss for m in runs),
            }
        r["query_cli"] = cli
        log(f"scale {scale}: exports")
        exports = {}
        for fmt in FORMATS:
            out = base / f"export.{fmt}"
            runs = repeat(
                repeats,
                lambda: [self.kyoto, "export", *source, "--format", fmt, "-o", str(out)],
            )
            exports[fmt] = export_stats(runs, out)
        canonical = try_canonical(self.kyoto, source, base, repeats)
        if canonical:
            exports["canonical nquads"] = canonical
        if self.oxigraph:
            ox_disk = disk / "oxigraph"
            out = base / "oxigraph-dump.nq"
            runs = repeat(
                repeats,
                lambda: [self.oxigraph, "dump", "--location", str(ox_disk), "--file", str(out)],
                before=lambda: out.unlink(missing_ok=True),
            )
            exports["oxigraph dump nquads (reference)"] = export_stats(runs, out)
        r["export"] = exports

        # The pipeline from the TOML (issue 18): one query and a Turtle export, each straight
        # from the data directory, against rdflib's parse + the same query + serialise.
        toml_query = repeat(
            repeats, lambda: [self.kyoto, "--data", str(data), "query", "--format", "tsv", COUNT]
        )
        toml_export = repeat(
            repeats,
            lambda: [self.kyoto, "--data", str(data), "export", "--format", "turtle",
                     "-o", str(base / "export-from-toml.ttl")],
        )
        r["toml_pipeline"] = {
            "query_s": median([m.seconds for m in toml_query]),
            "export_s": median([m.seconds for m in toml_export]),
            "rss": max(m.rss for m in toml_query + toml_export),
        }

        # The kyoto-kg pipeline: build the store, run every named query, export Turtle.
        build_key = DISK_DEFAULT if store_ok else MEMORY_DEFAULT
        kyoto_pipeline = (
            r["load"][build_key]["s"]
            + sum(q["s"] for q in cli.values())
            + exports["turtle"]["s"]
        )
        kyoto_pipeline_rss = max(
            r["load"][build_key]["rss"],
            max(q["rss"] for q in cli.values()),
            exports["turtle"]["rss"],
        )
        r["pipeline"] = {"kyoto": {"s": kyoto_pipeline, "rss": kyoto_pipeline_rss}}
        if not args.skip_rdflib:
            log(f"scale {scale}: rdflib pipeline, {args.rdflib_repeat} run(s)")
            runs = repeat(
                args.rdflib_repeat,
                lambda: [
                    self.python,
                    str(HERE / "rdflib_pipeline.py"),
                    str(nt),
                    str(base / "queries"),
                    str(base / "rdflib.ttl"),
                    str(args.rdflib_query_timeout),
                ],
            )
            reports = [json.loads(m.stdout) for m in runs]
            r["pipeline"]["rdflib"] = {
                "s": median([m.seconds for m in runs]),
                "rss": max(m.rss for m in runs),
                "parse_s": median([x["parse_s"] for x in reports]),
                "query_s": median([x["query_s"] for x in reports]),
                "serialize_s": median([x["serialize_s"] for x in reports]),
                "count_s": median([x["count_s"] for x in reports]),
                "version": reports[0]["rdflib"],
                "queries": {
                    q: {
                        "s": median([x["queries"][q]["s"] for x in reports]),
                        "rows": reports[0]["queries"][q]["rows"],
                        "timeout": any(x["queries"][q]["timeout"] for x in reports),
                    }
                    for q in reports[0]["queries"]
                },
            }

        # 6. Endpoints.
        if not args.skip_endpoint:
            if self.loadgen:
                self.endpoints(scale, r, source, disk / "oxigraph", queries, base)
            else:
                log(f"scale {scale}: no --loadgen given, endpoint runs skipped")

        r["load_after"] = load_average()
        fresh(shm)
        if not args.keep:
            for path in [nt, base / "rdflib.ttl", *base.glob("export.*"), *base.glob("oxigraph-dump*")]:
                if path.exists():
                    path.unlink()

    def endpoints(self, scale, r, source, ox_store, queries, base) -> None:
        args = self.args
        servers = {}
        port = free_port()
        kyoto_cmd = [
            self.kyoto, "serve", *source, "--bind", f"127.0.0.1:{port}",
            "--timeout", "600s", "--max-results", "100000000",
        ]
        if args.workers:
            kyoto_cmd += ["--workers", str(args.workers)]
        servers[f"kyoto-kg serve {source[0]}"] = kyoto_cmd, port
        if self.oxigraph and ox_store.exists():
            port = free_port()
            servers["oxigraph serve-read-only"] = (
                [
                    self.oxigraph, "serve-read-only", "--location", str(ox_store),
                    "--bind", f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "600",
                ],
                port,
            )
        listing = base / "queries.txt"
        listing.write_text("\n".join(str(q) for q in queries) + "\n")
        r["endpoint"] = {}
        for name, (cmd, port) in servers.items():
            log(f"scale {scale}: {name}")
            ready = []
            for _ in range(args.repeat):
                server = Server(cmd, port)
                ready.append(server.ready_seconds)
                server.stop()
            server = Server(cmd, port)
            e = {"ready_s": median(ready), "single": {}, "load": {}}
            try:
                for q in queries:
                    text = q.read_text()
                    times, rows = [], None
                    for _ in range(args.repeat):
                        t = time.perf_counter()
                        status, body = post_query(port, text)
                        times.append(time.perf_counter() - t)
                        if status != 200:
                            sys.exit(f"{name}: {q.stem} answered {status}: {body[:500]!r}")
                        rows = rows_of(body)
                    e["single"][q.stem] = {"s": median(times), "rows": rows}
                for connections in args.connections:
                    # A fixed set of requests (see benches/loadgen.rs): at least --rounds times
                    # every query, and at least one request per connection.
                    rounds = max(args.rounds, -(-connections // len(queries)))
                    out = subprocess.run(
                        [
                            self.loadgen, "--url", f"http://127.0.0.1:{port}/sparql",
                            "--queries", str(listing), "--connections", str(connections),
                            "--requests", str(rounds * len(queries)),
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                    e["load"][str(connections)] = json.loads(out)
                e["rss"] = server.peak_memory()
            finally:
                server.stop()
            r["endpoint"][name] = e


def is_graph_query(text: str) -> bool:
    """Whether a query is a CONSTRUCT or DESCRIBE (its results are triples)."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return re.search(r"^\s*(CONSTRUCT|DESCRIBE)\b", body, re.M | re.I) is not None


def try_canonical(kyoto, source, base, repeats):
    """`export --canonical`, if this kyoto-kg has it (issue 5); else None."""
    help_text = subprocess.run([kyoto, "export", "--help"], capture_output=True, text=True).stdout
    if "--canonical" not in help_text:
        return None
    out = base / "export.canonical.nq"
    runs = repeat(
        repeats,
        lambda: [kyoto, "export", *source, "--format", "nquads", "--canonical", "-o", str(out)],
    )
    return export_stats(runs, out)


def export_stats(runs: list[Measured], out: pathlib.Path) -> dict:
    """The median time, the size of the file `out` written and the peak memory of export runs."""
    return {
        "s": median([m.seconds for m in runs]),
        "bytes": out.stat().st_size,
        "rss": max(m.rss for m in runs),
    }


def stats(runs: list[Measured], triples: int) -> dict:
    s = median([m.seconds for m in runs])
    rss = max(m.rss for m in runs)
    return {
        "s": s,
        "runs": [m.seconds for m in runs],
        "triples_per_s": triples / s,
        "rss": rss,
        "bytes_per_triple": rss / triples,
    }


def machine() -> dict:
    cpu = ""
    for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = pathlib.Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem) / 1024 / 1024, 1),
        "kernel": os.uname().release,
    }


# --- The report --------------------------------------------------------------------------


def fmt_s(s: float) -> str:
    if s < 0.001:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_n(n: float) -> str:
    return f"{n:,.0f}"


def fmt_mb(b: float) -> str:
    return f"{b / 1e6:,.0f} MB"


def goals(r: dict, load: dict, p: dict) -> list[str]:
    """The ratios issue 18 sets as goals, each with its target."""
    out = ["", "### Goals (issue 18)", "", "| ratio | measured | goal |", "|---|---:|---:|"]

    def speed(a, b):
        return load[b]["s"] / load[a]["s"] if a in load and b in load else None

    x = speed(DISK_DEFAULT, "oxigraph load (disk)")
    if x is not None:
        out.append(f"| default `build --store` (validating) vs `oxigraph load` (disk), speed | {x:.2f}x | >= 1.0x |")
    if MEMORY_DEFAULT in load and MEMORY_BARE in load:
        t = load[MEMORY_DEFAULT]["s"] / load[MEMORY_BARE]["s"]
        out.append(f"| default in-memory `build` vs `build --no-validate`, time | {t:.2f}x | <= 1.5x |")
    tp = r.get("toml_pipeline")
    if tp and "rdflib" in p:
        x = p["rdflib"]
        ours = tp["query_s"] + tp["export_s"]
        theirs = x["parse_s"] + x["count_s"] + x["serialize_s"]
        out.append(
            f"| rdflib (parse {fmt_s(x['parse_s'])} + count {fmt_s(x['count_s'])} + Turtle "
            f"{fmt_s(x['serialize_s'])}) vs `query --data` {fmt_s(tp['query_s'])} + `export --data "
            f"--format turtle` {fmt_s(tp['export_s'])}, speed-up | {theirs / ours:.1f}x | >= 20x |"
        )
    return out


def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# kyoto-kg benchmarks",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, Linux {m['kernel']}. "
        f"Load average (1, 5, 15 min) before: {results['load_before']}, after: {results.get('load_after', '?')}.",
        "",
    ]
    for scale, r in results["scales"].items():
        lines += [
            f"## {fmt_n(r['triples'])} triples (--scale {scale})",
            "",
            f"Load average during this scale: {r['load_before']} -> {r.get('load_after', '?')}.",
            "",
            "### Convert + load",
            "",
            "| what | median | triples/s | peak memory | bytes/triple | vs oxigraph load "
            "| vs oxigraph load of the N-Quads |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        load = r["load"]
        pairs = {
            MEMORY_BARE: "oxigraph load (tmpfs)",
            MEMORY_DEFAULT: "oxigraph load (tmpfs)",
            DISK_DEFAULT: "oxigraph load (disk)",
            DISK_AS_LOADED: "oxigraph load (disk)",
            DISK_COMPACTED: "oxigraph load (disk)",
        }
        same_quads = {DISK_DEFAULT: OX_NQUADS, DISK_AS_LOADED: OX_NQUADS, DISK_COMPACTED: OX_NQUADS}

        def ratio(what, x, against):
            if what in against and against[what] in load:
                return f"{x['triples_per_s'] / load[against[what]]['triples_per_s']:.2f}x"
            return ""

        for what, x in load.items():
            lines.append(
                f"| {what} | {fmt_s(x['s'])} | {fmt_n(x['triples_per_s'])} | {fmt_mb(x['rss'])} "
                f"| {x['bytes_per_triple']:,.0f} | {ratio(what, x, pairs)} "
                f"| {ratio(what, x, same_quads)} |"
            )
        p = r["pipeline"]
        lines += goals(r, load, p)
        lines += [
            "",
            "### Pipeline: build + every named query + Turtle export",
            "",
            "| what | median | peak memory | bytes/triple | speed-up of kyoto-kg |",
            "|---|---:|---:|---:|---:|",
            f"| kyoto-kg (build{' --store' if r.get('store') else ''}, {len(r['query_cli'])} x query, Turtle export) | {fmt_s(p['kyoto']['s'])} "
            f"| {fmt_mb(p['kyoto']['rss'])} | {p['kyoto']['rss'] / r['triples']:,.0f} | |",
        ]
        if "rdflib" in p:
            x = p["rdflib"]
            lines.append(
                f"| rdflib {x['version']} (parse {fmt_s(x['parse_s'])}, queries {fmt_s(x['query_s'])}"
                f"{', some stopped at the limit: a lower bound' if any(q.get('timeout') for q in x['queries'].values()) else ''}, "
                f"Turtle {fmt_s(x['serialize_s'])}) | {fmt_s(x['s'])} | {fmt_mb(x['rss'])} "
                f"| {x['rss'] / r['triples']:,.0f} | {x['s'] / p['kyoto']['s']:.1f}x |"
            )
        eps = r.get("endpoint", {})
        header = f"| query | rows | kyoto-kg query {'--store' if r.get('store') else '--data'} (process) |"
        rule = "|---|---:|---:|"
        for name in eps:
            header += f" {name} (one request) |"
            rule += "---:|"
        if "rdflib" in p:
            header += " rdflib (in process) |"
            rule += "---:|"
        lines += ["", "### Named-query latency (median)", "", header, rule]
        for q, x in r["query_cli"].items():
            row = f"| {q} | {x['rows']} | {fmt_s(x['s'])} |"
            for name, e in eps.items():
                s = e["single"].get(q)
                row += f" {fmt_s(s['s'])}{'' if s['rows'] == x['rows'] else ' (rows: ' + str(s['rows']) + ')'} |" if s else " |"
            if "rdflib" in p:
                s = p["rdflib"]["queries"].get(q)
                if s and s.get("timeout"):
                    row += f" > {fmt_s(s['s'])} (stopped) |"
                else:
                    row += f" {fmt_s(s['s'])}{'' if s['rows'] == x['rows'] else ' (rows: ' + str(s['rows']) + ')'} |" if s else " |"
            lines.append(row)
        lines += [
            "",
            f"### Export (kyoto-kg export {'--store' if r.get('store') else '--data'}, whole process)",
            "",
            "| format | median | size | MB/s | triples/s | peak memory |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for f, x in r["export"].items():
            lines.append(
                f"| {f} | {fmt_s(x['s'])} | {fmt_mb(x['bytes'])} | {x['bytes'] / 1e6 / x['s']:.1f} "
                f"| {fmt_n(r['triples'] / x['s'])} | {fmt_mb(x['rss'])} |"
            )
        if eps:
            names = list(eps)
            lines += [
                "",
                "### Endpoint under load (benches/loadgen.rs: a fixed set of named queries, round robin)",
                "",
                "| connections | " + " | ".join(f"{n}: requests in time: req/s, p50, p99" for n in names)
                + (" | throughput ratio |" if len(names) == 2 else " |"),
                "|---:|" + "---:|" * len(names) + ("---:|" if len(names) == 2 else ""),
            ]
            for c in eps[names[0]]["load"]:
                row = f"| {c} |"
                for n in names:
                    x = eps[n]["load"].get(c)
                    bad = f", {x['failed']} failed ({x['first_failure']})" if x and x["failed"] else ""
                    row += f" {x['requests']} in {fmt_s(x['seconds'])}: {x['requests_per_s']:.2f}, {fmt_s(x['p50_s'])}, {fmt_s(x['p99_s'])}{bad} |" if x else " |"
                if len(names) == 2:
                    a, b = eps[names[0]]["load"].get(c), eps[names[1]]["load"].get(c)
                    row += f" {a['requests_per_s'] / b['requests_per_s']:.2f}x |" if a and b and b["requests_per_s"] else " |"
                lines.append(row)
            lines += [
                "",
                "| server | ready to answer (median of starts) | peak memory (server + workers) |",
                "|---|---:|---:|",
            ]
            for n, e in eps.items():
                lines.append(f"| {n} | {fmt_s(e['ready_s'])} | {fmt_mb(e['rss'])} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kyoto", type=pathlib.Path, required=True)
    parser.add_argument("--oxigraph", type=pathlib.Path)
    parser.add_argument("--python", type=pathlib.Path, default=pathlib.Path(sys.executable))
    parser.add_argument("--loadgen", type=pathlib.Path,
                        help="the load generator (benches/loadgen.rs); without it the endpoint runs are skipped")
    parser.add_argument("--work", type=pathlib.Path, required=True)
    parser.add_argument("--scales", nargs="+", default=["1e5", "1e6"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--rdflib-query-timeout", type=int, default=600,
                        help="seconds after which an rdflib query is stopped (its time is then a lower bound)")
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--rounds", type=int, default=3,
                        help="times each named query is sent per endpoint run (more with more connections)")
    parser.add_argument("--workers", type=int, help="kyoto-kg serve --workers")
    parser.add_argument("--skip-rdflib", action="store_true")
    parser.add_argument("--skip-endpoint", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the exported files")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    for scale in args.scales:
        bench.scale(scale)
        (args.work / "results.json").write_text(json.dumps(bench.results, indent=2))
    bench.results["load_after"] = load_average()
    (args.work / "results.json").write_text(json.dumps(bench.results, indent=2))
    text = report(bench.results)
    (args.work / "report.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
