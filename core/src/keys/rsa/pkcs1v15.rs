//! RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2), for certificate
//! signatures (sha256/384/512WithRSAEncryption).
//!
//! Every byte of the encoding is checked at the one position the expected
//! encoding puts it (equivalent to steps 3–4 of §8.2.2, rebuild and
//! compare): no lenient parse of the DigestInfo, which is what
//! Bleichenbacher's 2006 forgery relied on.

use subtle::ConstantTimeEq;

use super::hash::{HashAlg, MAX_HASH_LEN};
use super::{RsaError, RsaPublicKey};

/// The DER `DigestInfo` header before the hash value (RFC 8017 §9.2, note 1),
/// with the NULL parameters.
fn digest_info_prefix(hash: HashAlg) -> &'static [u8] {
    match hash {
        HashAlg::Sha256 => &[
            0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x01, 0x05, 0x00, 0x04, 0x20,
        ],
        HashAlg::Sha384 => &[
            0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x02, 0x05, 0x00, 0x04, 0x30,
        ],
        HashAlg::Sha512 => &[
            0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
            0x03, 0x05, 0x00, 0x04, 0x40,
        ],
    }
}

/// Verifies `sig` over `msg`.
pub(super) fn verify(
    key: &RsaPublicKey,
    hash: HashAlg,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), RsaError> {
    let bad = RsaError::BadSignature;
    let em = key.public_op_copy(sig)?;
    let prefix = digest_info_prefix(hash);
    let h_len = hash.output_len();
    let mut digest = [0u8; MAX_HASH_LEN];
    hash.digest(&[msg], &mut digest);
    let digest = digest.get(..h_len).ok_or(bad)?;

    // EM = 0x00 ‖ 0x01 ‖ PS (0xff, at least 8) ‖ 0x00 ‖ DigestInfo ‖ H.
    let t_len = prefix.len().saturating_add(h_len);
    let ps_len = em
        .len()
        .checked_sub(t_len.saturating_add(3))
        .filter(|n| *n >= 8)
        .ok_or(bad)?;
    let (head, rest) = em.split_at_checked(2).ok_or(bad)?;
    let (ps, rest) = rest.split_at_checked(ps_len).ok_or(bad)?;
    let (sep, rest) = rest.split_first().ok_or(bad)?;
    let (info, h) = rest.split_at_checked(prefix.len()).ok_or(bad)?;
    let framing_ok =
        head == [0x00, 0x01] && ps.iter().all(|b| *b == 0xff) && *sep == 0 && info == prefix;
    if framing_ok && bool::from(h.ct_eq(digest)) {
        Ok(())
    } else {
        Err(bad)
    }
}
