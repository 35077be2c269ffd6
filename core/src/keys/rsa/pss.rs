//! RSASSA-PSS verification (RFC 8017 §8.1.2 and EMSA-PSS-VERIFY, §9.1.2),
//! with MGF1 over the message hash and a salt as long as the hash: the
//! parameters of PS256 (RFC 7518 §3.5), of TLS 1.3 `rsa_pss_rsae_*` and of
//! the RSASSA-PSS certificate signatures we accept.

use subtle::ConstantTimeEq;

use super::hash::{HashAlg, MAX_HASH_LEN};
use super::{RsaError, RsaPublicKey};

/// Verifies `sig` over `msg`.
pub(super) fn verify(
    key: &RsaPublicKey,
    hash: HashAlg,
    msg: &[u8],
    sig: &[u8],
) -> Result<(), RsaError> {
    let bad = RsaError::BadSignature;
    // §8.1.2 step 1: exactly k octets. Steps 2a–2c: m = s^e mod n, s < n.
    let mut em = key.public_op_copy(sig)?;
    // EM is emLen = ⌈(modBits − 1)/8⌉ octets: one fewer than k when modBits
    // is 1 mod 8, and that leading octet of the k-octet value must be zero.
    let em_bits = key.bits().saturating_sub(1);
    let em_len = usize::try_from(em_bits.div_ceil(8)).map_err(|_| bad)?;
    let lead = em.len().checked_sub(em_len).ok_or(bad)?;
    let (prefix, em) = em.split_at_mut_checked(lead).ok_or(bad)?;
    if prefix.iter().any(|b| *b != 0) {
        return Err(bad);
    }

    let h_len = hash.output_len();
    let s_len = h_len;
    // §9.1.2 step 3.
    let db_len = em_len.checked_sub(h_len.saturating_add(1)).ok_or(bad)?;
    let ps_len = db_len.checked_sub(s_len.saturating_add(1)).ok_or(bad)?;
    let (masked_db, rest) = em.split_at_mut_checked(db_len).ok_or(bad)?;
    let (h, trailer) = rest.split_at_mut_checked(h_len).ok_or(bad)?;
    // Step 4.
    if trailer != [0xbc] {
        return Err(bad);
    }
    // Step 6: the 8·emLen − emBits leftmost bits of maskedDB must be zero.
    let unused_bits = u32::try_from(em_len)
        .map_err(|_| bad)?
        .saturating_mul(8)
        .saturating_sub(em_bits);
    let top_mask = 0xffu8.checked_shr(unused_bits).unwrap_or(0);
    let first = masked_db.first_mut().ok_or(bad)?;
    if *first & !top_mask != 0 {
        return Err(bad);
    }
    // Steps 7–9: DB = maskedDB ⊕ MGF1(H), leftmost bits cleared.
    hash.mgf1_xor(h, masked_db);
    if let Some(first) = masked_db.first_mut() {
        *first &= top_mask;
    }
    // Step 10: DB = PS (zeros) ‖ 0x01 ‖ salt.
    let (ps, rest) = masked_db.split_at_checked(ps_len).ok_or(bad)?;
    let (one, salt) = rest.split_first().ok_or(bad)?;
    if ps.iter().any(|b| *b != 0) || *one != 0x01 {
        return Err(bad);
    }
    // Steps 2, 12–14: H' = Hash(0x00 × 8 ‖ Hash(M) ‖ salt) must equal H.
    let mut m_hash = [0u8; MAX_HASH_LEN];
    hash.digest(&[msg], &mut m_hash);
    let m_hash = m_hash.get(..h_len).ok_or(bad)?;
    let mut h2 = [0u8; MAX_HASH_LEN];
    hash.digest(&[&[0u8; 8], m_hash, salt], &mut h2);
    let h2 = h2.get(..h_len).ok_or(bad)?;
    if bool::from(h2.ct_eq(h)) {
        Ok(())
    } else {
        Err(bad)
    }
}
