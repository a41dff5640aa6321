//! The server's metrics, served at `/metrics` in the Prometheus text format
//! (<https://prometheus.io/docs/instrumenting/exposition_formats/>) with the official
//! `prometheus-client` crate.
//!
//! | metric | type | what |
//! |---|---|---|
//! | `kyoto_http_requests_total{status}` | counter | responses by status code |
//! | `kyoto_query_duration_seconds` | histogram | SPARQL queries, from arrival to answer |
//! | `kyoto_query_timeouts_total` | counter | queries stopped at `--timeout` |
//! | `kyoto_query_demotions_total` | counter | queries demoted after `--slow-after` |
//! | `kyoto_queries_abandoned_total` | counter | queries whose client left before the answer |
//! | `kyoto_queries_running` | gauge | queries being evaluated |
//! | `kyoto_queries_waiting` | gauge | queries waiting for a worker (queue depth) |
//! | `kyoto_workers` | gauge | worker processes alive |
//! | `kyoto_worker_starts_total` | counter | workers started after the first ones |
//! | `kyoto_worker_exits_total{cause}` | counter | workers stopped or dead, by cause (worker restarts) |
//! | `kyoto_open_connections` | gauge | open client connections |
//! | `kyoto_connections_refused_total` | counter | connections refused at `--max-connections` |
//! | `kyoto_connections_timed_out_total` | counter | connections closed by the read or write timeout |

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// A set of labels: `[("status", "200")]`.
pub type Labels = Vec<(&'static str, String)>;

/// The media type of the Prometheus text format.
pub const MEDIA_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Every metric of the server, and the registry that encodes them.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    /// Responses by status.
    pub requests: Family<Labels, Counter>,
    /// Query durations.
    pub query_duration: Histogram,
    /// Queries stopped at the timeout.
    pub timeouts: Counter,
    /// Queries demoted.
    pub demotions: Counter,
    /// Queries whose client left.
    pub abandoned: Counter,
    /// Queries being evaluated.
    pub running: Gauge,
    /// Queries waiting for a worker.
    pub waiting: Gauge,
    /// Workers alive.
    pub workers: Gauge,
    /// Workers started after the first ones.
    pub worker_starts: Counter,
    /// Workers that ended, by cause.
    pub worker_deaths: Family<Labels, Counter>,
    /// Open connections.
    pub connections: Gauge,
    /// Connections refused at the limit.
    pub connections_refused: Counter,
    /// Connections closed by a timeout.
    pub connections_timed_out: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Creates and registers every metric.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kyoto");
        let requests = Family::<Labels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP responses by status code",
            requests.clone(),
        );
        let query_duration = Histogram::new(exponential_buckets(0.001, 4.0, 10));
        registry.register(
            "query_duration_seconds",
            "SPARQL queries, from arrival to answer",
            query_duration.clone(),
        );
        let counter = |registry: &mut Registry, name: &str, help: &str| {
            let metric = Counter::default();
            registry.register(name, help, metric.clone());
            metric
        };
        let gauge = |registry: &mut Registry, name: &str, help: &str| {
            let metric = Gauge::default();
            registry.register(name, help, metric.clone());
            metric
        };
        let timeouts = counter(
            &mut registry,
            "query_timeouts",
            "Queries stopped at --timeout",
        );
        let demotions = counter(
            &mut registry,
            "query_demotions",
            "Queries demoted to the lowest CPU priority after --slow-after",
        );
        let abandoned = counter(
            &mut registry,
            "queries_abandoned",
            "Queries whose client left before the answer",
        );
        let running = gauge(&mut registry, "queries_running", "Queries being evaluated");
        let waiting = gauge(
            &mut registry,
            "queries_waiting",
            "Queries waiting for a worker (queue depth)",
        );
        let workers = gauge(&mut registry, "workers", "Query worker processes alive");
        let worker_starts = counter(
            &mut registry,
            "worker_starts",
            "Query workers started after the first ones",
        );
        let worker_deaths = Family::<Labels, Counter>::default();
        registry.register(
            "worker_exits",
            "Query workers stopped or dead, by cause",
            worker_deaths.clone(),
        );
        let connections = gauge(&mut registry, "open_connections", "Open client connections");
        let connections_refused = counter(
            &mut registry,
            "connections_refused",
            "Connections refused at --max-connections",
        );
        let connections_timed_out = counter(
            &mut registry,
            "connections_timed_out",
            "Connections closed by the read or write timeout",
        );
        Self {
            registry,
            requests,
            query_duration,
            timeouts,
            demotions,
            abandoned,
            running,
            waiting,
            workers,
            worker_starts,
            worker_deaths,
            connections,
            connections_refused,
            connections_timed_out,
        }
    }

    /// The metrics in the Prometheus text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_and_labels_appear_in_the_text_format() {
        let metrics = Metrics::new();
        metrics
            .requests
            .get_or_create(&vec![("status", "503".to_owned())])
            .inc();
        metrics.timeouts.inc();
        let text = metrics.encode();
        assert!(
            text.contains("kyoto_http_requests_total{status=\"503\"} 1"),
            "{text}"
        );
        assert!(text.contains("kyoto_query_timeouts_total 1"), "{text}");
        assert!(
            text.contains("# TYPE kyoto_queries_waiting gauge"),
            "{text}"
        );
    }
}
