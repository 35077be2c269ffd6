//! [`RING`]: ES256 verification on `ring` (feature `ring-crypto`).

use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
use threeds_core::crypto::{CryptoError, CryptoProvider, P256Point, RUST_CRYPTO};
use zeroize::Zeroizing;

/// ES256 on `ring`, the rest on RustCrypto (see the `crypto` module docs).
#[derive(Debug, Clone, Copy, Default)]
pub struct Ring;

/// The provider's one instance, for
/// [`Transaction::with_crypto`](threeds_core::transaction::Transaction::with_crypto).
pub static RING: Ring = Ring;

impl CryptoProvider for Ring {
    fn name(&self) -> &'static str {
        "ring"
    }

    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError> {
        RUST_CRYPTO.p256_public_key(secret)
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
        RUST_CRYPTO.p256_ecdh(secret, peer)
    }

    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        RUST_CRYPTO.p256_verify_prehash(key, prehash, signature)
    }

    fn p256_verify_sha256(
        &self,
        key: &P256Point,
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        // ring checks the point (on the curve, not the identity) and r, s in 1..n.
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key)
            .verify(message, signature)
            .map_err(|_| CryptoError::BadSignature)
    }
}
