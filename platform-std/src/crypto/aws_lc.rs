//! [`AWS_LC`]: every P-256 operation and RSA-OAEP key encryption on AWS-LC
//! (feature `aws-lc-crypto`).

use aws_lc_rs::agreement::{self, ECDH_P256};
use aws_lc_rs::digest::{Digest, SHA256};
use aws_lc_rs::rsa::{
    OAEP_SHA256_MGF1SHA256, OaepPublicEncryptingKey, PublicEncryptingKey, PublicKeyComponents,
};
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
use threeds_core::crypto::{CryptoError, CryptoProvider, P256Point};
use threeds_core::keys::rsa::RsaPublicKey;
use zeroize::Zeroizing;

/// P-256 (assembly field arithmetic and constant-time scalar
/// multiplication on x86_64 and AArch64) and RSA-OAEP encryption (assembly
/// Montgomery multiplication) on AWS-LC.
///
/// RSA-OAEP draws its seed from AWS-LC's own DRBG (seeded from the OS), not
/// from the transaction's generator: on a host that is as good, but a
/// transcript recorded with this provider is not reproducible from the
/// recorded randomness alone (the default provider's is).
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsLc;

/// The provider's one instance, for
/// [`Transaction::with_crypto`](threeds_core::transaction::Transaction::with_crypto).
pub static AWS_LC: AwsLc = AwsLc;

fn private_key(secret: &[u8; 32]) -> Result<agreement::PrivateKey, CryptoError> {
    agreement::PrivateKey::from_private_key(&ECDH_P256, secret)
        .map_err(|_| CryptoError::InvalidScalar)
}

impl CryptoProvider for AwsLc {
    fn name(&self) -> &'static str {
        "aws-lc"
    }

    fn p256_public_key(&self, secret: &[u8; 32]) -> Result<P256Point, CryptoError> {
        let public = private_key(secret)?
            .compute_public_key()
            .map_err(|_| CryptoError::Backend)?;
        // Uncompressed SEC1; anything else is a backend fault.
        P256Point::try_from(public.as_ref()).map_err(|_| CryptoError::Backend)
    }

    fn p256_ecdh(
        &self,
        secret: &[u8; 32],
        peer: &P256Point,
    ) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
        let key = private_key(secret)?;
        // AWS-LC checks that the peer point is on the curve.
        agreement::agree(
            &key,
            agreement::UnparsedPublicKey::new(&ECDH_P256, peer),
            CryptoError::InvalidPoint,
            |z| {
                let mut out = Zeroizing::new([0u8; 32]);
                if z.len() != 32 {
                    return Err(CryptoError::Backend);
                }
                out.copy_from_slice(z);
                Ok(out)
            },
        )
    }

    fn p256_verify_prehash(
        &self,
        key: &P256Point,
        prehash: &[u8; 32],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        let digest =
            Digest::import_less_safe(prehash, &SHA256).map_err(|_| CryptoError::Backend)?;
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key)
            .verify_digest(&digest, signature)
            .map_err(|_| CryptoError::BadSignature)
    }

    fn p256_verify_sha256(
        &self,
        key: &P256Point,
        message: &[u8],
        signature: &[u8; 64],
    ) -> Result<(), CryptoError> {
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, key)
            .verify(message, signature)
            .map_err(|_| CryptoError::BadSignature)
    }

    fn rsa_oaep_sha256_encrypt(
        &self,
        key: &RsaPublicKey,
        cek: &[u8],
        _seed: &[u8; 32],
        out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        // The core's key is already validated; both sides encode n without
        // leading zeros, which AWS-LC requires.
        let e = key.exponent().to_be_bytes();
        let first = e.iter().position(|b| *b != 0).unwrap_or(e.len());
        let components = PublicKeyComponents {
            n: key.modulus(),
            e: e.get(first..).unwrap_or(&[]),
        };
        let public: PublicEncryptingKey =
            components.try_into().map_err(|_| CryptoError::Backend)?;
        let oaep = OaepPublicEncryptingKey::new(public).map_err(|_| CryptoError::Backend)?;
        let ciphertext = oaep
            .encrypt(&OAEP_SHA256_MGF1SHA256, cek, out, None)
            .map_err(|_| CryptoError::Backend)?;
        Ok(ciphertext.len())
    }
}
