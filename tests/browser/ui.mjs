// The real-browser tests of kyoto-kg's UI (issue 16, part 7), run by tests/browser.rs against a
// running `kyoto-kg serve`:
//
//   node tests/browser/ui.mjs http://127.0.0.1:PORT/ [--screenshot FILE]
//
// It drives Debian's headless Chromium (CHROMIUM, default /usr/bin/chromium; puppeteer-core never
// downloads a browser) and checks, as a user would see it:
// - every named query, picked from the list and run in the editor (YASGUI), shows the number of
//   rows (or triples) the SPARQL endpoint gives for the same text, and the editor holds that text;
// - a bad query shows the endpoint's message once ("400 Bad Request: ...", not twice);
// - arriving at /?q=NAME brings the results into view;
// - no page scrolls sideways at 390 px (a phone) and at 1280 px, wide results included;
// - with JavaScript off, /?q=NAME, /?query=TEXT and the form itself render the results table or
//   the error on the server;
// - no console errors, no uncaught exceptions, no failed requests, no request off this server.
// Every failure is printed; the exit status is 1 if there was any.
import puppeteer from "puppeteer-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const base = args[0];
if (!base) {
  console.error("usage: node ui.mjs http://127.0.0.1:PORT/ [--screenshot FILE]");
  process.exit(2);
}
const shotAt = args.indexOf("--screenshot");
const screenshot = shotAt >= 0 ? args[shotAt + 1] : null;
const origin = new URL(base).origin;
const url = (path) => new URL(path, base).href;

const failures = [];
let checks = 0;
function check(ok, what) {
  checks += 1;
  if (!ok) failures.push(what);
}

// The server's own answer for a query: the count it puts in X-Kyoto-Result-Count.
async function serverCount(text) {
  const response = await fetch(url("sparql"), {
    method: "POST",
    headers: {
      "Content-Type": "application/sparql-query",
      Accept: "application/sparql-results+json, text/turtle;q=0.9",
    },
    body: text,
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`the endpoint answers ${response.status} to ${text}`);
  return Number(response.headers.get("x-kyoto-result-count"));
}

const profile = mkdtempSync(join(tmpdir(), "kyoto-kg-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
  ],
});

// Errors the page reports, and requests that fail or leave the server. A 4xx response is
// expected only for the pages that must give one, and for /sparql while a check sends a bad query
// (`expecting`); the browser's "Failed to load resource" line for such a response is expected too.
const alwaysExpected = /\/id\/no-such-thing$|[?&]query=SELEC\+|[?&]query=SELEC%20/;
let expecting = null;
const expectedFailures = new Set();
function watch(page, label) {
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location() && message.location().url;
    if (/Failed to load resource/.test(message.text()) && where && expectedFailures.has(where)) return;
    failures.push(`${label()}: console error: ${message.text()} (${where || "?"})`);
  });
  page.on("pageerror", (error) => failures.push(`${label()}: uncaught ${error.message}`));
  page.on("requestfailed", (request) => {
    const reason = request.failure() && request.failure().errorText;
    if (reason === "net::ERR_ABORTED" && request.resourceType() === "document") return;
    failures.push(`${label()}: request failed: ${request.url()} ${reason}`);
  });
  page.on("request", (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith("data:") && !target.startsWith("blob:")) {
      failures.push(`${label()}: a request off this server: ${target}`);
    }
  });
  page.on("response", (response) => {
    if (response.status() < 400) return;
    if (alwaysExpected.test(response.url()) || (expecting && expecting.test(response.url()))) {
      expectedFailures.add(response.url());
      return;
    }
    failures.push(`${label()}: ${response.status()} for ${response.url()}`);
  });
}

// How far the page reaches beyond the window, and the element that reaches furthest.
async function sideways(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const over = document.documentElement.scrollWidth - width;
    let widest = "";
    if (over > 0) {
      let right = 0;
      for (const element of document.body.querySelectorAll("*")) {
        const r = element.getBoundingClientRect().right;
        if (r > right) {
          right = r;
          widest = element.tagName.toLowerCase() + (element.className ? "." + String(element.className).split(" ").join(".") : "");
        }
      }
    }
    return { over, width, widest };
  });
}

let current = "";
const page = await browser.newPage();
watch(page, () => current);

