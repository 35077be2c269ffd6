/// A source of time.
///
/// Two clocks, because they answer different questions: certificate validity
/// needs wall-clock time, while the SDK timeouts (`SDKMaxTimeout`, the per-exchange
/// `timeout`) must not jump when the user changes the device clock.
pub trait Clock {
    /// Seconds since the Unix epoch (UTC), used for certificate validity.
    fn now_unix(&self) -> u64;
    /// Milliseconds from an arbitrary, monotonic origin, used for timeouts.
    fn monotonic_ms(&self) -> u64;
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now_unix(&self) -> u64 {
        (**self).now_unix()
    }
    fn monotonic_ms(&self) -> u64 {
        (**self).monotonic_ms()
    }
}
