//! Log lines for firmware.
//!
//! The core's structured events trait is not there yet; once it lands, an adapter from it
//! to `DefmtLog` (feature `defmt`) goes here. Until then the application (or the transport
//! glue) calls `DefmtLog::log` directly.

/// Severity of a log line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Level {
    /// Very chatty tracing.
    Trace,
    /// Diagnostics.
    Debug,
    /// Normal milestones.
    Info,
    /// Something odd that was handled.
    Warn,
    /// A failure.
    Error,
}

/// Sends log lines to the `defmt` macro of the same level.
///
/// Messages are sent as `{=str}`: the string travels over the link, so keep secrets
/// (keys, cardholder input) out of messages — the SDK never logs them.
#[cfg(feature = "defmt")]
#[derive(Debug, Clone, Copy, Default)]
pub struct DefmtLog {
    /// Lines below this level are dropped before reaching defmt.
    pub min_level: Option<Level>,
}

#[cfg(feature = "defmt")]
impl DefmtLog {
    /// Logs `message` at `level`.
    pub fn log(&self, level: Level, message: &str) {
        if self.min_level.is_some_and(|min| level < min) {
            return;
        }
        match level {
            Level::Trace => defmt::trace!("{=str}", message),
            Level::Debug => defmt::debug!("{=str}", message),
            Level::Info => defmt::info!("{=str}", message),
            Level::Warn => defmt::warn!("{=str}", message),
            Level::Error => defmt::error!("{=str}", message),
        }
    }
}
