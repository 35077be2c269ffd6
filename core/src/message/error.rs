//! Errors of the message layer: validation failures that carry their Erro
//! code, and build-time failures.

use core::fmt;

use super::codes::ErrorCode;
use crate::json::WriteError;

/// What exactly was wrong with a received message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The bytes are not JSON.
    NotJson,
    /// The JSON is not an object.
    NotObject,
    /// A member name appears twice.
    DuplicateKey,
    /// The message is larger than its type allows, an object has too many
    /// members or a list too many elements to be read at all (101).
    TooLarge,
    /// `messageType` is not the expected message.
    WrongMessageType,
    /// A required member is absent, `""` or `null`.
    Missing,
    /// A member has the wrong JSON type or format.
    InvalidFormat,
    /// A member's value is outside its allowed set.
    InvalidValue,
    /// A member is longer (or, for lists, has more elements) than allowed.
    TooLong,
    /// A member is present where its condition does not apply.
    NotAllowedHere,
    /// `messageVersion` names a version this crate does not support.
    UnsupportedVersion,
    /// `messageVersion` differs from the transaction's version.
    VersionMismatch,
    /// A transaction id differs from the expected one.
    IdMismatch,
    /// `acsCounterAtoS` differs from the counter of the CReq it answers.
    CounterMismatch,
    /// A critical message extension this SDK does not understand.
    UnknownCriticalExtension,
    /// A final CRes carries a `transStatus` that ends the transaction
    /// without an Erro (Table A.17 "End processing (no Error)").
    StatusEndsWithoutErro,
}

/// Capacity of [`MessageError::detail`] (extension ids and member names
/// are at most 64 characters).
pub const ERROR_DETAIL_CAPACITY: usize = 64;

/// A received message failed validation.
///
/// `code` is the Erro code to send (unless [`sends_erro`](Self::sends_erro)
/// is false) and `field` the member to name in `errorDetail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageError {
    /// The protocol error code.
    pub code: ErrorCode,
    /// The offending member (nested members as `parent.child`), or `""`.
    pub field: &'static str,
    /// What was wrong.
    pub problem: Problem,
    /// Received text naming the culprit when `field` cannot: the id of an
    /// unknown critical extension (202) or a duplicated member name (204).
    /// Empty when not applicable or longer than [`ERROR_DETAIL_CAPACITY`].
    pub detail: heapless::String<ERROR_DETAIL_CAPACITY>,
    /// The message is an Erro (`messageType` `Erro`) that failed validation:
    /// it is reported, never answered with another Erro.
    pub in_erro: bool,
}

impl MessageError {
    pub(crate) fn new(code: ErrorCode, field: &'static str, problem: Problem) -> Self {
        Self {
            code,
            field,
            problem,
            detail: heapless::String::new(),
            in_erro: false,
        }
    }
    /// Marks the error as found in a received Erro.
    pub(crate) fn found_in_erro(mut self) -> Self {
        self.in_erro = true;
        self
    }
    pub(crate) fn missing(field: &'static str) -> Self {
        Self::new(ErrorCode::REQUIRED_MISSING, field, Problem::Missing)
    }
    pub(crate) fn format(field: &'static str) -> Self {
        Self::new(ErrorCode::INVALID_FORMAT, field, Problem::InvalidFormat)
    }
    pub(crate) fn value(field: &'static str) -> Self {
        Self::new(ErrorCode::INVALID_FORMAT, field, Problem::InvalidValue)
    }
    pub(crate) fn too_long(field: &'static str) -> Self {
        Self::new(ErrorCode::INVALID_FORMAT, field, Problem::TooLong)
    }
    pub(crate) fn not_here(field: &'static str) -> Self {
        Self::new(ErrorCode::INVALID_FORMAT, field, Problem::NotAllowedHere)
    }
    pub(crate) fn with_detail(mut self, text: impl Iterator<Item = char>) -> Self {
        let mut d = heapless::String::new();
        for c in text {
            if d.push(c).is_err() {
                d.clear();
                break;
            }
        }
        self.detail = d;
        self
    }

    /// The text for the Erro's `errorDetail`: the extension id or duplicated
    /// name when known, else the field name.
    pub fn error_detail(&self) -> &str {
        if self.detail.is_empty() {
            self.field
        } else {
            &self.detail
        }
    }

    /// False when the protocol says to end the transaction without sending
    /// an Erro: a final CRes with a `transStatus` other than Y/N/permitted D,
    /// or a malformed received Erro (an Erro is never answered).
    pub fn sends_erro(&self) -> bool {
        self.problem != Problem::StatusEndsWithoutErro && !self.in_erro
    }
}

impl fmt::Display for MessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "message invalid ({}): {:?} at `{}`",
            self.code.0,
            self.problem,
            self.error_detail()
        )
    }
}

impl core::error::Error for MessageError {}

/// A message could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The output buffer is too small (nothing is truncated).
    BufferTooSmall,
    /// The member does not exist in the chosen message version.
    NotInVersion(&'static str),
    /// A required input is missing.
    Missing(&'static str),
    /// An input has the wrong format or a value the version does not allow.
    Invalid(&'static str),
    /// An input is longer than the protocol allows.
    TooLong(&'static str),
    /// A fixed-capacity collection is full.
    CapacityExceeded(&'static str),
    /// Inputs that must not be combined (e.g. two challenge answers).
    Conflict(&'static str),
}

impl From<WriteError> for BuildError {
    fn from(_: WriteError) -> Self {
        // Our builders never misnest, so a writer error means "buffer full".
        BuildError::BufferTooSmall
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BufferTooSmall => f.write_str("output buffer too small"),
            Self::NotInVersion(n) => write!(f, "`{n}` does not exist in this message version"),
            Self::Missing(n) => write!(f, "`{n}` is required"),
            Self::Invalid(n) => write!(f, "`{n}` is invalid"),
            Self::TooLong(n) => write!(f, "`{n}` is too long"),
            Self::CapacityExceeded(n) => write!(f, "capacity of `{n}` exceeded"),
            Self::Conflict(n) => write!(f, "conflicting inputs: {n}"),
        }
    }
}

impl core::error::Error for BuildError {}
