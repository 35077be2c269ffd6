//! The CLI's error: one human-readable line.

use core::fmt;

/// A failure reported on stderr as one line, exit status 1.
#[derive(Debug)]
pub struct CliError(pub String);

impl CliError {
    /// An error with `context` in front of `cause`.
    pub fn with(context: &str, cause: impl fmt::Display) -> Self {
        Self(format!("{context}: {cause}"))
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for CliError {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for CliError {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// Result of a CLI step.
pub type CliResult<T> = Result<T, CliError>;
