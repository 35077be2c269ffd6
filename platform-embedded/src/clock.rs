//! A [`Clock`] from a monotonic tick counter.

use threeds_core::platform::Clock;

/// A free-running monotonic counter, e.g. SysTick extended to 64 bits, a RTC prescaler or
/// `embassy_time::Instant::now().as_ticks()`.
///
/// It must not wrap: extend 32-bit hardware counters in the overflow interrupt.
pub trait TickSource {
    /// The current count.
    fn ticks(&self) -> u64;
    /// Counts per second (non-zero).
    fn ticks_per_second(&self) -> u64;
}

/// A [`TickSource`] from a closure and a fixed rate.
#[derive(Debug, Clone, Copy)]
pub struct FnTicks<F> {
    read: F,
    per_second: u64,
}

impl<F: Fn() -> u64> FnTicks<F> {
    /// Wraps `read`, which returns ticks at `per_second` Hz.
    pub fn new(read: F, per_second: u64) -> Self {
        Self { read, per_second }
    }
}

impl<F: Fn() -> u64> TickSource for FnTicks<F> {
    fn ticks(&self) -> u64 {
        (self.read)()
    }
    fn ticks_per_second(&self) -> u64 {
        self.per_second
    }
}

/// [`Clock`] = monotonic ticks + a wall-clock offset the application sets.
///
/// `monotonic_ms` comes straight from the ticks, so timeouts work from power-on.
/// `now_unix` is `offset + uptime`; until [`TickClock::set_unix_time`] is called (from
/// the terminal's RTC, host time sync or NTP) it reports seconds since boot, i.e. a date
/// in 1970, and certificate validity checks fail closed.
///
/// A zero tick rate yields zero for both readings rather than a division panic.
#[derive(Debug, Clone, Copy)]
pub struct TickClock<T> {
    source: T,
    /// Unix seconds at tick 0.
    unix_at_boot: u64,
    wall_clock_set: bool,
}

impl<T: TickSource> TickClock<T> {
    /// A clock without wall time yet.
    pub fn new(source: T) -> Self {
        Self {
            source,
            unix_at_boot: 0,
            wall_clock_set: false,
        }
    }

    /// Declares that it is now `unix_seconds` (UTC).
    pub fn set_unix_time(&mut self, unix_seconds: u64) {
        self.unix_at_boot = unix_seconds.saturating_sub(self.uptime_secs());
        self.wall_clock_set = true;
    }

    /// Whether [`TickClock::set_unix_time`] was called.
    pub fn is_wall_clock_set(&self) -> bool {
        self.wall_clock_set
    }

    /// The tick source.
    pub fn source(&self) -> &T {
        &self.source
    }

    fn scaled(&self, per_second: u64) -> u64 {
        let ticks = u128::from(self.source.ticks());
        let hz = u128::from(self.source.ticks_per_second());
        ticks
            .saturating_mul(u128::from(per_second))
            .checked_div(hz)
            .map_or(0, |v| u64::try_from(v).unwrap_or(u64::MAX))
    }

    fn uptime_secs(&self) -> u64 {
        self.scaled(1)
    }
}

impl<T: TickSource> Clock for TickClock<T> {
    fn now_unix(&self) -> u64 {
        self.unix_at_boot.saturating_add(self.uptime_secs())
    }

    fn monotonic_ms(&self) -> u64 {
        self.scaled(1000)
    }
}
