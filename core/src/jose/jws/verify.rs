//! Signature verification for a parsed [`Jws`].

use signature::Verifier;

use super::{Jws, JwsAlg, JwsError};
use crate::jose::base64url;
use crate::keys::PublicKey;

/// Largest RSA signature accepted (4096-bit modulus).
const MAX_RSA_SIG: usize = 512;

impl Jws<'_> {
    /// Verifies the signature with `key` (the `x5c` leaf key, or a pinned
    /// key). ES256 takes only the raw 64-byte R‖S form (no DER); PS256 is
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt.
    ///
    /// # Errors
    /// [`JwsError::KeyMismatch`], [`JwsError::SignatureLength`] or
    /// [`JwsError::BadSignature`].
    pub fn verify(&self, key: &PublicKey) -> Result<(), JwsError> {
        let msg = self.signing_input().as_bytes();
        let mut sig_buf = [0u8; MAX_RSA_SIG];
        let sig = base64url::decode(self.signature_b64(), &mut sig_buf).map_err(|e| match e {
            base64url::Base64Error::BufferTooSmall => JwsError::SignatureLength,
            base64url::Base64Error::InvalidEncoding => JwsError::Base64("signature"),
        })?;
        match (self.alg(), key) {
            (JwsAlg::Es256, PublicKey::P256(pk)) => {
                if sig.len() != 64 {
                    return Err(JwsError::SignatureLength);
                }
                let sig = p256::ecdsa::Signature::from_slice(sig)
                    .map_err(|_| JwsError::BadSignature)?;
                let vk = p256::ecdsa::VerifyingKey::from(pk);
                vk.verify(msg, &sig).map_err(|_| JwsError::BadSignature)
            }
            #[cfg(feature = "alloc")]
            (JwsAlg::Ps256, PublicKey::Rsa(pk)) => {
                use rsa::traits::PublicKeyParts;
                if sig.len() != pk.size() {
                    return Err(JwsError::SignatureLength);
                }
                let sig = rsa::pss::Signature::try_from(sig).map_err(|_| JwsError::BadSignature)?;
                let vk = rsa::pss::VerifyingKey::<sha2::Sha256>::new(pk.clone());
                vk.verify(msg, &sig).map_err(|_| JwsError::BadSignature)
            }
            _ => Err(JwsError::KeyMismatch),
        }
    }
}
