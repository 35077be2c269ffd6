//! Signature verification for a parsed [`Jws`].

use super::{Jws, JwsAlg, JwsError};
use crate::crypto::{self, CryptoProvider};
use crate::jose::base64url;
use crate::keys::{MAX_RSA_BITS, PublicKey};

/// Largest RSA signature accepted: as long as the largest modulus a
/// certificate chain accepts, so both stop at the same bound.
const MAX_RSA_SIG: usize = MAX_RSA_BITS.div_ceil(8) as usize;

/// Verifies `signature` over `message` with `key` under `alg`. ES256 takes
/// only the raw 64-byte R‖S form (no DER); PS256 is RSASSA-PSS with
/// SHA-256, MGF1-SHA-256 and a 32-byte salt.
///
/// # Errors
/// [`JwsError::KeyMismatch`], [`JwsError::SignatureLength`] or
/// [`JwsError::BadSignature`].
pub fn verify_signature(
    alg: JwsAlg,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), JwsError> {
    verify_signature_with(crypto::default_provider(), alg, key, message, signature)
}

/// [`verify_signature`] with ES256 run by `provider`.
///
/// # Errors
/// As [`verify_signature`].
pub fn verify_signature_with(
    provider: &dyn CryptoProvider,
    alg: JwsAlg,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Result<(), JwsError> {
    match (alg, key) {
        (JwsAlg::Es256, PublicKey::P256(pk)) => {
            let sig: &[u8; 64] = signature
                .try_into()
                .map_err(|_| JwsError::SignatureLength)?;
            crypto::verify_es256(provider, pk, message, sig).map_err(|_| JwsError::BadSignature)
        }
        #[cfg(feature = "alloc")]
        (JwsAlg::Ps256, PublicKey::Rsa(pk)) => {
            if signature.len() != pk.size() {
                return Err(JwsError::SignatureLength);
            }
            pk.verify_pss(crate::keys::rsa::HashAlg::Sha256, message, signature)
                .map_err(|_| JwsError::BadSignature)
        }
        _ => Err(JwsError::KeyMismatch),
    }
}

impl Jws<'_> {
    /// Verifies the signature with `key` (the `x5c` leaf key, or a pinned
    /// key); see [`verify_signature`].
    ///
    /// # Errors
    /// As [`verify_signature`].
    pub fn verify(&self, key: &PublicKey) -> Result<(), JwsError> {
        self.verify_with(crypto::default_provider(), key)
    }

    /// [`verify`](Self::verify) with ES256 run by `provider`.
    ///
    /// # Errors
    /// As [`verify_signature`].
    pub fn verify_with(
        &self,
        provider: &dyn CryptoProvider,
        key: &PublicKey,
    ) -> Result<(), JwsError> {
        let mut sig_buf = [0u8; MAX_RSA_SIG];
        let sig = base64url::decode(self.signature_b64(), &mut sig_buf).map_err(|e| match e {
            base64url::Base64Error::BufferTooSmall => JwsError::SignatureLength,
            base64url::Base64Error::InvalidEncoding => JwsError::Base64("signature"),
        })?;
        verify_signature_with(
            provider,
            self.alg(),
            key,
            self.signing_input().as_bytes(),
            sig,
        )
    }
}
