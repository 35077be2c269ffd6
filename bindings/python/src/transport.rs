//! The HTTPS transport under the Python client.
//!
//! The TLS events are not wired here: the facade reports each handshake to
//! the client's events ([`crate::events::PyEvents`]). The TLS settings
//! (`config("SSLServerCACerts=…")`, …) and the `proxy_*`/`ssl_cert_*`
//! properties reach the transport through the facade and
//! [`threeds_std::ConnectionProperties`]: the transport reconfigures itself.

use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::ClientError;
use threeds_std::https::HttpsTransport;

/// The reference's defaults: TLS 1.2 and 1.3, the compiled-in roots, no proxy.
///
/// # Errors
/// Never in practice (the default configuration is valid).
pub fn build() -> Result<HttpsTransport, ClientError> {
    HttpsTransport::builder().build().map_err(|e| ClientError {
        code: ErrorCode::InvalidOperation,
        message: format!("TLS configuration: {e}"),
    })
}
