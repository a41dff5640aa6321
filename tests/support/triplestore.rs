//! Real triplestores for the push tests, started on loopback on free ports and stopped on drop:
//!
//! - Oxigraph's own server (`oxigraph serve`, in memory): the binary named by
//!   `KYOTO_KG_OXIGRAPH`, else `oxigraph` on PATH. Install with `pip install oxigraph==0.5.13`
//!   (a prebuilt wheel, seconds) or `cargo install oxigraph-cli --locked` (about 15 minutes,
//!   needs libclang-dev).
//! - OpenLink Virtuoso 7 (`virtuoso-t` and `isql-vt`): the binaries named by
//!   `KYOTO_KG_VIRTUOSO` (virtuoso-t; isql-vt is looked up beside it), else on PATH. Install with
//!   `apt-get install -y virtuoso-opensource-7-bin`.
//!
//! A missing store fails the test with these instructions: the push tests never pass by
//! skipping.

use super::free_port;
use super::server::client;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long a store may take to start before the test gives up.
const STARTUP: Duration = Duration::from_secs(120);

/// A running store; killed when dropped.
pub struct Triplestore {
    /// What it is, for messages.
    pub name: &'static str,
    /// The Graph Store Protocol endpoint.
    pub graph_store: String,
    /// The SPARQL Update endpoint.
    pub update: String,
    /// The SPARQL query endpoint.
    pub query: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Triplestore {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

fn find(env: &str, name: &str, install: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "{env}={} does not name a file; {install}",
            path.display()
        );
        return path;
    }
    on_path(name).unwrap_or_else(|| {
        panic!(
            "the push tests need a real triplestore: `{name}` is not on PATH and {env} is not set.\n{install}"
        )
    })
}

impl Triplestore {
    /// Takes charge of a started store (from here on, a failed start still stops the process)
    /// whose endpoints are `BASE/PATH` for the Graph Store Protocol, update and query, and
    /// waits until it answers a query.
    fn started(
        name: &'static str,
        child: Child,
        dir: tempfile::TempDir,
        base: &str,
        [graph_store, update, query]: [&str; 3],
        log: &Path,
    ) -> Self {
        let mut store = Self {
            name,
            graph_store: format!("{base}/{graph_store}"),
            update: format!("{base}/{update}"),
            query: format!("{base}/{query}"),
            child,
            _dir: dir,
        };
        let url = format!("{}?query=ASK%7B%7D", store.query);
        wait_until_up(name, &mut store.child, &url, log);
        store
    }
}

