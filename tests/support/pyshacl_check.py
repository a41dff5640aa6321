#!/usr/bin/env python3
"""Validates RDF files with pySHACL and sets its results beside those of a kyoto-kg report.

Usage: pyshacl_check.py SHAPES.ttl CASES.json

CASES.json is a list of cases, each {"report": KYOTO-REPORT.ttl, "data": [DATA-FILE, ...]}
(pySHACL starts once for all of them: it takes seconds to start). Prints a JSON list with, for
each case, {"pyshacl": RESULTS, "kyoto": RESULTS}, where RESULTS is the sorted
list of the report's top-level SHACL results, each as [focus node, constraint component,
value] (the value empty when it is a blank node or absent). kyoto-kg's own quality checks,
which its report adds as results of check:... shapes, are left out: pySHACL runs the shapes
only. Blank-node shapes and paths are not compared (each parser names blank nodes its own way).
Used by tests/pyshacl_agrees.rs.

SHACL-SPARQL's REGEX follows XPath, where `\\p{L}` is a Unicode category; Python's `re`, which
rdflib's REGEX uses, has no categories. The label shapes use them, so rdflib's SPARQL operators
are given the `regex` module (a superset of `re` with XPath's categories) instead.
"""

import json
import sys

import pyshacl
import rdflib
import regex
import rdflib.plugins.sparql.operators as operators

operators.re = regex

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
CHECKS = "https://w3id.org/kyoto-kg/checks#"


def results(report: rdflib.Graph) -> list[list[str]]:
    out = []
    for r in report.objects(None, SH.result):
        shape = report.value(r, SH.sourceShape)
        if shape is not None and str(shape).startswith(CHECKS):
            continue
        value = report.value(r, SH.value)
        out.append([
            str(report.value(r, SH.focusNode)),
            str(report.value(r, SH.sourceConstraintComponent)),
            "" if value is None or isinstance(value, rdflib.BNode) else value.n3(),
        ])
    return sorted(out)


def main() -> None:
    shapes_path, cases_path = sys.argv[1:]
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    out = []
    for case in cases:
        data = rdflib.Graph()
        for path in case["data"]:
            data.parse(path, format=rdflib.util.guess_format(path) or "turtle")
        _, report, text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=False
        )
        if not isinstance(report, rdflib.Graph):
            sys.exit(f"pySHACL could not validate {case['data']}: {text}")
        kyoto = rdflib.Graph().parse(case["report"], format="turtle")
        out.append({"pyshacl": results(report), "kyoto": results(kyoto)})
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
