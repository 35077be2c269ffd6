//! The SDK's ephemeral P-256 key pair (device info ECDH-ES and session keys).

use core::fmt;

use p256::elliptic_curve::Generate;
use zeroize::Zeroizing;

use super::jwk;
use crate::platform::{Rng, RngFailure};

/// Why an ephemeral key could not be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EphemeralKeyError {
    /// The random number generator failed.
    Rng(RngFailure),
    /// The imported private scalar is not 32 bytes or not in `1..n`.
    InvalidPrivateKey,
}

impl fmt::Display for EphemeralKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EphemeralKeyError::Rng(e) => write!(f, "ephemeral key: {e}"),
            EphemeralKeyError::InvalidPrivateKey => {
                f.write_str("ephemeral key: invalid private scalar")
            }
        }
    }
}

impl core::error::Error for EphemeralKeyError {}

/// An ephemeral P-256 key pair. The secret is zeroized on drop (by
/// `p256::SecretKey`) and never printed.
#[derive(Clone)]
pub struct EphemeralKeyPair {
    secret: p256::SecretKey,
    public: p256::PublicKey,
}

impl fmt::Debug for EphemeralKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EphemeralKeyPair")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl EphemeralKeyPair {
    /// Generates a fresh key pair.
    ///
    /// # Errors
    /// [`EphemeralKeyError::Rng`] when the generator fails.
    pub fn generate<R: Rng + ?Sized>(rng: &mut R) -> Result<Self, EphemeralKeyError> {
        let secret = p256::SecretKey::try_generate_from_rng(rng)
            .map_err(|_| EphemeralKeyError::Rng(RngFailure))?;
        let public = secret.public_key();
        Ok(Self { secret, public })
    }

    /// Imports a private scalar (32 bytes, big-endian), e.g. one exported
    /// by [`private_bytes`](Self::private_bytes) in another instance.
    ///
    /// # Errors
    /// [`EphemeralKeyError::InvalidPrivateKey`] for a wrong length, zero or
    /// a value ≥ the group order.
    pub fn from_private_bytes(bytes: &[u8]) -> Result<Self, EphemeralKeyError> {
        if bytes.len() != 32 {
            return Err(EphemeralKeyError::InvalidPrivateKey);
        }
        let secret =
            p256::SecretKey::from_slice(bytes).map_err(|_| EphemeralKeyError::InvalidPrivateKey)?;
        let public = secret.public_key();
        Ok(Self { secret, public })
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

    /// ECDH with `peer`: the 32-byte shared x-coordinate Z.
    pub fn diffie_hellman(&self, peer: &p256::PublicKey) -> Zeroizing<[u8; 32]> {
        let shared = self.secret.diffie_hellman(peer);
        let mut z = Zeroizing::new([0u8; 32]);
        z.copy_from_slice(shared.raw_secret_bytes().as_slice());
        z
    }
}
