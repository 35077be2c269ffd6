//! The clock the CLI gives the state machine.
//!
//! A transaction spans several processes (`auth-request`, then
//! `check-auth-response`, then `challenge`), and its timers are stored in the
//! state file, so "monotonic" time must mean the same in each process: the
//! wall clock in milliseconds is the only such clock.

use std::time::{SystemTime, UNIX_EPOCH};

use threeds_core::platform::Clock;

/// Wall-clock time for both certificate checks and the transaction timers.
#[derive(Debug, Clone, Copy, Default)]
pub struct WallClock;

impl Clock for WallClock {
    fn now_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }

    fn monotonic_ms(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}
