//! What the last handshake negotiated (the reference's `SSLNegotiated*` settings).

/// The parameters of the most recent TLS handshake of a transport.
///
/// A request on a reused (kept-alive) connection performs no handshake, so
/// these stay those of the handshake that opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegotiatedSession {
    /// The host name the handshake was made with.
    pub host: String,
    /// `TLS1.2` or `TLS1.3` (`SSLNegotiatedVersion`).
    pub version: &'static str,
    /// The IANA-style suite name, e.g. `TLS13_AES_256_GCM_SHA384`
    /// (`SSLNegotiatedCipherSuite`).
    pub cipher_suite: String,
    /// Bulk cipher key size in bits (`SSLNegotiatedCipherStrength`).
    pub cipher_strength: u32,
    /// The key-exchange group, e.g. `X25519` (`SSLNegotiatedKeyExchange`).
    pub key_exchange: String,
    /// The server's certificate chain as sent, leaf first, DER
    /// (`ssl_server_cert_encoded` is the first).
    pub server_certificates: Vec<Vec<u8>>,
}

impl NegotiatedSession {
    /// The server's leaf certificate, parsed for the `ssl_server_cert_*` read-outs.
    pub fn server_certificate(&self) -> Option<crate::certs::Certificate> {
        let der = self.server_certificates.first()?;
        crate::certs::Certificate::from_der(der).ok()
    }

    pub(crate) fn from_connection(host: &str, conn: &rustls::ClientConnection) -> Self {
        let version = match conn.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLS1.3",
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLS1.2",
            _ => "unknown",
        };
        let suite = conn.negotiated_cipher_suite();
        let cipher_suite = suite
            .map(|s| {
                let id = s.suite();
                id.as_str().map_or_else(|| format!("{id:?}"), str::to_owned)
            })
            .unwrap_or_default();
        let cipher_strength = if cipher_suite.contains("AES_128") {
            128
        } else if cipher_suite.contains("AES_256") || cipher_suite.contains("CHACHA20") {
            256
        } else {
            0
        };
        let key_exchange = conn
            .negotiated_key_exchange_group()
            .map(|g| format!("{:?}", g.name()))
            .unwrap_or_default();
        let server_certificates = conn
            .peer_certificates()
            .map(|c| c.iter().map(|d| d.as_ref().to_vec()).collect())
            .unwrap_or_default();
        Self {
            host: host.to_owned(),
            version,
            cipher_suite,
            cipher_strength,
            key_exchange,
            server_certificates,
        }
    }
}
