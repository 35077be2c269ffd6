//! The HTTPS transport under the Python client, and the one TLS setting
//! the reference's flow needs to reach a private-CA ACS.
//!
//! The TLS events are not wired here: the facade reports each handshake to
//! the client's events ([`crate::events::PyEvents`]). `SSLServerCACerts` is
//! applied by rebuilding the transport with
//! [`HttpsTransportBuilder::server_ca_certs_pem`], until `StdClient` takes
//! it itself; [`TRANSPORT_SETTINGS`] is the table to shrink then.

use threeds_core::client::error::ErrorCode;
use threeds_core::client::facade::ClientError;
use threeds_std::https::{HttpsTransport, HttpsTransportBuilder};

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

/// Builds the transport for `config`, keeping the certificates accepted
/// whatever validation says (`ssl_accept_server_cert_*`) of the one it
/// replaces.
///
/// # Errors
/// 602 for unusable CA certificates.
pub fn build(config: &TlsConfig, accepted: Vec<Vec<u8>>) -> Result<HttpsTransport, ClientError> {
    let mut builder: HttpsTransportBuilder = HttpsTransport::builder();
    if !config.server_ca_certs.trim().is_empty() {
        builder = builder
            .server_ca_certs_pem(config.server_ca_certs.as_bytes())
            .map_err(|e| ClientError {
                code: ErrorCode::InvalidCertificate,
                message: format!("SSLServerCACerts: {e}"),
            })?;
    }
    let mut transport = builder.build().map_err(|e| ClientError {
        code: ErrorCode::InvalidCertificate,
        message: format!("TLS configuration: {e}"),
    })?;
    transport.set_accepted_server_certs(accepted);
    Ok(transport)
}
