//! Outgoing HTTP clients (`sdg fetch`, `push`): one place that sets up reqwest.
//!
//! reqwest is built with rustls but without a default crypto provider (the default, aws-lc-rs,
//! needs cmake and a long C build); ring is installed here as the process-wide provider before
//! any client is built.

use reqwest::blocking::ClientBuilder;

/// Installs ring as rustls' crypto provider (once per process; later calls do nothing).
pub fn install_tls_provider() {
    // Fails only when a provider is already installed, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// A blocking client builder with TLS ready and kyoto-kg's user agent.
pub fn blocking_builder(purpose: &str) -> ClientBuilder {
    install_tls_provider();
    reqwest::blocking::Client::builder().user_agent(format!(
        "kyoto-kg/{} ({purpose})",
        env!("CARGO_PKG_VERSION")
    ))
}
