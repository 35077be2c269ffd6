//! `on_log` with `LogLevel` filtering, over the masked line builder.
//!
//! The facade never formats a log message itself: it hands a closure to
//! [`Logger::log`], which runs it only when the level is enabled and gives it
//! a [`LogLine`] whose methods decide what may appear. Both are the crate's
//! log machinery ([`crate::log_line`]), shared with the CLI and firmware.

pub use crate::log_line::{
    LogLine, LogLineError, Logger, MASK, SECRET_MEMBERS, SENSITIVE_MEMBERS, json_capacity,
};
