//! Masked log lines: the one place that decides what of a message or an
//! entry may appear in a log, for every surface (the client's `on_log`, the
//! CLI, firmware's defmt output).
//!
//! A surface never formats a log message itself: it builds it through a
//! [`LogLine`], whose methods decide what may appear. Cardholder entries go
//! through [`LogLine::sensitive`] or are masked inside JSON by
//! [`LogLine::json`]; keys and other secrets go through [`LogLine::secret`]
//! and are masked whatever `MaskSensitive` says. The line is assembled in a
//! caller buffer, so a masked value never exists in the emitted text.

use crate::client::events::ClientEvents;
use crate::json::{self, Value};
use core::fmt;

/// What replaces a masked value (the reference's `******`).
pub const MASK: &str = "******";

/// Room for the line of a JSON message of `len` bytes once masked (a value
/// may grow to [`MASK`]), with room for the line's own text.
pub fn json_capacity(len: usize) -> usize {
    len.saturating_mul(2).saturating_add(1280)
}

/// JSON members whose values are cardholder entries, masked when `MaskSensitive` is on.
pub const SENSITIVE_MEMBERS: [&str; 3] = [
    "challengeDataEntry",
    "challengeDataEntryTwo",
    "challengeHTMLDataEntry",
];

/// JSON members that hold key material (JWK private/symmetric parts),
/// masked whatever `MaskSensitive` says.
pub const SECRET_MEMBERS: [&str; 2] = ["d", "k"];

/// The line did not fit the caller's buffer, or a JSON message to log was malformed.
///
/// Nothing is emitted in that case: a partial line could cut a masked JSON
/// member in half and is never useful for record keeping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLineError {
    /// The buffer is too small for the line.
    Full,
    /// [`LogLine::json`] was given something that is not JSON; its text is not logged.
    NotJson,
}

impl fmt::Display for LogLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LogLineError::Full => "log line does not fit its buffer",
            LogLineError::NotJson => "logged message is not JSON",
        })
    }
}

impl core::error::Error for LogLineError {}

/// A log line under construction, in a caller buffer.
pub struct LogLine<'b> {
    buf: &'b mut [u8],
    len: usize,
    mask_sensitive: bool,
}

impl fmt::Debug for LogLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogLine")
            .field("len", &self.len)
            .field("mask_sensitive", &self.mask_sensitive)
            .finish_non_exhaustive()
    }
}

impl<'b> LogLine<'b> {
    /// A line writing into `buf`; `mask_sensitive` is the `MaskSensitive` setting.
    pub fn new(buf: &'b mut [u8], mask_sensitive: bool) -> Self {
        LogLine {
            buf,
            len: 0,
            mask_sensitive,
        }
    }

