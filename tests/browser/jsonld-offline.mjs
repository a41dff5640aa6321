// JSON-LD offline (issue 16, part 5): expands a kyoto-kg JSON-LD file that refers to its context
// by IRI (`export --context-url https://w3id.org/kyoto-kg/context.jsonld`) with jsonld.js and
// the document loader docs/publish.md shows, which serves the context from the release's
// `context.jsonld` and refuses every other URL, so nothing is fetched. Run by
// tests/jsonld_offline.rs:
//
//   node jsonld-offline.mjs DOCUMENT.jsonld CONTEXT.jsonld
//
// Prints the N-Quads (one quad a line) on standard output.
import jsonld from "jsonld";
import { readFileSync } from "node:fs";

const [documentPath, contextPath] = process.argv.slice(2);

// --- the loader of docs/publish.md ---
const local = {
  "https://w3id.org/kyoto-kg/context.jsonld": JSON.parse(readFileSync(contextPath, "utf8")),
};
const documentLoader = async (url) => {
  if (url in local) return { contextUrl: null, documentUrl: url, document: local[url] };
  throw new Error(`offline: not loading ${url}`);
};
// ---

const doc = JSON.parse(readFileSync(documentPath, "utf8"));
const nquads = await jsonld.toRDF(doc, { format: "application/n-quads", documentLoader });
process.stdout.write(nquads);
