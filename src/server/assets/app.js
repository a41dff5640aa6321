// The query editor of kyoto-kg's home page. The page works without this script: its two forms
// send `/?q=NAME` and `/?query=TEXT`, which the server runs and answers with the results or the
// error. With it, YASGUI (served by kyoto-kg, so it works offline) replaces the text area with
// its editor (YASQE: highlighting, syntax check, completion of prefixes, of the graph's classes
// and properties, and of variables) and the results with its viewer (YASR: a sortable, paged,
// filterable table, the raw response, downloads). Queries go to this server's endpoint; IRIs of
// the graph link to their pages here. Nothing is fetched from anywhere else.
(function () {
  "use strict";
  const script = document.currentScript;
  const base = script.dataset.base;
  const root = script.dataset.root;
  const Y = window.Yasgui;
  const textarea = document.getElementById("sparql");
  if (!Y || !Y.Yasqe || !Y.Yasr || !textarea) return; // the forms still work on their own
  const Yasqe = Y.Yasqe;
  const Yasr = Y.Yasr;
  const endpoint = new URL(root + "sparql", location.href).href;
  const queries = JSON.parse(document.getElementById("queries").textContent);
  const prefixes = Object.fromEntries(JSON.parse(document.getElementById("prefixes").textContent));
  const select = document.getElementById("named");
  const status = document.getElementById("status");
  const results = document.getElementById("results");

  // Completion from this graph, never from the network: YASQE's class and property
  // completers ask Linked Open Vocabularies; ours ask this endpoint once, for the classes and
  // properties the graph uses. Prefixes come from the server's map (prefixes.json).
  async function values(query, variable) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
      body: query,
    });
    if (!response.ok) return [];
    const json = await response.json();
    return json.results.bindings.map((b) => b[variable] && b[variable].value).filter(Boolean);
  }
  function fromGraph(name, query, variable) {
    const original = Yasqe.Autocompleters[name];
    if (!original) return;
    Yasqe.registerAutocompleter(
      Object.assign({}, original, {
        name: "kyoto-" + name,
        bulk: true,
        autoShow: false,
        get: () => values(query, variable),
        // A prefixed name with a predefined prefix (not declared in the query) is completed
        // against the full IRIs too.
        preProcessToken(yasqe, token) {
          const processed = original.preProcessToken(yasqe, token);
          const prefix = processed.tokenPrefix;
          if (prefix && !processed.tokenPrefixUri && prefixes[prefix.slice(0, -1)]) {
            processed.tokenPrefixUri = prefixes[prefix.slice(0, -1)];
            processed.autocompletionString =
              processed.tokenPrefixUri + processed.string.trim().substring(prefix.length);
          }
          return processed;
        },
      }),
    );
  }
  fromGraph("class", "SELECT DISTINCT ?c WHERE { [] a ?c } ORDER BY ?c", "c");
  fromGraph("property", "SELECT DISTINCT ?p WHERE { [] ?p [] } ORDER BY ?p", "p");
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter(
    (name) => name !== "class" && name !== "property",
  );
  Yasr.plugins.table.defaults.openIriInNewWindow = false;

  // The endpoint predefines the project's prefixes (a query needs no PREFIX line for them):
  // YASQE's syntax check must know them too, or it marks `kyoto:Topic` as undefined.
  const sparqlMode = Yasqe.modes && Yasqe.modes.sparql11;
  if (sparqlMode) {
    Yasqe.defineMode("sparql11", function (config, parserConfig) {
      const mode = sparqlMode(config, parserConfig);
      const start = mode.startState;
      mode.startState = function () {
        const state = start.apply(this, arguments);
        state.prefixes = Object.assign({}, prefixes, state.prefixes);
        return state;
      };
      return mode;
    });
  }

  const host = document.createElement("div");
  host.id = "editor";
  textarea.hidden = true;
  textarea.after(host);
  const yasqe = new Yasqe(host, {
    value: textarea.value,
    persistenceId: null,
    prefixCcApi: new URL(root + "prefixes.json", location.href).href,
    editorHeight: "22rem",
    requestConfig: {
      endpoint,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
    },
    // The link of the share button is the page's own form address: it works for anyone, with
    // or without JavaScript.
    createShareableLink: (y) => new URL(root + "?query=" + encodeURIComponent(y.getValue()), location.href).href,
    consumeShareLink: null,
  });
  const yasrHost = document.createElement("div");
  yasrHost.id = "yasr";
  results.after(yasrHost);
  const yasr = new Yasr(yasrHost, {
    persistenceId: null,
    prefixes,
    pluginOrder: ["table", "response"],
    defaultPlugin: "table",
    getDownloadFileName: () => (select && select.value ? select.value : "query") + "-results",
  });

  // IRIs of the graph open their page on this server (the table links to the IRI itself).
  function local(event) {
    const a = event.target.closest && event.target.closest("a[href]");
    const href = a && a.getAttribute("href");
    if (href && href.startsWith(base)) {
      a.setAttribute("href", root + href.slice(base.length));
      a.removeAttribute("target");
    }
  }
  for (const type of ["mousedown", "focusin", "touchstart", "mouseover"]) {
    yasrHost.addEventListener(type, local, { capture: true, passive: true });
  }

  let reveal = false;
  function say(text, error) {
    status.textContent = text;
    status.className = error ? "error" : "";
  }
  yasqe.on("change", () => {
    textarea.value = yasqe.getValue();
  });
  yasqe.on("query", () => {
    status.removeAttribute("data-rows");
    say("Running…", false);
  });
  yasqe.on("queryResponse", (_yasqe, response, duration) => {
    results.replaceChildren(); // the server's results, if any, are now stale
    yasr.setResponse(response, duration);
    if (response instanceof Error) {
      // The server's message already starts with its status ("400 Bad Request: ...").
      say(response.message.trim(), true);
    } else {
      const parsed = yasr.results;
      const truncated = response.headers && response.headers.get("X-Kyoto-Truncated");
      const ms = Math.round(duration);
      const answer = parsed ? parsed.getBoolean() : undefined;
      if (answer !== undefined) {
        say("Answer: " + (answer ? "yes" : "no") + " in " + ms + " ms", false);
      } else {
        const n = parsed && parsed.getBindings() ? parsed.getBindings().length : 0;
        const unit = yasqe.getQueryType() === "CONSTRUCT" || yasqe.getQueryType() === "DESCRIBE" ? "triple" : "row";
        status.dataset.rows = String(n);
        say(n + " " + unit + (n === 1 ? "" : "s") + " in " + ms + " ms" +
          (truncated ? " (cut at " + truncated + " " + unit + "s: add a LIMIT)" : ""), false);
      }
    }
    if (reveal) {
      reveal = false;
      status.scrollIntoView({ block: "start" });
    }
  });
  function run() {
    reveal = true;
    yasqe.query().catch(() => {}); // failures are shown by the queryResponse handler
  }
  function choose(name) {
    const q = queries.find((q) => q.name === name);
    if (!q) return;
    yasqe.setValue(q.text);
    history.replaceState(null, "", root + "?q=" + encodeURIComponent(name));
  }

  if (select) {
    select.addEventListener("change", () => choose(select.value));
    select.form.addEventListener("submit", (event) => {
      event.preventDefault();
      choose(select.value);
      run();
    });
  }
  textarea.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  // Arriving with a query (`?q=NAME`, `?query=...`): the server's results are shown; run it
  // in the editor too, for the sortable table, and bring the results into view.
  const asked = new URLSearchParams(location.search);
  if (asked.has("q") || asked.has("query")) run();
})();