/// Waits until `url` answers 2xx, or panics with the log after [`STARTUP`].
fn wait_until_up(name: &str, child: &mut Child, url: &str, log: &Path) {
    let http = client();
    let started = Instant::now();
    loop {
        if let Ok(response) = http.get(url).send()
            && response.status().is_success()
        {
            return;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "{name} exited ({status}) before answering:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < STARTUP,
            "{name} did not answer {url} within {STARTUP:?}:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        thread::sleep(Duration::from_millis(200));
    }
}

/// Starts `oxigraph serve` in memory on a free loopback port.
pub fn oxigraph() -> Triplestore {
    oxigraph_with(&[])
}

/// [`oxigraph`] with more `serve` options (`--union-default-graph`).
pub fn oxigraph_with(options: &[&str]) -> Triplestore {
    let binary = find(
        "KYOTO_KG_OXIGRAPH",
        "oxigraph",
        "Install it with `pip install oxigraph==0.5.13` (or `cargo install oxigraph-cli --locked`, ~15 min, needs libclang-dev), or set KYOTO_KG_OXIGRAPH to the binary.",
    );
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("oxigraph.log");
    let port = free_port();
    let child = Command::new(&binary)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .args(options)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::create(dir.path().join("oxigraph.err")).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let err_log = dir.path().join("oxigraph.err");
    Triplestore::started(
        "Oxigraph",
        child,
        dir,
        &format!("http://127.0.0.1:{port}"),
        ["store", "update", "query"],
        &err_log,
    )
}

/// Starts a fresh Virtuoso 7 database on free loopback ports, with SPARQL Update granted to
/// anonymous users (as a store set up to receive pushes would be).
pub fn virtuoso() -> Triplestore {
    let install = "Install it with `apt-get install -y virtuoso-opensource-7-bin`, or set KYOTO_KG_VIRTUOSO to the virtuoso-t binary.";
    let server = find("KYOTO_KG_VIRTUOSO", "virtuoso-t", install);
    let isql = server
        .parent()
        .map(|dir| dir.join("isql-vt"))
        .filter(|p| p.is_file())
        .or_else(|| on_path("isql-vt"))
        .unwrap_or_else(|| panic!("isql-vt (Virtuoso's SQL client) is missing. {install}"));
    let dir = tempfile::tempdir().unwrap();
    let (sql_port, http_port) = (free_port(), free_port());
    let d = dir.path().display();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
         TransactionFile = {d}/virtuoso.trx\nxa_persistent_file = {d}/virtuoso.pxa\n\
         ErrorLogLevel = 7\nFileExtend = 200\nStriping = 0\nTempStorage = TempDatabase\n\n\
         [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
         Striping = 0\n\n\
         [Parameters]\nServerPort = 127.0.0.1:{sql_port}\nNumberOfBuffers = 10000\n\
         MaxDirtyBuffers = 6000\nDirsAllowed = .\n\n\
         [HTTPServer]\nServerPort = 127.0.0.1:{http_port}\nServerRoot = {d}\n\
         MaxClientConnections = 4\nServerThreads = 4\n\n\
         [SPARQL]\nResultSetMaxRows = 100000\n"
    );
    let ini_path = dir.path().join("virtuoso.ini");
    std::fs::write(&ini_path, ini).unwrap();
    let log = dir.path().join("virtuoso.log");
    let child = Command::new(&server)
        .args(["+foreground", "+configfile"])
        .arg(&ini_path)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", server.display()));
    let store = Triplestore::started(
        "Virtuoso",
        child,
        dir,
        &format!("http://127.0.0.1:{http_port}"),
        ["sparql-graph-crud", "sparql", "sparql"],
        &log,
    );
    let grant = Command::new(&isql)
        .arg(format!("127.0.0.1:{sql_port}"))
        .args(["dba", "dba", "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"])
        .output()
        .unwrap();
    assert!(
        grant.status.success(),
        "isql-vt could not grant SPARQL_UPDATE: {}",
        String::from_utf8_lossy(&grant.stderr)
    );
    store
}

impl Triplestore {
    /// The triples of `graph` on the store, read back through its SPARQL query endpoint, as
    /// N-Triples.
    pub fn graph_as_ntriples(&self, graph: &str) -> String {
        self.construct(&format!(
            "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        ))
    }

    /// Runs a CONSTRUCT query and returns N-Triples.
    pub fn construct(&self, query: &str) -> String {
        self.send(
            client()
                .post(&self.query)
                .header("Accept", "application/n-triples")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("query", query)
                        .finish(),
                ),
        )
    }

    /// Runs a SPARQL update on the store.
    pub fn update(&self, update: &str) {
        self.send(
            client()
                .post(&self.update)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("update", update)
                        .finish(),
                ),
        );
    }

    /// Adds an N-Quads dataset to the store (Oxigraph: POST to its Graph Store endpoint).
    pub fn post_nquads(&self, nquads: &str) {
        self.send(
            client()
                .post(&self.graph_store)
                .header("Content-Type", "application/n-quads")
                .body(nquads.to_owned()),
        );
    }

    /// The whole dataset of the store as N-Quads (Oxigraph: GET on its Graph Store endpoint).
    pub fn dataset_as_nquads(&self) -> String {
        self.send(
            client()
                .get(&self.graph_store)
                .header("Accept", "application/n-quads"),
        )
    }

    /// Sends a request to the store, asserts a 2xx answer and returns its body.
    fn send(&self, request: reqwest::blocking::RequestBuilder) -> String {
        let response = request.send().unwrap();
        let status = response.status();
        let text = response.text();
        assert!(
            status.is_success(),
            "{}: {status} {}",
            self.name,
            text.as_deref().unwrap_or_default()
        );
        text.unwrap()
    }

    /// The names of the graphs on the store that start with `prefix`.
    pub fn graphs(&self, prefix: &str) -> Vec<String> {
        let text = self.construct(&format!(
            "CONSTRUCT {{ ?g <http://example.org/is> <http://example.org/graph> }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{prefix}\")) }}"
        ));
        let mut graphs: Vec<String> = text
            .lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix('<')
                    .and_then(|l| l.split_once('>'))
                    .map(|(g, _)| g.to_owned())
            })
            .collect();
        graphs.sort();
        graphs.dedup();
        graphs
    }
}
