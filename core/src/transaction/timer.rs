//! The transaction's two timers and their deadlines (monotonic milliseconds).

/// Milliseconds per minute, for `SDKMaxTimeout`.
const MS_PER_MINUTE: u64 = 60_000;

/// The smallest `SDKMaxTimeout` the protocol allows, in minutes.
pub const MIN_SDK_MAX_TIMEOUT_MINUTES: u16 =
    *crate::message::SDK_MAX_TIMEOUT_MINUTES.start() as u16;

/// The default per-exchange timeout (the reference `timeout` setting: 30 s).
pub const DEFAULT_EXCHANGE_TIMEOUT_MS: u64 = 30_000;

/// Which timer fired (or fires next).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// `SDKMaxTimeout`: the whole challenge, measured from `begin`.
    SdkMaxTimeout,
    /// The current CReq/CRes exchange.
    Exchange,
}

/// Timeout settings of one transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// `sdkMaxTimeout` in minutes (≥ 5; sent in the auth request).
    pub sdk_max_timeout_minutes: u16,
    /// Bound of one CReq → CRes exchange, in milliseconds.
    pub exchange_timeout_ms: u64,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            sdk_max_timeout_minutes: MIN_SDK_MAX_TIMEOUT_MINUTES,
            exchange_timeout_ms: DEFAULT_EXCHANGE_TIMEOUT_MS,
        }
    }
}

impl Timeouts {
    /// True when both values are acceptable (`SDKMaxTimeout` ≥ 5 minutes, a
    /// non-zero exchange timeout).
    pub fn is_valid(&self) -> bool {
        self.sdk_max_timeout_minutes >= MIN_SDK_MAX_TIMEOUT_MINUTES && self.exchange_timeout_ms > 0
    }

    /// The `SDKMaxTimeout` deadline for a transaction that began at `start_ms`.
    pub fn max_deadline(&self, start_ms: u64) -> u64 {
        let span = u64::from(self.sdk_max_timeout_minutes).saturating_mul(MS_PER_MINUTE);
        start_ms.saturating_add(span)
    }

    /// The deadline of an exchange that starts at `now_ms`.
    pub fn exchange_deadline(&self, now_ms: u64) -> u64 {
        now_ms.saturating_add(self.exchange_timeout_ms)
    }
}

/// The deadlines of a running challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Deadlines {
    /// When `SDKMaxTimeout` expires.
    pub max: u64,
    /// When the outstanding exchange expires (a CReq is in flight).
    pub exchange: Option<u64>,
}

impl Deadlines {
    /// The earliest deadline and its timer.
    pub fn next(&self) -> (Timer, u64) {
        match self.exchange {
            Some(at) if at < self.max => (Timer::Exchange, at),
            _ => (Timer::SdkMaxTimeout, self.max),
        }
    }

    /// The timer that has expired at `now_ms`, `SDKMaxTimeout` first.
    pub fn expired(&self, now_ms: u64) -> Option<Timer> {
        if now_ms >= self.max {
            Some(Timer::SdkMaxTimeout)
        } else if self.exchange.is_some_and(|at| now_ms >= at) {
            Some(Timer::Exchange)
        } else {
            None
        }
    }
}
