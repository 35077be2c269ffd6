//! The default provider: RustCrypto's portable, constant-time `p256`.

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use zeroize::Zeroizing;

use super::{CryptoError, CryptoProvider, P256Point, encode_point};

/// RustCrypto's `p256` (portable Rust, constant-time field and scalar
/// arithmetic). The default provider.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

/// The default provider's one instance.
pub static RUST_CRYPTO: RustCrypto = RustCrypto;

fn secret_key(secret: &[u8; 32]) -> Result<p256::SecretKey, CryptoError> {
    p256::SecretKey::from_slice(secret).map_err(|_| CryptoError::InvalidScalar)
}

fn public_key(point: &P256Point) -> Result<p256::PublicKey, CryptoError> {
    p256::PublicKey::from_sec1_bytes(point).map_err(|_| CryptoError::InvalidPoint)
}

impl CryptoProvider for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError> {
        Ok(encode_point(&secret_key(secret)?.public_key()))
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
        let secret = secret_key(secret)?;
        let peer = public_key(peer)?;
        let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), peer.as_affine());
        let mut z = Zeroizing::new([0u8; 32]);
        z.copy_from_slice(shared.raw_secret_bytes().as_slice());
        Ok(z)
    }

    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        let vk = p256::ecdsa::VerifyingKey::from(public_key(key)?);
        let sig =
            p256::ecdsa::Signature::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
        vk.verify_prehash(prehash, &sig)
            .map_err(|_| CryptoError::BadSignature)
    }
}
