//! Operating-system randomness and time.

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use threeds_core::platform::Clock;

/// The operating system's CSPRNG (`getrandom`), as the core's `Rng` port.
///
/// It stays fallible: if the OS generator ever fails, the SDK operation that
/// needed randomness fails with an error instead of continuing with weaker bytes.
pub type OsRng = getrandom::SysRng;

/// Wall-clock time for certificate validity and a monotonic clock for timeouts.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    origin: Instant,
}

impl SystemClock {
    /// A clock whose monotonic origin is now.
    pub fn new() -> Self {
        Self {
            origin: Instant::now(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for SystemClock {
    fn now_unix(&self) -> u64 {
        // A clock set before 1970 reads as the epoch: certificates then fail
        // their validity check instead of the SDK panicking.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    fn monotonic_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threeds_core::platform::fill_random;

    #[test]
    fn os_rng_fills_and_differs() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        fill_random(&mut OsRng::default(), &mut a).unwrap();
        fill_random(&mut OsRng::default(), &mut b).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn system_clock_is_after_2024_and_monotonic() {
        let c = SystemClock::new();
        assert!(c.now_unix() > 1_704_067_200);
        let t0 = c.monotonic_ms();
        assert!(c.monotonic_ms() >= t0);
    }
}
