//! The SDK's ephemeral P-256 key pair (device info ECDH-ES and session keys).

use core::fmt;

use p256::elliptic_curve::Generate;
use zeroize::Zeroizing;

use super::jwk;
use crate::crypto::{self, CryptoProvider};
use crate::platform::{Rng, RngFailure};

/// Why an ephemeral key could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EphemeralKeyError {
    /// The random number generator failed.
    Rng(RngFailure),
    /// The imported private scalar is not 32 bytes or not in `1..n`.
    InvalidPrivateKey,
    /// The crypto provider failed (or returned a point off the curve).
    Backend,
}

impl fmt::Display for EphemeralKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EphemeralKeyError::Rng(e) => write!(f, "ephemeral key: {e}"),
            EphemeralKeyError::InvalidPrivateKey => {
                f.write_str("ephemeral key: invalid private scalar")
            }
            EphemeralKeyError::Backend => f.write_str("ephemeral key: crypto backend failed"),
        }
    }
}

impl core::error::Error for EphemeralKeyError {}

/// An ephemeral P-256 key pair. The secret is zeroized on drop (by
/// `p256::SecretKey`) and never printed.
///
/// The pair remembers the [`CryptoProvider`] that made it: its public key
/// and every ECDH with it are computed by that provider.
#[derive(Clone)]
pub struct EphemeralKeyPair {
    secret: p256::SecretKey,
    public: p256::PublicKey,
    provider: &'static dyn CryptoProvider,
}

impl fmt::Debug for EphemeralKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EphemeralKeyPair")
            .field("public", &self.public)
            .field("provider", &self.provider.name())
            .finish_non_exhaustive()
    }
}

impl EphemeralKeyPair {
    /// Generates a fresh key pair.
    ///
    /// # Errors
    /// [`EphemeralKeyError::Rng`] when the generator fails.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Result<Self, EphemeralKeyError> {
        Self::generate_with(crypto::default_provider(), rng)
    }

    /// [`generate`](Self::generate) with `provider` computing the public
    /// key (and, later, the ECDH). The scalar is drawn the same way for
    /// every provider (rejection sampling into `1..n`), so a recorded
    /// random stream gives the same key whichever backend runs.
    ///
    /// # Errors
    /// [`EphemeralKeyError::Rng`] when the generator fails,
    /// [`EphemeralKeyError::Backend`] when the provider fails.
    pub fn generate_with<R: Rng + ?Sized>(
        provider: &'static dyn CryptoProvider,
        rng: &mut R,
    ) -> Result<Self, EphemeralKeyError> {
        let secret = p256::SecretKey::try_generate_from_rng(rng)
            .map_err(|_| EphemeralKeyError::Rng(RngFailure))?;
        Self::from_secret(provider, secret)
    }

    fn from_secret(
        provider: &'static dyn CryptoProvider,
        secret: p256::SecretKey,
    ) -> Result<Self, EphemeralKeyError> {
        let scalar = Zeroizing::new(secret.to_bytes());
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(scalar.as_slice());
        let point = provider
            .p256_public_key(&bytes)
            .map_err(|_| EphemeralKeyError::Backend)?;
        // The backend's answer is checked, not trusted: it must be on the curve.
        let public =
            p256::PublicKey::from_sec1_bytes(&point).map_err(|_| EphemeralKeyError::Backend)?;
        Ok(Self {
            secret,
            public,
            provider,
        })
    }

    /// Imports a private scalar (32 bytes, big-endian), e.g. one exported
    /// by [`private_bytes`](Self::private_bytes) in another instance.
    ///
    /// # Errors
    /// [`EphemeralKeyError::InvalidPrivateKey`] for a wrong length, zero or
    /// a value ≥ the group order.
    pub fn from_private_bytes(bytes: &[u8]) -> Result<Self, EphemeralKeyError> {
        Self::from_private_bytes_with(crypto::default_provider(), bytes)
    }

    /// [`from_private_bytes`](Self::from_private_bytes) with `provider`.
    ///
    /// # Errors
    /// As [`from_private_bytes`](Self::from_private_bytes), plus
    /// [`EphemeralKeyError::Backend`] when the provider fails.
    pub fn from_private_bytes_with(
        provider: &'static dyn CryptoProvider,
        bytes: &[u8],
    ) -> Result<Self, EphemeralKeyError> {
        if bytes.len() != 32 {
            return Err(EphemeralKeyError::InvalidPrivateKey);
        }
        let secret =
            p256::SecretKey::from_slice(bytes).map_err(|_| EphemeralKeyError::InvalidPrivateKey)?;
        Self::from_secret(provider, secret)
    }

    /// The provider that computes this pair's public key and ECDH.
    pub fn provider(&self) -> &'static dyn CryptoProvider {
        self.provider
    }

    /// Runs this pair's later ECDH on `provider`.
    pub fn set_provider(&mut self, provider: &'static dyn CryptoProvider) {
        self.provider = provider;
    }

    /// Exports the private scalar (big-endian, 32 bytes).
    pub fn private_bytes(&self) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        let bytes = Zeroizing::new(self.secret.to_bytes());
        out.copy_from_slice(bytes.as_slice());
        out
    }

    /// The public key.
    pub fn public_key(&self) -> &p256::PublicKey {
        &self.public
    }

    /// The public key as the canonical JWK text.
    pub fn public_jwk(&self) -> heapless::String<{ jwk::P256_JWK_LEN }> {
        jwk::p256_to_heapless(&self.public)
    }

    /// ECDH with `peer` (through this pair's provider): the 32-byte shared
    /// x-coordinate Z.
    ///
    /// # Errors
    /// [`EphemeralKeyError::Backend`] when the provider fails.
    pub fn diffie_hellman(
        &self,
        peer: &p256::PublicKey,
    ) -> Result<Zeroizing<[u8; 32]>, EphemeralKeyError> {
        let scalar = Zeroizing::new(self.secret.to_bytes());
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(scalar.as_slice());
        self.provider
            .p256_ecdh(&bytes, &crypto::encode_point(peer))
            .map_err(|_| EphemeralKeyError::Backend)
    }
}
