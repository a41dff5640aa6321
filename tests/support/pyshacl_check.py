#!/usr/bin/env python3
"""Validates RDF files with pySHACL and sets its results beside those of a kyoto-kg report.

Usage: pyshacl_check.py SHAPES.ttl KYOTO-REPORT.ttl DATA-FILE...

Prints one JSON object: {"pyshacl": RESULTS, "kyoto": RESULTS}, where RESULTS is the sorted
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
    shapes_path, kyoto_report_path, *data_paths = sys.argv[1:]
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    data = rdflib.Graph()
    for path in data_paths:
        data.parse(path, format=rdflib.util.guess_format(path) or "turtle")
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=False
    )
    kyoto = rdflib.Graph().parse(kyoto_report_path, format="turtle")
    json.dump({"pyshacl": results(report), "kyoto": results(kyoto)}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
