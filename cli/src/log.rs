//! `challenge -v` / `--log-level N`: the reference's log lines on stderr,
//! built by the core's [`Logger`] (the same lines, levels and masking as the
//! facade's `on_log`), fed by the exchange driver's observer hooks, so what
//! is shown is exactly what was sealed and what was decrypted.

use std::io::Write as _;

use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::log::Logger;

/// Which lines to show.
#[derive(Debug, Clone, Copy)]
pub struct LogSettings {
    /// 0 none … 3 debug (the reference's `LogLevel`).
    pub level: LogLevel,
    /// Mask cardholder entries (the reference's `MaskSensitive`, on by default).
    pub mask: bool,
}

impl LogSettings {
    /// Nothing is shown.
    pub const OFF: Self = Self {
        level: LogLevel::None,
        mask: true,
    };

    /// From `--log-level` (wins when given) and the count of `-v`.
    pub fn from_args(level: Option<u8>, verbose: u8, no_mask: bool) -> Self {
        let n = level.unwrap_or(verbose).min(3);
        Self {
            level: LogLevel::from_number(n).unwrap_or(LogLevel::Debug),
            mask: !no_mask,
        }
    }

    /// Logs one whole JSON message.
    pub fn json(self, level: LogLevel, log_type: LogType, json: &[u8]) {
        Logger::new(&mut Stderr, self.level, self.mask).log_json(level, log_type, json);
    }

    /// Logs one line of text.
    pub fn text(self, level: LogLevel, log_type: LogType, text: &str) {
        let mut buf = vec![0u8; text.len().saturating_add(16)];
        let _ =
            Logger::new(&mut Stderr, self.level, self.mask)
                .log(level, log_type, &mut buf, |l| l.text(text).map(drop));
    }
}

/// Writes each line as `log[LEVEL] TYPE: MESSAGE` on stderr.
struct Stderr;

impl ClientEvents for Stderr {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        let mut err = std::io::stderr().lock();
        // Logging cannot fail the transaction: a closed stderr loses the line.
        let _ = writeln!(err, "log[{}] {log_type:?}: {message}", level as u8);
    }
}
