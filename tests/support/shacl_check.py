"""Validates an RDF file against a SHACL shapes file with pySHACL, as DCAT-AP users do.

Usage: python shacl_check.py SHAPES.ttl DATA.ttl
Prints "violations N" and, for each, "violation FOCUS PATH MESSAGE"; exits 0 when the data
conforms, 1 when it does not, 2 on an error.

The official DCAT-AP 3.0.1 shapes name two property shapes of dcat:DataServiceShape that the file
never defines (SEMICeu/DCAT-AP issue 448: Jena refuses the file, pySHACL stops with "not a
well-formed SHACL PropertyShape" as soon as the data has a dcat:DataService). Those two dangling
`sh:property` links, and only those, are dropped before validating; the shapes file stays as
published. Each dropped link is printed as "dropped SHAPE PROPERTY-SHAPE".
"""

import sys

import rdflib
from pyshacl import validate
from rdflib.namespace import SH


def main():
    shapes = rdflib.Graph().parse(sys.argv[1], format="turtle")
    data = rdflib.Graph().parse(sys.argv[2], format="turtle")
    for shape, property_shape in list(shapes.subject_objects(SH.property)):
        if (property_shape, None, None) not in shapes:
            print("dropped", shape, property_shape)
            shapes.remove((shape, SH.property, property_shape))
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none")
    violations = sorted(
        (
            str(report.value(result, SH.focusNode)),
            str(report.value(result, SH.resultPath)),
            str(report.value(result, SH.resultMessage)),
        )
        for result in report.subjects(rdflib.RDF.type, SH.ValidationResult)
    )
    print("violations", len(violations))
    for focus, path, message in violations:
        print("violation", focus, path, message)
    sys.exit(0 if conforms else 1)


if __name__ == "__main__":
    main()
