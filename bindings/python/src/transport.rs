//! The HTTPS transport under the Python client: rustls with the TLS events
//! wired to the Python callbacks, and the one TLS setting the reference's
//! flow needs to reach a private-CA ACS.
//!
//! `SSLServerCACerts` is applied here, by rebuilding the transport with
//! [`HttpsTransportBuilder::server_ca_certs_pem`], until `StdClient` takes
//! TLS settings itself; [`TRANSPORT_SETTINGS`] is the table to shrink then.

use std::sync::Arc;

use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::ClientError;
use threeds_std::https::{HttpsTransport, HttpsTransportBuilder};

use crate::events::Shared;

/// The TLS configuration the binding keeps (the transport is rebuilt from it).
#[derive(Debug, Clone, Default)]
pub struct TlsConfig {
    /// `SSLServerCACerts`: PEM CA certificates trusted besides the system roots.
    pub server_ca_certs: String,
}

/// A config setting the binding applies to the transport: its name, how to
/// read it, and how to set it.
pub struct TransportSetting {
    /// The reference's name (`config("Name=…")`).
    pub name: &'static str,
    /// Reads the value.
    pub get: fn(&TlsConfig) -> String,
    /// Checks and stores the value.
    pub set: fn(&mut TlsConfig, &str) -> Result<(), ClientError>,
}

/// The settings handled by the binding rather than the facade.
pub static TRANSPORT_SETTINGS: &[TransportSetting] = &[TransportSetting {
    name: "SSLServerCACerts",
    get: |c| c.server_ca_certs.clone(),
    set: |c, v| {
        if !v.trim().is_empty() {
            // Parsed now so that a bad value fails here, not at the ACS.
            threeds_std::certs::parse_pem_certificates(v.as_bytes()).map_err(|e| ClientError {
                code: ErrorCode::InvalidCertificate,
                message: format!("SSLServerCACerts: {e}"),
            })?;
        }
        c.server_ca_certs = v.to_owned();
        Ok(())
    },
}];

/// The row of a binding-level setting (names compare case-insensitively, as
/// the reference's do).
pub fn find_setting(name: &str) -> Option<&'static TransportSetting> {
    TRANSPORT_SETTINGS
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(name.trim()))
}

/// Builds the transport for `config`, its TLS events firing the callbacks in `shared`.
///
/// # Errors
/// 602 for unusable CA certificates.
pub fn build(config: &TlsConfig, shared: &Arc<Shared>) -> Result<HttpsTransport, ClientError> {
    let on_auth = Arc::clone(shared);
    let on_status = Arc::clone(shared);
    let mut builder: HttpsTransportBuilder = HttpsTransport::builder()
        .on_server_authentication(move |info| {
            on_auth.ssl_server_authentication(
                &info.cert_encoded,
                &info.cert_subject,
                &info.cert_issuer,
                &info.status,
                info.accept,
            )
        })
        .on_status(move |message| on_status.ssl_status(message));
    if !config.server_ca_certs.trim().is_empty() {
        builder = builder
            .server_ca_certs_pem(config.server_ca_certs.as_bytes())
            .map_err(|e| ClientError {
                code: ErrorCode::InvalidCertificate,
                message: format!("SSLServerCACerts: {e}"),
            })?;
    }
    builder.build().map_err(|e| ClientError {
        code: ErrorCode::InvalidCertificate,
        message: format!("TLS configuration: {e}"),
    })
}
