use threeds_core::platform::Clock;

/// The peer was silent for too long (or the whole exchange took too long).
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

/// Inactivity timeout on a [`Clock`]: fails once no bytes moved for `timeout_ms`, and,
/// optionally, once the exchange as a whole exceeds a total budget (which stops a peer
/// that trickles one byte just before each inactivity deadline).
///
/// The clock is only consulted between stream operations, so a stream whose `read`
/// blocks forever defeats it: give the stream a read timeout (a short one is fine — a
/// `TimedOut` or `Interrupted` error is retried until this watchdog gives up).
#[derive(Debug, Clone)]
pub struct InactivityWatchdog<C> {
    clock: C,
    timeout_ms: u64,
    started_ms: u64,
    last_activity_ms: u64,
    total_ms: Option<u64>,
}

impl<C: Clock> InactivityWatchdog<C> {
    /// Starts the timers now.
    pub fn new(clock: C, timeout_ms: u64, total_ms: Option<u64>) -> Self {
        let now = clock.monotonic_ms();
        Self {
            clock,
            timeout_ms,
            started_ms: now,
            last_activity_ms: now,
            total_ms,
        }
    }
}

impl<C: Clock> Watchdog for InactivityWatchdog<C> {
    fn check(&mut self) -> Result<(), TimedOut> {
        let now = self.clock.monotonic_ms();
        let idle = now.saturating_sub(self.last_activity_ms);
        let total = now.saturating_sub(self.started_ms);
        if idle >= self.timeout_ms || self.total_ms.is_some_and(|max| total >= max) {
            return Err(TimedOut);
        }
        Ok(())
    }

    fn on_progress(&mut self) {
        self.last_activity_ms = self.clock.monotonic_ms();
    }

    fn on_stall(&mut self) -> Result<(), TimedOut> {
        self.check()
    }
}
