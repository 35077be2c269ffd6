//! The hash functions of the RSA paddings, and MGF1.
//!
//! One enum instead of generics over `Digest`: the PSS and MGF1 logic is
//! then linked once, not once per hash.

use sha2::{Digest, Sha256, Sha384, Sha512};

/// Largest output of a supported hash (SHA-512).
pub(crate) const MAX_HASH_LEN: usize = 64;

/// The hash of an RSA signature or OAEP padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HashAlg {
    /// SHA-256 (PS256, RSA-OAEP-256, sha256WithRSAEncryption).
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlg {
    /// Output length in bytes.
    #[must_use]
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// The hash of the concatenation of `parts`, in the first
    /// [`output_len`](Self::output_len) bytes of `out`.
    pub(crate) fn digest(self, parts: &[&[u8]], out: &mut [u8; MAX_HASH_LEN]) {
        fn run<D: Digest>(parts: &[&[u8]], out: &mut [u8]) {
            let mut h = D::new();
            for p in parts {
                h.update(p);
            }
            for (o, b) in out.iter_mut().zip(h.finalize().iter()) {
                *o = *b;
            }
        }
        match self {
            Self::Sha256 => run::<Sha256>(parts, out),
            Self::Sha384 => run::<Sha384>(parts, out),
            Self::Sha512 => run::<Sha512>(parts, out),
        }
    }

    /// MGF1 (RFC 8017 §B.2.1) with this hash: `out ^= MGF1(seed, out.len())`.
    pub(crate) fn mgf1_xor(self, seed: &[u8], out: &mut [u8]) {
        let mut block = [0u8; MAX_HASH_LEN];
        for (counter, chunk) in (0u32..).zip(out.chunks_mut(self.output_len())) {
            self.digest(&[seed, &counter.to_be_bytes()], &mut block);
            for (o, m) in chunk.iter_mut().zip(block.iter()) {
                *o ^= m;
            }
        }
        zeroize::Zeroize::zeroize(&mut block);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mgf1_sha256_matches_a_direct_expansion() {
        // MGF1(seed, 40) = SHA-256(seed ‖ 0) ‖ SHA-256(seed ‖ 1)[..8]
        let seed = b"threeds mgf1 seed";
        let mut out = [0u8; 40];
        HashAlg::Sha256.mgf1_xor(seed, &mut out);
        let b0 = Sha256::new()
            .chain_update(seed)
            .chain_update([0, 0, 0, 0])
            .finalize();
        let b1 = Sha256::new()
            .chain_update(seed)
            .chain_update([0, 0, 0, 1])
            .finalize();
        assert_eq!(&out[..32], &b0[..]);
        assert_eq!(&out[32..], &b1[..8]);
    }
}
