use threeds_core::platform::Clock;

/// The exchange's deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimedOut;

/// Decides, between stream operations, whether the exchange may go on.
///
/// The blocking client calls [`Watchdog::check`] before every read and write,
/// [`Watchdog::on_progress`] after every one that moved bytes, and
/// [`Watchdog::on_stall`] when the stream reports `TimedOut` or `Interrupted`.
pub trait Watchdog {
    /// Called before each stream operation.
    ///
    /// # Errors
    /// [`TimedOut`] to abort the exchange.
    fn check(&mut self) -> Result<(), TimedOut>;
    /// Bytes moved: the peer is alive.
    fn on_progress(&mut self);
    /// The stream's own read/write timeout fired. `Ok` retries the operation.
    ///
    /// # Errors
    /// [`TimedOut`] to abort the exchange.
    fn on_stall(&mut self) -> Result<(), TimedOut>;
}

/// No clock: the stream's own timeouts are final (a stall aborts at once).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoWatchdog;

impl Watchdog for NoWatchdog {
    fn check(&mut self) -> Result<(), TimedOut> {
        Ok(())
    }
    fn on_progress(&mut self) {}
    fn on_stall(&mut self) -> Result<(), TimedOut> {
        Err(TimedOut)
    }
}

/// One deadline for a whole exchange, on a [`Clock`]: connecting, the TLS handshake,
/// the request and the response up to its last byte end by `now + timeout_ms` (the
/// meaning of `HttpRequest::timeout_ms`). Bytes that keep arriving do not extend it, so a
/// peer that trickles one byte just before each socket timeout still times out.
///
/// The clock is only consulted between stream operations, so a stream whose `read`
/// blocks forever defeats it: give the stream a read timeout (a short one is fine — a
/// `TimedOut` or `Interrupted` error is retried until the deadline). A `timeout_ms` of
/// 0 is already expired: the first [`Watchdog::check`] fails.
#[derive(Debug, Clone)]
pub struct DeadlineWatchdog<C> {
    clock: C,
    deadline_ms: u64,
}

impl<C: Clock> DeadlineWatchdog<C> {
    /// Starts the budget of `timeout_ms` now.
    pub fn new(clock: C, timeout_ms: u64) -> Self {
        let deadline_ms = clock.monotonic_ms().saturating_add(timeout_ms);
        Self { clock, deadline_ms }
    }

    /// Milliseconds left before the deadline (0 once it has passed).
    pub fn remaining_ms(&self) -> u64 {
        self.deadline_ms.saturating_sub(self.clock.monotonic_ms())
    }
}

impl<C: Clock> Watchdog for DeadlineWatchdog<C> {
    fn check(&mut self) -> Result<(), TimedOut> {
        if self.clock.monotonic_ms() >= self.deadline_ms {
            return Err(TimedOut);
        }
        Ok(())
    }

    fn on_progress(&mut self) {}

    fn on_stall(&mut self) -> Result<(), TimedOut> {
        self.check()
    }
}
