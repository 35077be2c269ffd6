//! `on_log` with `LogLevel` filtering, over the masked line builder.
//!
//! The facade never formats a log message itself: it hands a closure to
//! [`Logger::log`], which runs it only when the level is enabled and gives it
//! a [`LogLine`] (from [`crate::log_line`]) whose methods decide what may appear.

use super::events::{ClientEvents, LogLevel, LogType};
pub use crate::log_line::{
    LogLine, LogLineError, MASK, SECRET_MEMBERS, SENSITIVE_MEMBERS, json_capacity,
};
use core::fmt;

/// Filters by `LogLevel`, builds lines with masking, and fires `on_log`.
pub struct Logger<'e> {
    events: &'e mut dyn ClientEvents,
    level: LogLevel,
    mask_sensitive: bool,
}

impl fmt::Debug for Logger<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger")
            .field("level", &self.level)
            .field("mask_sensitive", &self.mask_sensitive)
            .finish_non_exhaustive()
    }
}

impl<'e> Logger<'e> {
    /// A logger firing into `events` with the `LogLevel` and `MaskSensitive` settings.
    pub fn new(events: &'e mut dyn ClientEvents, level: LogLevel, mask_sensitive: bool) -> Self {
        Logger {
            events,
            level,
            mask_sensitive,
        }
    }

    /// True when lines of `level` are emitted.
    pub fn enabled(&self, level: LogLevel) -> bool {
        level != LogLevel::None && level <= self.level
    }

    /// Builds a line of `level`/`log_type` in `buf` with `build` and fires
    /// `on_log`, if the level is enabled (otherwise `build` is not run).
    ///
    /// # Errors
    /// The builder's [`LogLineError`]; nothing is emitted then.
    pub fn log<F>(
        &mut self,
        level: LogLevel,
        log_type: LogType,
        buf: &mut [u8],
        build: F,
    ) -> Result<(), LogLineError>
    where
        F: FnOnce(&mut LogLine<'_>) -> Result<(), LogLineError>,
    {
        if !self.enabled(level) {
            return Ok(());
        }
        let mut line = LogLine::new(buf, self.mask_sensitive);
        build(&mut line)?;
        self.events.on_log(level, log_type, line.as_str());
        Ok(())
    }

    /// Logs one whole JSON message (a CReq, a CRes, an Erro…), masked as
    /// set: the line every surface shows for a message. A message that is
    /// not JSON is dropped, never truncated.
    #[cfg(feature = "alloc")]
    pub fn log_json(&mut self, level: LogLevel, log_type: LogType, json: &[u8]) {
        if !self.enabled(level) {
            return;
        }
        let mut buf = zeroize::Zeroizing::new(alloc::vec![0u8; json_capacity(json.len())]);
        let _ = self.log(level, log_type, &mut buf, |l| l.json(json).map(drop));
    }

    /// The event sink, for the other events.
    pub fn events(&mut self) -> &mut dyn ClientEvents {
        &mut *self.events
    }
}
