//! A scripted HTTP server on loopback that records every request and answers from a script,
//! for what a real store cannot be made to do on demand: fail transiently, refuse credentials,
//! reject a body with a message.

use std::sync::{Arc, Mutex};
use std::thread;

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running mock server.
pub struct MockServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Recorded>>>,
    server: Arc<tiny_http::Server>,
    worker: Option<thread::JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server that answers the n-th request with `script[n]` (status, body), and
    /// every request after the script's end with its last entry.
    pub fn start(script: Vec<(u16, &'static str)>) -> Self {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let url = format!("http://{}", server.server_addr().to_ip().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (srv, log) = (Arc::clone(&server), Arc::clone(&requests));
        let worker = thread::spawn(move || {
            for mut request in srv.incoming_requests() {
                let mut body = Vec::new();
                request.as_reader().read_to_end(&mut body).unwrap();
                let n = {
                    let mut log = log.lock().unwrap();
                    log.push(Recorded {
                        method: request.method().to_string(),
                        url: request.url().to_owned(),
                        headers: request
                            .headers()
                            .iter()
                            .map(|h| (h.field.to_string(), h.value.to_string()))
                            .collect(),
                        body,
                    });
                    log.len() - 1
                };
                let (status, text) = script[n.min(script.len() - 1)];
                let _ = request
                    .respond(tiny_http::Response::from_string(text).with_status_code(status));
            }
        });
        Self {
            url,
            requests,
            server,
            worker: Some(worker),
        }
    }

    /// The requests received so far.
    pub fn received(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
