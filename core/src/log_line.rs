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
