//! RSAES-OAEP encryption (RFC 8017 §7.1.1) with SHA-256, MGF1-SHA-256 and an
//! empty label: the `RSA-OAEP-256` key encryption of JWE (RFC 7518 §4.3).

use super::hash::{HashAlg, MAX_HASH_LEN};
use super::{RsaError, RsaPublicKey};

const HASH: HashAlg = HashAlg::Sha256;

/// Encrypts `msg` into the first `k` bytes of `out` (k = modulus length);
/// returns k. `fill_seed` writes the seed (`HASH`'s length in bytes), the
/// only randomness, once, after the lengths are checked.
pub(super) fn encrypt(
    key: &RsaPublicKey,
    fill_seed: impl FnOnce(&mut [u8]) -> Result<(), RsaError>,
    msg: &[u8],
    out: &mut [u8],
) -> Result<usize, RsaError> {
    let k = key.size();
    let h_len = HASH.output_len();
    // Step 1b: mLen ≤ k − 2hLen − 2.
    let db_len = k
        .checked_sub(h_len.saturating_add(1))
        .ok_or(RsaError::MessageTooLong)?;
    let ps_len = db_len
        .checked_sub(h_len.saturating_add(1).saturating_add(msg.len()))
        .ok_or(RsaError::MessageTooLong)?;
    let em = out.get_mut(..k).ok_or(RsaError::BufferTooSmall)?;
    em.fill(0);
    let (zero, rest) = em.split_first_mut().ok_or(RsaError::BufferTooSmall)?;
    *zero = 0;
    let (seed, db) = rest
        .split_at_mut_checked(h_len)
        .ok_or(RsaError::BufferTooSmall)?;
    if let Err(e) = fill_seed(seed) {
        em.fill(0);
        return Err(e);
    }

    // Step 2: DB = lHash ‖ PS ‖ 0x01 ‖ M, lHash = Hash("").
    let mut l_hash = [0u8; MAX_HASH_LEN];
    HASH.digest(&[], &mut l_hash);
    let (db_hash, rest) = db
        .split_at_mut_checked(h_len)
        .ok_or(RsaError::BufferTooSmall)?;
    for (d, l) in db_hash.iter_mut().zip(l_hash.iter()) {
        *d = *l;
    }
    let (_ps, rest) = rest
        .split_at_mut_checked(ps_len)
        .ok_or(RsaError::BufferTooSmall)?;
    let (one, m) = rest.split_first_mut().ok_or(RsaError::BufferTooSmall)?;
    *one = 0x01;
    for (d, s) in m.iter_mut().zip(msg.iter()) {
        *d = *s;
    }
    // maskedDB = DB ⊕ MGF(seed); maskedSeed = seed ⊕ MGF(maskedDB).
    HASH.mgf1_xor(seed, db);
    HASH.mgf1_xor(db, seed);
    // Step 3: c = m^e mod n in place; EM < n since its first octet is zero.
    match key.public_op_in_place(em) {
        Ok(()) => Ok(k),
        Err(e) => {
            em.fill(0); // EM reveals M to anyone: never leave it behind
            Err(e)
        }
    }
}
