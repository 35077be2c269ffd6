//! Concat KDFs (NIST SP 800-56A §5.8.1, single-hash SHA-256).
//!
//! Two profiles share one implementation:
//! - the EMV profile (device information and session keys):
//!   `SHA-256(00000001 ‖ Z ‖ len32("") ‖ len32("") ‖ len32(V) ‖ V ‖ 00000100)`,
//!   i.e. empty AlgorithmID and PartyUInfo, PartyVInfo = V, 256-bit output;
//! - RFC 7518 §4.6 ECDH-ES (AlgorithmID = `enc`, `apu`, `apv`, keydatalen).

use core::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Why a key could not be derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KdfError {
    /// An input is longer than a 32-bit length prefix allows, or the
    /// requested output is empty or too long.
    InvalidLength,
    /// The key agreement feeding the KDF failed (the crypto provider
    /// refused the ECDH).
    KeyAgreement,
}

impl fmt::Display for KdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KdfError::InvalidLength => "KDF: input or output length out of range",
            KdfError::KeyAgreement => "KDF: key agreement failed",
        })
    }
}

impl core::error::Error for KdfError {}

fn len32(data: &[u8]) -> Result<[u8; 4], KdfError> {
    u32::try_from(data.len())
        .map(u32::to_be_bytes)
        .map_err(|_| KdfError::InvalidLength)
}

/// The generic Concat KDF: fills `out` with
/// `H(1 ‖ Z ‖ OtherInfo) ‖ H(2 ‖ Z ‖ OtherInfo) ‖ …` where OtherInfo =
/// `len32(alg) ‖ alg ‖ len32(apu) ‖ apu ‖ len32(apv) ‖ apv ‖ bits32(out)`.
///
/// # Errors
/// [`KdfError::InvalidLength`] for empty/oversized output or inputs longer
/// than `u32::MAX`.
pub fn concat_kdf(
    z: &[u8],
    algorithm_id: &[u8],
    party_u_info: &[u8],
    party_v_info: &[u8],
    out: &mut [u8],
) -> Result<(), KdfError> {
    if out.is_empty() {
        return Err(KdfError::InvalidLength);
    }
    let bits = out
        .len()
        .checked_mul(8)
        .and_then(|b| u32::try_from(b).ok())
        .ok_or(KdfError::InvalidLength)?;
    let (l_alg, l_apu, l_apv) = (
        len32(algorithm_id)?,
        len32(party_u_info)?,
        len32(party_v_info)?,
    );
    let mut counter: u32 = 1;
    for chunk in out.chunks_mut(32) {
        let mut h = Sha256::new();
        h.update(counter.to_be_bytes());
        h.update(z);
        h.update(l_alg);
        h.update(algorithm_id);
        h.update(l_apu);
        h.update(party_u_info);
        h.update(l_apv);
        h.update(party_v_info);
        h.update(bits.to_be_bytes());
        let digest = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
        let n = chunk.len();
        chunk.copy_from_slice(digest.get(..n).ok_or(KdfError::InvalidLength)?);
        counter = counter.checked_add(1).ok_or(KdfError::InvalidLength)?;
    }
    Ok(())
}

/// The EMV Concat KDF: 32 bytes from the shared secret `z` and
/// PartyVInfo `v` (the DS id for device information, the
/// sdkReferenceNumber for session keys).
///
/// # Errors
/// [`KdfError::InvalidLength`] when `v` is longer than `u32::MAX`.
pub fn emv_concat_kdf(z: &[u8; 32], v: &[u8]) -> Result<Zeroizing<[u8; 32]>, KdfError> {
    let mut out = Zeroizing::new([0u8; 32]);
    concat_kdf(z, &[], &[], v, out.as_mut())?;
    Ok(out)
}

/// The RFC 7518 §4.6 ECDH-ES KDF in direct key agreement mode
/// (AlgorithmID = the `enc` name), filling `out` (its length is keydatalen).
///
/// # Errors
/// As [`concat_kdf`].
pub fn ecdh_es_kdf(
    z: &[u8],
    enc: &str,
    apu: &[u8],
    apv: &[u8],
    out: &mut [u8],
) -> Result<(), KdfError> {
    concat_kdf(z, enc.as_bytes(), apu, apv, out)
}
