//! Starts the real `kyoto-kg serve` on an ephemeral loopback port for a test, and stops it; an
//! HTTP client for it (and for the other servers of the tests).

use super::project_dir;
use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A running server; killed when dropped.
pub struct Server {
    pub child: Child,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    stdout: Option<BufReader<ChildStdout>>,
    /// What the server printed on stdout before the tests started.
    pub banner: Vec<String>,
    /// Everything the server wrote to stderr so far (its log), read by a thread so that the
    /// server never blocks on a full pipe.
    stderr: Arc<Mutex<String>>,
    stderr_reader: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    /// Starts `kyoto-kg serve --bind 127.0.0.1:0 EXTRA...` in the project folder.
    pub fn start(extra: &[&str]) -> Self {
        Self::start_with_env(extra, &[])
    }

    /// [`Server::start`] with environment variables.
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kyoto-kg"));
        command.args(["serve", "--bind", "127.0.0.1:0"]).args(extra);
        for (name, value) in env {
            command.env(name, value);
        }
        Self::spawn(command)
    }

    /// [`Server::start`] from a shell that runs `setup` first (e.g. `ulimit -S -n 256`).
    pub fn start_in_shell(setup: &str, extra: &[&str]) -> Self {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "{setup} && exec \"$0\" serve --bind 127.0.0.1:0 \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_kyoto-kg"))
            .args(extra);
        Self::spawn(command)
    }

    fn spawn(mut command: Command) -> Self {
        let mut child = command
            .current_dir(project_dir())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kyoto-kg starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let stderr_reader = {
            let mut pipe = BufReader::new(child.stderr.take().unwrap());
            let stderr = Arc::clone(&stderr);
            std::thread::spawn(move || {
                let mut line = String::new();
                while pipe.read_line(&mut line).unwrap_or(0) > 0 {
                    stderr.lock().unwrap().push_str(&line);
                    line.clear();
                }
            })
        };
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let Some(url) = first
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .map(str::to_owned)
        else {
            let _ = child.kill();
            let _ = child.wait();
            let _ = stderr_reader.join();
            let stderr = stderr.lock().unwrap().clone();
            panic!("the server did not print its URL first\nstdout: {first}\nstderr: {stderr}");
        };
        let mut banner = vec![first.trim_end().to_owned()];
        // The banner ends with the "Ready" line.
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            let ready = line.starts_with("Ready");
            banner.push(line.trim_end().to_owned());
            if ready {
                break;
            }
        }
        Self {
            child,
            url,
            stdout: Some(stdout),
            banner,
            stderr,
            stderr_reader: Some(stderr_reader),
        }
    }

    /// What the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Sends SIGTERM, waits for the server to stop, and returns all it wrote to stderr.
    pub fn terminate_and_read_stderr(mut self) -> String {
        let reader = self.stderr_reader.take();
        let stderr = Arc::clone(&self.stderr);
        let status = self.terminate();
        assert!(status.success(), "{status:?}");
        if let Some(reader) = reader {
            let _ = reader.join();
        }
        stderr.lock().unwrap().clone()
    }

    /// The URL of `path` (without its leading `/`).
    pub fn at(&self, path: &str) -> String {
        format!("{}{}", self.url, path.trim_start_matches('/'))
    }

    /// The SPARQL endpoint.
    pub fn sparql(&self) -> String {
        self.at("sparql")
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process ids of its query workers (Linux: /proc).
    pub fn workers(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let tasks = format!("/proc/{}/task", self.pid());
        for task in std::fs::read_dir(tasks).into_iter().flatten().flatten() {
            let children =
                std::fs::read_to_string(task.path().join("children")).unwrap_or_default();
            out.extend(
                children
                    .split_whitespace()
                    .filter_map(|p| p.parse::<u32>().ok()),
            );
        }
        out.sort_unstable();
        out
    }

    /// CPU time (user + system, in clock ticks) used so far by the server and its workers.
    pub fn cpu_ticks(&self) -> u64 {
        std::iter::once(self.pid())
            .chain(self.workers())
            .map(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
                // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
                let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
                let fields: Vec<&str> = after.split_whitespace().collect();
                let field = |i: usize| {
                    fields
                        .get(i)
                        .and_then(|f| f.parse::<u64>().ok())
                        .unwrap_or(0)
                };
                field(11) + field(12)
            })
            .sum()
    }

    /// Sends SIGTERM and waits for the exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        for _ in 0..100 {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server did not stop within 10 s of SIGTERM");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        drop(self.stdout.take());
    }
}

impl Server {
    /// The value of a metric at `/metrics` (`name` with its labels, as printed), 0 if absent.
    pub fn metric(&self, name: &str) -> f64 {
        let text = client()
            .get(self.at("metrics"))
            .send()
            .unwrap()
            .text()
            .unwrap();
        text.lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or(0.0)
    }

    /// Polls until a metric reaches `at_least` (a guard of 60 s against hanging).
    pub fn wait_for_metric(&self, name: &str, at_least: f64) {
        for _ in 0..600 {
            if self.metric(name) >= at_least {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{name} never reached {at_least}");
    }
}

/// A blocking HTTP client for the servers the tests start on loopback (`kyoto-kg serve`, the
/// triplestores): no proxies, and a 120 s timeout as a guard against hanging.
pub fn client() -> reqwest::blocking::Client {
    client_builder()
        .no_proxy()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap()
}

/// A blocking HTTP client builder with rustls' crypto provider installed (reqwest is built
/// without one) and a user agent that names the tests.
pub fn client_builder() -> reqwest::blocking::ClientBuilder {
    // Fails only when a provider is already installed, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::builder().user_agent("kyoto-kg tests")
}

/// The media type of a response's `Content-Type` (without its parameters), "" when absent.
pub fn media_type(response: &reqwest::blocking::Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Sends `query` as a form POST to the server's SPARQL endpoint, asking for SPARQL JSON results.
pub fn post_query(server: &Server, query: &str) -> reqwest::blocking::Response {
    client()
        .post(server.sparql())
        .header("Accept", "application/sparql-results+json")
        .form(&[("query", query)])
        .send()
        .unwrap()
}

/// The `Accept` header a browser sends for a page.
pub const BROWSER: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The query behind most format tests: every session and its date.
pub const SESSIONS: &str = "SELECT ?session ?date WHERE { ?session a kyoto:ThematicSession ; schema:startDate ?date } ORDER BY ?date ?session";
