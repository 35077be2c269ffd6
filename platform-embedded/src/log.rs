//! Log lines and client events for firmware, routed to `defmt` (feature `defmt`).
//!
//! `DefmtEvents` (feature `defmt`) is a
//! [`threeds_core::client::events::ClientEvents`] sink: give it to the facade (or to a
//! [`threeds_core::client::log::Logger`] in an application that drives
//! [`threeds_core::transaction::Transaction`] itself) and every `on_log` line
//! goes to the defmt macro of its level. The lines arrive already filtered by
//! `LogLevel` and masked as `MaskSensitive` says; defmt's own `DEFMT_LOG`
//! filter applies on top, at compile time.
//!
//! Data packets are *not* forwarded: the reference sends them unmasked, and a
//! debug link is no place for a cardholder's entries. Only their length is
//! traced.

#[cfg(feature = "defmt")]
use threeds_core::client::events::{ClientEvents, LogLevel, LogType, NoEvents, ServerCertificate};

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

impl Level {
    /// The defmt level of a facade line: `Info` → info, `Verbose` → debug,
    /// `Debug` → trace (`None` lines are never emitted; trace if they were).
    #[must_use]
    pub const fn of(level: threeds_core::client::events::LogLevel) -> Self {
        use threeds_core::client::events::LogLevel as L;
        match level {
            L::Info => Self::Info,
            L::Verbose => Self::Debug,
            L::Debug | L::None => Self::Trace,
        }
    }
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
        self.log_typed(level, "", message);
    }

    /// Logs `message` at `level` behind a `tag` (the facade's `LogType`).
    pub fn log_typed(&self, level: Level, tag: &str, message: &str) {
        if self.min_level.is_some_and(|min| level < min) {
            return;
        }
        match level {
            Level::Trace => defmt::trace!("{=str} {=str}", tag, message),
            Level::Debug => defmt::debug!("{=str} {=str}", tag, message),
            Level::Info => defmt::info!("{=str} {=str}", tag, message),
            Level::Warn => defmt::warn!("{=str} {=str}", tag, message),
            Level::Error => defmt::error!("{=str} {=str}", tag, message),
        }
    }
}

/// A [`ClientEvents`] sink that logs to defmt, then hands every event to
/// `inner` (by default [`NoEvents`]), so an application keeps its own
/// handling (for instance `on_ssl_server_authentication`).
#[cfg(feature = "defmt")]
#[derive(Debug, Clone, Default)]
pub struct DefmtEvents<E = NoEvents> {
    /// Where lines go.
    pub log: DefmtLog,
    /// The application's own events, called after defmt.
    pub inner: E,
}

#[cfg(feature = "defmt")]
impl<E> DefmtEvents<E> {
    /// Logs to defmt and forwards to `inner`.
    pub fn new(inner: E) -> Self {
        Self {
            log: DefmtLog::default(),
            inner,
        }
    }
}

#[cfg(feature = "defmt")]
impl<E: ClientEvents> ClientEvents for DefmtEvents<E> {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.log
            .log_typed(Level::of(level), log_type.as_str(), message);
        self.inner.on_log(level, log_type, message);
    }

    fn on_data_packet_in(&mut self, data_packet: &[u8]) {
        defmt::trace!("data packet in: {=usize} bytes", data_packet.len());
        self.inner.on_data_packet_in(data_packet);
    }

    fn on_data_packet_out(&mut self, data_packet: &[u8]) {
        defmt::trace!("data packet out: {=usize} bytes", data_packet.len());
        self.inner.on_data_packet_out(data_packet);
    }

    fn on_error(&mut self, error_code: u16, description: &str) {
        if self.log.min_level.is_none_or(|min| Level::Error >= min) {
            defmt::error!("error {=u16}: {=str}", error_code, description);
        }
        self.inner.on_error(error_code, description);
    }

    fn on_ssl_server_authentication(&mut self, cert: &ServerCertificate<'_>, accept: &mut bool) {
        defmt::debug!(
            "TLS server {=str}: {=str}, accept={=bool}",
            cert.cert_subject,
            cert.status,
            *accept
        );
        self.inner.on_ssl_server_authentication(cert, accept);
    }

    fn on_ssl_status(&mut self, message: &str) {
        defmt::debug!("TLS {=str}", message);
        self.inner.on_ssl_status(message);
    }
}

#[cfg(test)]
mod tests {
    use super::Level;
    use threeds_core::client::events::LogLevel;

    #[test]
    fn facade_levels_map_to_defmt_levels() {
        assert_eq!(Level::of(LogLevel::Info), Level::Info);
        assert_eq!(Level::of(LogLevel::Verbose), Level::Debug);
        assert_eq!(Level::of(LogLevel::Debug), Level::Trace);
    }
}
