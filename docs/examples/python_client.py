# Queries a running `kyoto-kg serve` with SPARQLWrapper and rdflib, unmodified.
# Usage: pip install sparqlwrapper rdflib; python3 docs/examples/python_client.py [http://127.0.0.1:7878]
from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TURTLE, POST
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

import sys
ROOT = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:7878"
URL = ROOT + "/sparql"
q = """PREFIX kyoto: <https://w3id.org/kyoto-kg/ontology#>
PREFIX schema: <http://schema.org/>
SELECT ?session ?date WHERE { ?session a kyoto:ThematicSession ; schema:startDate ?date } ORDER BY ?date"""

w = SPARQLWrapper(URL)
w.setQuery(q)
w.setReturnFormat(JSON)
rows = w.query().convert()["results"]["bindings"]
print("SPARQLWrapper GET JSON:", len(rows), "sessions, first", rows[0]["date"]["value"], "last", rows[-1]["date"]["value"])

w.setMethod(POST)
w.setReturnFormat(XML)
doc = w.query().convert()
print("SPARQLWrapper POST XML:", len(doc.getElementsByTagName("result")), "results")

w2 = SPARQLWrapper(URL)
w2.setQuery("CONSTRUCT { ?s <http://schema.org/startDate> ?d } WHERE { ?s <http://schema.org/startDate> ?d ; a <https://w3id.org/kyoto-kg/ontology#ThematicSession> }")
w2.setReturnFormat(TURTLE)
g = rdflib.Graph().parse(data=w2.query().convert(), format="turtle")
print("SPARQLWrapper CONSTRUCT Turtle:", len(g), "triples")

store = SPARQLStore(URL)
g2 = rdflib.Graph(store=store)
res = list(g2.query(q))
print("rdflib SPARQLStore:", len(res), "rows; first", res[0][0], res[0][1])

try:
    w3 = SPARQLWrapper(URL)
    w3.setMethod(POST)
    w3.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    w3.query()
    print("update: accepted?!")
except Exception as e:
    print("update refused:", type(e).__name__, str(e).splitlines()[0][:120])

g3 = rdflib.Graph().parse(ROOT + "/id/session/2022-2", format="turtle")
print("rdflib dereference (Turtle):", len(g3), "triples about session 2022-2")
g4 = rdflib.Graph().parse(ROOT + "/id/session/2022-2.jsonld", format="json-ld")
print("rdflib dereference (JSON-LD):", len(g4), "triples")
