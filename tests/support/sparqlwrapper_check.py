"""Queries a kyoto-kg endpoint with SPARQLWrapper, unmodified, in each return format it offers.

Usage: python sparqlwrapper_check.py ENDPOINT
Prints one line per case, "CASE COUNT": the dates of the thematic sessions (SELECT, as JSON, XML,
CSV), whether there is one (ASK), and the session-date triples (CONSTRUCT, as JSON-LD, N3,
Turtle, RDF/XML), each as SPARQLWrapper's convert() gives them (N3 and Turtle parsed by rdflib). Exits non-zero on any error.
"""

import sys

import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

PREFIXES = """PREFIX kyoto: <https://w3id.org/kyoto-kg/ontology#>
PREFIX schema: <http://schema.org/>
"""
SELECT = PREFIXES + "SELECT ?date WHERE { ?s a kyoto:ThematicSession ; schema:startDate ?date }"
ASK = PREFIXES + "ASK { ?s a kyoto:ThematicSession }"
CONSTRUCT = (
    PREFIXES
    + "CONSTRUCT { ?s schema:startDate ?date } WHERE { ?s a kyoto:ThematicSession ; schema:startDate ?date }"
)
SCHEMA_START_DATE = "http://schema.org/startDate"


def run(endpoint, query, return_format):
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    return client.query().convert()


def main():
    endpoint = sys.argv[1]
    dates = run(endpoint, SELECT, JSON)["results"]["bindings"]
    print("select-json", len(dates))
    xml = run(endpoint, SELECT, XML)
    print("select-xml", len(xml.getElementsByTagName("result")))
    csv = run(endpoint, SELECT, CSV).decode("utf-8").strip().splitlines()
    print("select-csv", len(csv) - 1)
    print("ask-json", int(run(endpoint, ASK, JSON)["boolean"]))
    for name, return_format in [
        ("construct-jsonld", JSONLD),
        ("construct-n3", N3),
        ("construct-turtle", TURTLE),
        ("construct-rdfxml", RDFXML),
        ("construct-xml", XML),
    ]:
        graph = run(endpoint, CONSTRUCT, return_format)
        if isinstance(graph, bytes):
            # convert() leaves N3 and Turtle as the bytes received; users parse them with rdflib.
            graph = rdflib.Graph().parse(data=graph.decode("utf-8"), format="turtle")
        count = sum(1 for (_, p, _) in graph if str(p) == SCHEMA_START_DATE)
        print(name, count)


if __name__ == "__main__":
    main()
