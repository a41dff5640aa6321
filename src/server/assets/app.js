// The query editor of kyoto-kg's home page: plain JavaScript, no libraries (works offline).
// Runs the chosen query against the SPARQL endpoint and shows the results as a table whose
// IRIs link to their pages.
(function () {
  "use strict";
  const script = document.currentScript;
  const base = script.dataset.base;
  const root = script.dataset.root;
  const queries = JSON.parse(document.getElementById("queries").textContent);
  const select = document.getElementById("named");
  const editor = document.getElementById("sparql");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  const prefixes = JSON.parse(document.getElementById("prefixes").textContent);
  function href(iri) {
    return iri.startsWith(base) ? root + iri.slice(base.length) : iri;
  }
  function short(iri) {
    let best = null;
    for (const [name, ns] of prefixes) {
      if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [name, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = href(term.value);
      a.title = term.value;
      a.textContent = short(term.value);
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term["xml:lang"]) td.title = "@" + term["xml:lang"];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }
  function table(json) {
    const t = document.createElement("table");
    t.className = "results";
    const head = t.createTHead().insertRow();
    for (const v of json.head.vars) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    }
    const body = t.createTBody();
    for (const row of json.results.bindings) {
      const tr = body.insertRow();
      for (const v of json.head.vars) tr.appendChild(cell(row[v]));
    }
    return t;
  }
  function choose(name) {
    const q = queries.find((q) => q.name === name);
    if (q) editor.value = q.text;
  }
  async function run() {
    results.replaceChildren();
    status.className = "";
    status.textContent = "Running…";
    const started = performance.now();
    try {
      const response = await fetch(root + "sparql", {
        method: "POST",
        headers: {
          "Content-Type": "application/sparql-query",
          Accept: "application/sparql-results+json, text/turtle;q=0.9",
        },
        body: editor.value,
      });
      const text = await response.text();
      if (!response.ok) {
        status.className = "error";
        status.textContent = response.status + " " + response.statusText + ": " + text;
        return;
      }
      const ms = Math.round(performance.now() - started);
      const truncated = response.headers.get("X-Kyoto-Truncated");
      const type = response.headers.get("Content-Type") || "";
      if (type.startsWith("application/sparql-results+json")) {
        const json = JSON.parse(text);
        if ("boolean" in json) {
          status.textContent = "Answer: " + json.boolean + " (" + ms + " ms)";
          return;
        }
        const n = json.results.bindings.length;
        status.textContent = n + " row" + (n === 1 ? "" : "s") + " in " + ms + " ms" +
          (truncated ? " (cut at " + truncated + " rows: add a LIMIT)" : "");
        results.appendChild(table(json));
      } else {
        status.textContent = "RDF graph in " + ms + " ms";
        const pre = document.createElement("pre");
        pre.className = "rdf";
        pre.textContent = text;
        results.appendChild(pre);
      }
    } catch (e) {
      status.className = "error";
      status.textContent = "The request failed: " + e;
    }
  }
  select.addEventListener("change", () => choose(select.value));
  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run();
  });
  const wanted = new URLSearchParams(location.search).get("q");
  if (wanted && queries.some((q) => q.name === wanted)) select.value = wanted;
  choose(select.value);
  if (wanted) run();
})();
