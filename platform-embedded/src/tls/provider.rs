//! The `embedded-tls` crypto provider: our randomness bridge and our verifier.

use embedded_tls::{CryptoProvider, CryptoRngCore, TlsConfig, TlsError, TlsVerifier};

use super::rng::HandshakeRng;
use super::verifier::ServerVerifier;
use super::{CertificateFailure, CipherSuite, TlsFailure};

pub(crate) struct Provider<'a> {
    pub(crate) rng: HandshakeRng,
    pub(crate) verifier: ServerVerifier<'a>,
}

impl CryptoProvider for Provider<'_> {
    type CipherSuite = CipherSuite;
    // No client certificates: nothing is ever signed.
    type Signature = [u8; 0];

    fn rng(&mut self) -> impl CryptoRngCore {
        &mut self.rng
    }

    fn verifier(&mut self) -> Result<&mut impl TlsVerifier<Self::CipherSuite>, TlsError> {
        Ok(&mut self.verifier)
    }
}

impl Provider<'_> {
    /// After a handshake `embedded-tls` accepted: refuses it unless the server proved
    /// possession of a validated certificate (nothing has been sent over it yet).
    pub(crate) fn require_authenticated(&self) -> Result<(), TlsFailure> {
        if self.verifier.authenticated() {
            Ok(())
        } else {
            Err(TlsFailure::Certificate(
                CertificateFailure::NotAuthenticated,
            ))
        }
    }

    /// The typed failure for a handshake error: the verifier's reason when it refused.
    pub(crate) fn failure(&self, e: TlsError) -> TlsFailure {
        match self.verifier.failure() {
            Some(f) => TlsFailure::Certificate(f),
            None => TlsFailure::from_tls(e),
        }
    }
}

/// The ClientHello settings: SNI for DNS names (RFC 6066 forbids IP literals), and
/// RSA-PSS advertised next to ECDSA P-256 since most ACS certificates are RSA.
pub(crate) fn client_config(host: &str) -> TlsConfig<'_> {
    let config = TlsConfig::new().enable_rsa_signatures();
    if host.parse::<core::net::IpAddr>().is_ok() {
        config
    } else {
        config.with_server_name(host)
    }
}
