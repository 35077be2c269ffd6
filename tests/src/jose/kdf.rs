//! The EMV Concat KDF (NIST SP 800-56A, one SHA-256 round, 256-bit output).
//!
//! EMV 3DS fixes AlgorithmID and PartyUInfo to empty and puts the DS id (device
//! information) or the sdkReferenceNumber (session keys) into PartyVInfo; this
//! is *not* RFC 7518's ECDH-ES derivation, which puts the `enc` name into
//! AlgorithmID.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Derives 32 bytes from the ECDH secret `z` and PartyVInfo `party_v`.
#[must_use]
pub fn emv_concat_kdf(z: &[u8], party_v: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut hash = Sha256::new();
    hash.update(1u32.to_be_bytes()); // round counter
    hash.update(z);
    hash.update(0u32.to_be_bytes()); // AlgorithmID: empty
    hash.update(0u32.to_be_bytes()); // PartyUInfo: empty
    let v_len = u32::try_from(party_v.len()).unwrap_or(u32::MAX);
    hash.update(v_len.to_be_bytes());
    hash.update(party_v);
    hash.update(256u32.to_be_bytes()); // SuppPubInfo: keydatalen in bits
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&hash.finalize());
    out
}

/// ECDH on P-256 followed by the EMV KDF: the key both sides of a 3DS
/// exchange derive.
#[must_use]
pub fn ecdh_emv(
    secret: &p256::SecretKey,
    peer: &p256::PublicKey,
    party_v: &[u8],
) -> Zeroizing<[u8; 32]> {
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), peer.as_affine());
    emv_concat_kdf(shared.raw_secret_bytes(), party_v)
}
