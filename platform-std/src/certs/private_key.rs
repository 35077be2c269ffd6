//! Private keys for the TLS client certificate.

use rustls_pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};
use zeroize::Zeroizing;

/// The encoding a [`PrivateKey`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrivateKeyKind {
    /// PKCS#8 `PrivateKeyInfo` (`PRIVATE KEY`, and keys from PKCS#12).
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`RSA PRIVATE KEY`).
    Pkcs1,
    /// SEC1 `ECPrivateKey` (`EC PRIVATE KEY`).
    Sec1,
}

/// A private key's DER; wiped from memory on drop and never printed.
#[derive(Clone)]
pub struct PrivateKey {
    kind: PrivateKeyKind,
    der: Zeroizing<Vec<u8>>,
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Wraps a key DER of the given kind.
    pub fn new(kind: PrivateKeyKind, der: Vec<u8>) -> Self {
        Self {
            kind,
            der: Zeroizing::new(der),
        }
    }

    pub(crate) fn pkcs8(der: Vec<u8>) -> Self {
        Self::new(PrivateKeyKind::Pkcs8, der)
    }

    /// The key's encoding.
    pub fn kind(&self) -> PrivateKeyKind {
        self.kind
    }

    /// A copy for rustls (which owns its copy for the connection's lifetime).
    pub fn to_rustls(&self) -> PrivateKeyDer<'static> {
        let der = self.der.to_vec();
        match self.kind {
            PrivateKeyKind::Pkcs8 => PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(der)),
            PrivateKeyKind::Pkcs1 => PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(der)),
            PrivateKeyKind::Sec1 => PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(der)),
        }
    }

    /// The matching public key (SubjectPublicKeyInfo DER), derived by loading
    /// the key into the TLS provider; `None` for keys it cannot load.
    pub fn public_key_der(&self) -> Option<Vec<u8>> {
        let provider = rustls::crypto::ring::default_provider();
        let signer = provider
            .key_provider
            .load_private_key(self.to_rustls())
            .ok()?;
        signer.public_key().map(|spki| spki.as_ref().to_vec())
    }
}