try {
  // --- the editor: every named query, with the endpoint's counts --------------------------------
  current = "home";
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url(""), { waitUntil: "load" });
  await page.waitForSelector("#editor .CodeMirror", { timeout: 20000 });
  const queries = await page.evaluate(() => JSON.parse(document.getElementById("queries").textContent));
  check(queries.length > 0, "home: the page lists no named queries");
  // YASGUI replaces the text area: one editor on the page, not two.
  const textareaShown = await page.$eval("#sparql", (t) => t.getBoundingClientRect().height > 0);
  check(!textareaShown, "home: the plain text area is still shown beside YASGUI's editor");

  async function runInEditor() {
    await page.evaluate(() => {
      const status = document.getElementById("status");
      status.textContent = "";
      delete status.dataset.rows;
    });
    await page.click("#ask");
    await page.waitForFunction(
      () => {
        const text = document.getElementById("status").textContent.trim();
        return text !== "" && text !== "Running…";
      },
      { timeout: 60000 },
    );
    return page.evaluate(() => {
      const status = document.getElementById("status");
      const editor = document.querySelector("#editor .CodeMirror").CodeMirror.getValue();
      return {
        text: status.textContent.trim(),
        rows: status.dataset.rows === undefined ? null : Number(status.dataset.rows),
        error: status.classList.contains("error"),
        editor,
        table: document.querySelectorAll("#yasr table tbody tr").length,
        // YASQE's own syntax check (predefined prefixes need no PREFIX line).
        valid: document.querySelector("#editor .CodeMirror").CodeMirror.queryValid !== false &&
          !document.querySelector("#editor .CodeMirror .parseErrorIcon, #editor .CodeMirror-gutter-elt .parseErrorIcon"),
      };
    });
  }

  for (const q of queries) {
    current = `named query ${q.name}`;
    const expected = await serverCount(q.text);
    await page.select("#named", q.name);
    const shown = await runInEditor();
    check(!shown.error, `${current}: the editor shows an error: ${shown.text}`);
    check(shown.valid, `${current}: the editor marks the query as invalid`);
    check(shown.editor === q.text, `${current}: the editor does not hold the query's text`);
    check(
      shown.rows === expected,
      `${current}: the editor shows ${shown.rows} results ("${shown.text}"), the endpoint gives ${expected}`,
    );
    check(expected === 0 || shown.table > 0, `${current}: ${expected} results but no table rows shown`);
    const wide = await sideways(page);
    check(wide.over <= 0, `${current}: at ${wide.width} px the page scrolls sideways by ${wide.over} px (${wide.widest})`);
    console.log(`ok ${q.name}: ${shown.rows} (endpoint ${expected}) "${shown.text}"`);
  }

  // --- a bad query: the endpoint's message, once ----------------------------------------------
  current = "a bad query in the editor";
  expecting = /\/sparql$/;
  await page.evaluate(() => document.querySelector("#editor .CodeMirror").CodeMirror.setValue("SELEC * WHERE { ?s ?p ?o }"));
  await page.evaluate(() => {
    const status = document.getElementById("status");
    status.textContent = "";
  });
  await page.click("#run");
  await page.waitForFunction(
    () => {
      const text = document.getElementById("status").textContent.trim();
      return text !== "" && text !== "Running…";
    },
    { timeout: 60000 },
  );
  const bad = await page.evaluate(() => ({
    text: document.getElementById("status").textContent.trim(),
    error: document.getElementById("status").classList.contains("error"),
  }));
  check(bad.error, `${current}: not shown as an error: ${bad.text}`);
  check(/^400 Bad Request: .*error at 1:\d+/s.test(bad.text), `${current}: the message does not say where: ${bad.text}`);
  check((bad.text.match(/400 Bad Request/g) || []).length === 1, `${current}: the status is repeated: ${bad.text}`);
  console.log(`ok bad query: "${bad.text.split("\n")[0]}"`);

  // --- /?q=NAME: the results in view -----------------------------------------------------------
  current = "/?q=sdg16-coverage";
  await page.goto(url("?q=sdg16-coverage"), { waitUntil: "load" });
  expecting = null; // the bad query's answer has arrived: the page that showed it is gone
  await page.waitForFunction(
    () => document.getElementById("yasr") && document.querySelector("#yasr table tbody tr"),
    { timeout: 60000 },
  );
  await page.waitForFunction(() => {
    const r = document.getElementById("status").getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  }, { timeout: 10000 }).catch(() => {});
  const view = await page.evaluate(() => {
    const r = document.getElementById("status").getBoundingClientRect();
    return { top: Math.round(r.top), bottom: Math.round(r.bottom), height: window.innerHeight, y: Math.round(window.scrollY) };
  });
  check(view.top >= 0 && view.bottom <= view.height, `${current}: the results are not in view (status at ${view.top}..${view.bottom} of ${view.height}, scrolled ${view.y})`);
  const wide = await sideways(page);
  check(wide.over <= 0, `${current}: at 1280 px the page scrolls sideways by ${wide.over} px (${wide.widest})`);
  const card = await page.evaluate(() => {
    const section = document.querySelector("section.editor");
    return { scroll: section.scrollWidth, client: section.clientWidth };
  });
  check(card.scroll <= card.client, `${current}: the results are wider than their card (${card.scroll} > ${card.client} px)`);
  console.log(`ok ${current}: status in view at ${view.top}px, scrolled to ${view.y}`);

  // --- 390 px: no page scrolls sideways ---------------------------------------------------------
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.goto(url(""), { waitUntil: "load" });
  const links = await page.evaluate(() => {
    const first = (prefix) => {
      const a = document.querySelector(`a[href^="${prefix}"]`);
      return a ? a.getAttribute("href") : null;
    };
    return [first("/id/session/"), first("/id/topic/"), first("/id/pillar/")];
  });
  check(links.every(Boolean), `home: no link to a session, a topic and a pillar: ${links}`);
  const phonePages = ["", "?q=sdg16-coverage", ...links.filter(Boolean).map((l) => l.slice(1)), "ontology", "dataset", "releases/", "id/no-such-thing"];
  for (const path of phonePages) {
    current = `/${path} at 390 px`;
    const response = await page.goto(url(path), { waitUntil: "load" });
    if (path === "id/no-such-thing") check(response.status() === 404, `${current}: status ${response.status()}, not 404`);
    if (path.startsWith("?q=")) {
      await page.waitForFunction(() => document.querySelector("#yasr table tbody tr"), { timeout: 60000 });
    }
    const w = await sideways(page);
    check(w.over <= 0, `${current}: the page scrolls sideways by ${w.over} px (${w.widest})`);
    console.log(`ok ${current}: ${w.width} px wide, ${w.over > 0 ? w.over : 0} px too wide`);
  }

  // --- the release history (serve --releases, issue 17): every download link works ------------
  current = "/releases/";
  await page.goto(url("releases/"), { waitUntil: "load" });
  const releaseFiles = await page.$$eval('a[href^="/release/"]', (as) => as.map((a) => a.href));
  check(releaseFiles.length > 0, "/releases/: no download link");
  for (const href of releaseFiles) {
    const response = await fetch(href);
    check(response.ok, `/releases/: ${href} gave ${response.status}`);
  }
  console.log(`ok /releases/: ${releaseFiles.length} download links, each answered`);

  // --- the flaws issue 16 found: favicon, licence, vann labels ---------------------------------
  current = "pages";
  const icon = await fetch(url("favicon.ico"));
  const iconBytes = new Uint8Array(await icon.arrayBuffer());
  check(icon.status === 200 && icon.headers.get("content-type") === "image/x-icon" && iconBytes[2] === 1,
    `/favicon.ico: ${icon.status} ${icon.headers.get("content-type")}`);
  const description = await (await fetch(url("dataset"), { headers: { Accept: "text/turtle" } })).text();
  await page.goto(url("dataset"), { waitUntil: "load" });
  const licence = await page.$eval('a[rel="license"]', (a) => a.href).catch(() => null);
  check(licence !== null && description.includes(`<${licence}>`),
    `/dataset: the page shows the licence ${licence}, the description declares ${(description.match(/license\s+<([^>]+)>/) || [])[1]}`);
  await page.goto(url("ontology"), { waitUntil: "load" });
  const ontology = await page.evaluate(() => document.body.innerText);
  check(!ontology.includes("<http://purl.org/vocab/vann/") && ontology.includes("vann:preferredNamespacePrefix"),
    "/ontology: the VANN properties are not shown as vann:...");
  console.log(`ok pages: favicon, licence ${licence}, vann labels`);

  // --- JavaScript off: the server runs the form --------------------------------------------------
  await page.setViewport({ width: 1280, height: 900 });
  await page.setJavaScriptEnabled(false);
  const timeline = queries.find((q) => q.name === "timeline") || queries[0];
  const expected = await serverCount(timeline.text);
  current = `no JavaScript: /?q=${timeline.name}`;
  await page.goto(url(`?q=${timeline.name}`), { waitUntil: "load" });
  const noJs = await page.evaluate(() => ({
    rows: document.querySelectorAll("#results table.results tbody tr").length,
    text: document.getElementById("sparql").value,
    status: document.getElementById("status").textContent.trim(),
  }));
  check(noJs.rows === expected, `${current}: ${noJs.rows} table rows, the endpoint gives ${expected}`);
  check(noJs.text === timeline.text, `${current}: the text area does not hold the query`);
  console.log(`ok ${current}: ${noJs.rows} rows, "${noJs.status}"`);
  // Its download links give the same results in each format.
  const downloads = await page.$$eval("#results .downloads a", (links) => links.map((a) => [a.textContent, a.href]));
  check(downloads.length === 4, `${current}: ${downloads.length} download links`);
  for (const [name, href] of downloads) {
    const got = await fetch(href);
    await got.arrayBuffer();
    check(got.status === 200 && Number(got.headers.get("x-kyoto-result-count")) === expected,
      `${current}: the ${name} download answers ${got.status} with ${got.headers.get("x-kyoto-result-count")} results`);
  }

  current = "no JavaScript: the form";
  await page.goto(url(""), { waitUntil: "load" });
  const small = "SELECT ?pillar WHERE { ?pillar a kyoto:Pillar } ORDER BY ?pillar";
  const smallCount = await serverCount(small);
  await page.$eval("#sparql", (t, text) => { t.value = text; }, small);
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#run")]);
  const submitted = await page.evaluate(() => ({
    rows: document.querySelectorAll("#results table.results tbody tr").length,
    search: new URLSearchParams(location.search).get("query"),
    // The form's target is #results: the browser shows them, not the top of the page.
    top: Math.round(document.getElementById("results").getBoundingClientRect().top),
    height: window.innerHeight,
  }));
  check(submitted.top >= 0 && submitted.top < submitted.height, `${current}: the results are not in view (at ${submitted.top} px)`);
  check(submitted.search === small, `${current}: the form sent ${submitted.search}`);
  check(submitted.rows === smallCount && smallCount > 0, `${current}: ${submitted.rows} rows, the endpoint gives ${smallCount}`);
  console.log(`ok ${current}: ${submitted.rows} rows`);

  current = "no JavaScript: a named query from the list";
  await page.goto(url(""), { waitUntil: "load" });
  await page.select("#named", "pillars-with-discussions");
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click("#ask")]);
  const picked = await page.evaluate(() => ({
    rows: document.querySelectorAll("#results table.results tbody tr").length,
    q: new URLSearchParams(location.search).get("q"),
  }));
  const pickedQuery = queries.find((q) => q.name === "pillars-with-discussions");
  const pickedCount = pickedQuery ? await serverCount(pickedQuery.text) : -1;
  check(picked.q === "pillars-with-discussions" && picked.rows === pickedCount, `${current}: ?q=${picked.q}, ${picked.rows} rows, the endpoint gives ${pickedCount}`);
  console.log(`ok ${current}: ${picked.rows} rows`);

  current = "no JavaScript: /?query=<a bad query>";
  const response = await page.goto(url("?query=" + encodeURIComponent("SELEC * WHERE { ?s ?p ?o }")), { waitUntil: "load" });
  const error = await page.evaluate(() => ({
    text: document.getElementById("status").textContent.trim(),
    error: document.getElementById("status").classList.contains("error"),
    editor: document.getElementById("sparql").value,
  }));
  check(response.status() === 400, `${current}: status ${response.status()}, not 400`);
  check(error.error && /^400 Bad Request: .*error at 1:\d+/s.test(error.text), `${current}: the error is not shown: ${error.text}`);
  check((error.text.match(/400 Bad Request/g) || []).length === 1, `${current}: the status is repeated: ${error.text}`);
  check(error.editor === "SELEC * WHERE { ?s ?p ?o }", `${current}: the text area lost the query`);
  console.log(`ok ${current}: "${error.text.split("\n")[0]}"`);
  await page.setJavaScriptEnabled(true);

  if (screenshot) {
    current = "screenshot";
    await page.setViewport({ width: 1280, height: 1500 });
    await page.goto(url(""), { waitUntil: "load" });
    await page.waitForSelector("#editor .CodeMirror", { timeout: 20000 });
    await page.screenshot({ path: screenshot });
    console.log(`ok screenshot: ${screenshot}`);
  }
} catch (error) {
  failures.push(`${current}: ${error.stack || error}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`${checks} checks, ${failures.length} failures`);
for (const failure of failures) console.log(`FAIL ${failure}`);
process.exit(failures.length ? 1 : 0);