    /// The text so far.
    pub fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the prefix is UTF-8.
        self.buf
            .get(..self.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Appends plain, non-sensitive text.
    ///
    /// # Errors
    /// [`LogLineError::Full`] when the buffer is full.
    pub fn text(&mut self, s: &str) -> Result<&mut Self, LogLineError> {
        let end = self.len.checked_add(s.len()).ok_or(LogLineError::Full)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(LogLineError::Full)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(self)
    }

    /// Appends a cardholder entry: [`MASK`] when `MaskSensitive` is on, the value otherwise.
    ///
    /// # Errors
    /// [`LogLineError::Full`] when the buffer is full.
    pub fn sensitive(&mut self, s: &str) -> Result<&mut Self, LogLineError> {
        if self.mask_sensitive {
            self.text(MASK)
        } else {
            self.text(s)
        }
    }

    /// Appends [`MASK`] in place of a secret (a private key, a session key);
    /// the secret is not even taken as an argument.
    ///
    /// # Errors
    /// [`LogLineError::Full`] when the buffer is full.
    pub fn secret(&mut self) -> Result<&mut Self, LogLineError> {
        self.text(MASK)
    }

    /// Appends a JSON message compactly, masking [`SENSITIVE_MEMBERS`] (when
    /// `MaskSensitive` is on) and [`SECRET_MEMBERS`] (always) at any depth.
    ///
    /// # Errors
    /// [`LogLineError::NotJson`] when `message` does not parse,
    /// [`LogLineError::Full`] when the buffer is full.
    pub fn json(&mut self, message: &[u8]) -> Result<&mut Self, LogLineError> {
        let value = json::parse(message).map_err(|_| LogLineError::NotJson)?;
        self.value(value)?;
        Ok(self)
    }

    fn value(&mut self, value: Value<'_>) -> Result<(), LogLineError> {
        match value {
            Value::Null => self.text("null").map(drop),
            Value::Bool(true) => self.text("true").map(drop),
            Value::Bool(false) => self.text("false").map(drop),
            Value::Number(n) => self.text(n).map(drop),
            Value::String(s) => {
                self.text("\"")?.text(s.raw())?.text("\"")?;
                Ok(())
            }
            Value::Array(a) => {
                self.text("[")?;
                for (i, v) in a.iter().enumerate() {
                    if i > 0 {
                        self.text(",")?;
                    }
                    self.value(v)?;
                }
                self.text("]").map(drop)
            }
            Value::Object(o) => {
                self.text("{")?;
                for (i, (k, v)) in o.iter().enumerate() {
                    if i > 0 {
                        self.text(",")?;
                    }
                    self.text("\"")?.text(k.raw())?.text("\":")?;
                    let secret = SECRET_MEMBERS.iter().any(|m| k.eq_str(m));
                    let sensitive = SENSITIVE_MEMBERS.iter().any(|m| k.eq_str(m));
                    if secret || (sensitive && self.mask_sensitive) {
                        self.text("\"")?.text(MASK)?.text("\"")?;
                    } else {
                        self.value(v)?;
                    }
                }
                self.text("}").map(drop)
            }
        }
    }
}

/// The `LogLevel` setting and the level an emitted line belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum LogLevel {
    /// 0: no events are logged.
    None = 0,
    /// 1 (default): informational events.
    #[default]
    Info = 1,
    /// 2: detailed data.
    Verbose = 2,
    /// 3: debug data.
    Debug = 3,
}

impl LogLevel {
    /// The level with this number (0–3).
    pub fn from_number(n: u8) -> Option<LogLevel> {
        Some(match n {
            0 => LogLevel::None,
            1 => LogLevel::Info,
            2 => LogLevel::Verbose,
            3 => LogLevel::Debug,
            _ => return None,
        })
    }

    /// The number as the reference writes it.
    pub const fn number(self) -> u8 {
        self as u8
    }
}

/// The reference's `LogType` values, in its order, in one table: the
/// enum, [`LogType::ALL`] and [`LogType::as_str`] (each variant is named
/// exactly as the string it stands for).
macro_rules! log_types {
    ($($variant:ident),* $(,)?) => {
        /// The reference's `LogType` values, in its order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)] // each variant is named exactly as the string it stands for
        pub enum LogType { $($variant,)* }

        impl LogType {
            /// Every type, in the reference's order.
            pub const ALL: [LogType; [$(stringify!($variant)),*].len()] = [$(LogType::$variant,)*];

            /// The string the reference passes as `LogType`.
            pub const fn as_str(self) -> &'static str {
                match self { $(LogType::$variant => stringify!($variant),)* }
            }
        }
    };
}

log_types! {
    Info, RequestHeaders, ResponseHeaders, RequestBody, ResponseBody, ProxyRequest, ProxyResponse,
    FirewallRequest, FirewallResponse, AReq, ARes, CReq, CRes, RReq, RRes, PReq, PRes, Erro,
    EphemeralKey, DeviceParams,
}

impl fmt::Display for LogType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The client's `on_log` with `LogLevel` filtering, over [`LogLine`]: a
/// surface hands [`Logger::log`] a closure, run only when the level is
/// enabled.
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
