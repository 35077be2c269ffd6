//! The handshake's randomness: `embedded-tls` wants a `rand_core` 0.6 generator that
//! cannot fail, the core's port is a fallible `rand_core` 0.10 `TryCryptoRng`.
//!
//! The bridge draws a 32-byte seed from the caller's generator *before* anything is
//! sent (so a TRNG fault becomes [`TlsFailure::Rng`] instead of a panic or weak keys)
//! and runs the handshake on a ChaCha20 generator seeded with it. The handshake needs
//! well under 1 KiB of randomness (client random, one P-256 ephemeral key).

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng, TryCryptoRng};
use zeroize::Zeroizing;

use super::TlsFailure;

/// A per-connection ChaCha20 generator seeded from the caller's entropy source.
pub(crate) struct HandshakeRng(ChaCha20Rng);

impl HandshakeRng {
    /// Seeds from `source`.
    pub(crate) fn seed_from<R: TryCryptoRng + ?Sized>(source: &mut R) -> Result<Self, TlsFailure> {
        let mut seed = Zeroizing::new([0u8; 32]);
        source
            .try_fill_bytes(&mut seed[..])
            .map_err(|_| TlsFailure::Rng)?;
        Ok(Self(ChaCha20Rng::from_seed(*seed)))
    }
}

impl rand_core_06::RngCore for HandshakeRng {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.0.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core_06::CryptoRng for HandshakeRng {}
