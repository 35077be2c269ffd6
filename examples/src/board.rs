//! Stand-ins for a board's peripherals, shared by the firmware examples: on a
//! device, `Trng` reads the TRNG peripheral and `ticks` the tick counter.

use std::sync::OnceLock;
use std::time::Instant;

/// The TRNG driver. On a board `next_word` reads the peripheral's data
/// register after checking its seed/clock error flags.
pub struct Trng;

/// The peripheral reported a seed or clock error: the SDK gets an error
/// instead of weak keys.
#[derive(Debug)]
pub struct TrngFault;

impl core::fmt::Display for TrngFault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TRNG seed or clock error")
    }
}

impl core::error::Error for TrngFault {}

impl Trng {
    fn next_word(&mut self) -> Result<u32, TrngFault> {
        let mut word = [0u8; 4];
        getrandom::fill(&mut word).map_err(|_| TrngFault)?;
        Ok(u32::from_le_bytes(word))
    }
}

impl rand_core::TryRng for Trng {
    type Error = TrngFault;

    fn try_next_u32(&mut self) -> Result<u32, TrngFault> {
        self.next_word()
    }

    fn try_next_u64(&mut self) -> Result<u64, TrngFault> {
        Ok(u64::from(self.next_word()?) << 32 | u64::from(self.next_word()?))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), TrngFault> {
        for chunk in dst.chunks_mut(4) {
            let word = self.next_word()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Trng {}

/// A free-running 1 MHz counter (on a board: SysTick extended to 64 bits in
/// its overflow interrupt).
pub fn ticks() -> u64 {
    static BOOT: OnceLock<Instant> = OnceLock::new();
    let micros = BOOT.get_or_init(Instant::now).elapsed().as_micros();
    u64::try_from(micros).unwrap_or(u64::MAX)
}
