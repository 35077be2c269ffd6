//! The crypto-provider seam: the public-key operations that dominate a
//! transaction's cost (P-256, and RSA-OAEP key encryption to an RSA DS key),
//! behind one trait, chosen once per transaction.
//!
//! The core keeps everything that touches received bytes (parsing, point
//! validation, DER, hashing, the KDF, content encryption) and hands a
//! [`CryptoProvider`] only validated, fixed-size inputs: a scalar in `1..n`,
//! a point already checked to be on the curve, a SHA-256 digest, a parsed
//! and size-checked RSA key with a CEK of the right length. A backend
//! therefore never parses attacker-controlled encodings, and a backend that
//! needs `unsafe` or assembly can live in an adapter crate while the core
//! stays `forbid(unsafe_code)`.
//!
//! [`RUST_CRYPTO`] (RustCrypto's portable `p256`, and the core's own RSA in
//! the trait's default `rsa_oaep_sha256_encrypt`) is the default everywhere: a user who never names a provider gets exactly
//! the previous behaviour, byte for byte given the same random stream.
//! Adapters offer faster ones (a Cortex-M4 assembly backend in
//! `threeds-embedded`, a host backend in `threeds-std`); select one with
//! [`Transaction::with_crypto`](crate::transaction::Transaction::with_crypto).
//!
//! Every backend must be constant-time in the secret scalar for
//! [`p256_public_key`](CryptoProvider::p256_public_key) and
//! [`p256_ecdh`](CryptoProvider::p256_ecdh); verification works on public
//! data only.

use core::fmt;

use zeroize::Zeroizing;

#[cfg(feature = "alloc")]
use crate::keys::rsa::RsaPublicKey;

mod rust_crypto;

pub use rust_crypto::{RUST_CRYPTO, RustCrypto};

/// An uncompressed SEC1 P-256 point: `0x04 ‖ x ‖ y`, big-endian.
pub type P256Point = [u8; 65];

/// Why a backend refused an operation. Inputs are validated by the core,
/// so any of these from a correct backend means a bug or a hardware fault;
/// the core turns them into a typed error and never continues with a
/// partial result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// The scalar is zero or not below the group order.
    InvalidScalar,
    /// The point is not on P-256 (or is the identity).
    InvalidPoint,
    /// The ECDSA signature does not verify.
    BadSignature,
    /// The backend failed for a reason of its own.
    Backend,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::InvalidScalar => "crypto backend: scalar out of range",
            Self::InvalidPoint => "crypto backend: point not on P-256",
            Self::BadSignature => "crypto backend: signature does not verify",
            Self::Backend => "crypto backend failure",
        })
    }
}

impl core::error::Error for CryptoError {}

/// The public-key operations a 3DS SDK transaction needs, in the spirit of
/// rustls's `CryptoProvider`: a `'static` object picked once per
/// transaction (see [`Transaction::with_crypto`](crate::transaction::Transaction::with_crypto)).
///
/// Inputs are already validated by the core (see the module docs); outputs
/// are checked again by the core where that is cheap (a returned public key
/// must be on the curve).
pub trait CryptoProvider: Sync {
    /// A short name for logs and benchmarks (e.g. `"rustcrypto"`).
    fn name(&self) -> &'static str;

    /// `secret · G`: the public key of a private scalar (big-endian, in
    /// `1..n`), as an uncompressed point. Constant-time in `secret`.
    ///
    /// # Errors
    /// [`CryptoError`] only on a backend fault.
    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError>;

    /// ECDH: the x-coordinate of `secret · peer` (32 bytes, big-endian).
    /// `peer` is on the curve and not the identity. Constant-time in `secret`.
    ///
    /// # Errors
    /// [`CryptoError`] only on a backend fault.
    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError>;

    /// ECDSA P-256 verification of a SHA-256 `prehash` with the raw
    /// `r ‖ s` signature (32 + 32 bytes, big-endian) under `key` (on the
    /// curve). `r` or `s` out of `1..n` is a [`CryptoError::BadSignature`].
    ///
    /// # Errors
    /// [`CryptoError::BadSignature`] when the signature does not verify.
    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError>;

    /// ES256: ECDSA P-256 over SHA-256 of `message`. The core verifies
    /// through this method; the default hashes here and calls
    /// [`p256_verify_prehash`](Self::p256_verify_prehash). A backend whose
    /// library only verifies whole messages (`ring`) overrides it.
    ///
    /// # Errors
    /// [`CryptoError::BadSignature`] when the signature does not verify.
    fn p256_verify_sha256(
        &self,
        key: &P256Point,
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        use sha2::{Digest, Sha256};
        let digest: [u8; 32] = Sha256::digest(message).into();
        self.p256_verify_prehash(key, &digest, signature)
    }

    /// RSAES-OAEP with SHA-256, MGF1-SHA-256 and an empty label (JWE
    /// `RSA-OAEP-256`, the device-info key encryption to an RSA DS key):
    /// encrypts `cek` under `key` into `out` and returns the ciphertext
    /// length, which must be `key.size()`.
    ///
    /// The core hands over a key it parsed and size-checked
    /// (2048–8192 bits, odd modulus, odd exponent in `3..2³³`), a CEK of
    /// the content encryption's key length, an `out` of exactly
    /// `key.size()` bytes, and `seed`: 32 bytes it drew from the
    /// transaction's [`Rng`](crate::platform::Rng). The default (the core's
    /// own RSA) uses `seed` as the OAEP seed, so a transcript with recorded
    /// randomness is reproducible; a backend that draws its own randomness
    /// ignores it (the core draws it anyway, so every later draw is the same
    /// whichever backend runs). The core checks the returned length.
    ///
    /// # Errors
    /// [`CryptoError::Backend`] when the backend fails.
    #[cfg(feature = "alloc")]
    fn rsa_oaep_sha256_encrypt(
        &self,
        key: &RsaPublicKey,
        cek: &[u8],
        seed: &[u8; 32],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        key.encrypt_oaep_sha256_seeded(seed, cek, out)
            .map_err(|_| CryptoError::Backend)
    }
}

impl fmt::Debug for dyn CryptoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CryptoProvider({})", self.name())
    }
}

/// The provider used when none is chosen: [`RUST_CRYPTO`].
#[must_use]
pub fn default_provider() -> &'static dyn CryptoProvider {
    &RUST_CRYPTO
}

/// The uncompressed encoding of a validated public key.
pub(crate) fn encode_point(key: &p256::PublicKey) -> P256Point {
    use p256::elliptic_curve::sec1::ToSec1Point;
    let mut out = [0u8; 65];
    let point = key.to_sec1_point(false);
    let bytes = point.as_bytes();
    if let Some(dst) = out.get_mut(..bytes.len()) {
        dst.copy_from_slice(bytes);
    }
    out
}

/// ECDSA P-256 over SHA-256 of `message` with a raw `r ‖ s` signature,
/// through `provider`: the one place the core hashes and dispatches a
/// verification (JWS ES256 and certificate ecdsa-with-SHA256).
pub(crate) fn verify_es256(
    provider: &dyn CryptoProvider,
    key: &p256::PublicKey,
    message: &[u8],
    signature: &[u8; 64],
) -> Result<(), CryptoError> {
    provider.p256_verify_sha256(&encode_point(key), message, signature)
}
