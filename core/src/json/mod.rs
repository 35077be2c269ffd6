//! A strict, zero-copy, depth-bounded JSON reader and a writer into caller buffers.
//!
//! Why not `serde-json-core`: it has no nesting limit (a deep `[[[[` in an
//! ignored field overflows a firmware stack), it skips unknown scalars without
//! validating them, it cannot tell `null` from absent or spot a duplicate key,
//! and escaped strings cannot be borrowed. 3DS validation needs all of that
//! (Annex A: empty/null counts as missing, duplicates are errors), so the core
//! reads JSON with this module: [`parse`] validates the whole document once
//! (RFC 8259 grammar, UTF-8, depth ≤ [`MAX_DEPTH`], ≤ [`MAX_MEMBERS`] members
//! per object, no member name twice in any object, no trailing data) in
//! O(n log n) and then hands out borrowed views that iterate without
//! allocating.

mod index;
mod read;
mod string;
mod write;
mod ws;
pub mod xpath;

pub use index::ObjectIndex;
pub(crate) use read::key_at;
pub use read::{Array, ArrayIter, Object, ObjectIter, Value, parse, parse_indexed, parse_str};
#[cfg(feature = "alloc")]
pub use string::text_or_empty;
pub use string::{BufferTooSmall, Chars, JsonStr};
pub use write::{JsonWriter, WriteError};

use core::fmt;

/// Maximum nesting depth of arrays and objects accepted by [`parse`].
///
/// The deepest legitimate 3DS structure (a message extension's `data`) is
/// far shallower; the bound protects small stacks from hostile input.
pub const MAX_DEPTH: usize = 32;

/// Maximum number of members of one object accepted by [`parse`].
///
/// 3DS messages define about 60 members (a 2.3.1 ARes or CRes around 40 at
/// once); the bound keeps the duplicate check and every lookup small.
pub const MAX_MEMBERS: usize = 128;

/// Maximum number of keys pending at once: the members read so far of every
/// object still open (an object's keys are released when it closes). A
/// message's top-level members plus those of the nested object being read;
/// the validator's key table (8 bytes a key) has this many entries.
pub const MAX_OPEN_MEMBERS: usize = MAX_MEMBERS + MAX_MEMBERS / 2;

// The validator records where each open object's keys start in a byte.
const _: () = assert!(MAX_OPEN_MEMBERS <= u8::MAX as usize);

/// Why a document was rejected, with the byte offset where it went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// What was wrong.
    pub kind: JsonErrorKind,
    /// Byte offset into the input.
    pub offset: usize,
}

/// The kinds of JSON syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// The input ended inside a value.
    UnexpectedEnd,
    /// A byte that cannot start or continue the current construct.
    UnexpectedByte,
    /// Something other than whitespace after the top-level value.
    TrailingData,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// The input is not UTF-8.
    InvalidUtf8,
    /// A bad escape sequence (unknown escape, bad hex, lone surrogate).
    InvalidEscape,
    /// A raw control character inside a string.
    ControlCharacter,
    /// A number that does not follow the JSON grammar.
    InvalidNumber,
    /// A member name appears twice in one object (escapes decoded); the
    /// offset is the earlier key's opening quote.
    DuplicateKey,
    /// An object with more than [`MAX_MEMBERS`] members, or more than
    /// [`MAX_OPEN_MEMBERS`] keys pending in the objects open at one point.
    TooManyMembers,
    /// A document of 2 GiB or more.
    TooLarge,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            JsonErrorKind::UnexpectedEnd => "unexpected end of input",
            JsonErrorKind::UnexpectedByte => "unexpected byte",
            JsonErrorKind::TrailingData => "trailing data after the JSON value",
            JsonErrorKind::TooDeep => "nesting too deep",
            JsonErrorKind::InvalidUtf8 => "invalid UTF-8",
            JsonErrorKind::InvalidEscape => "invalid escape sequence",
            JsonErrorKind::ControlCharacter => "control character in string",
            JsonErrorKind::InvalidNumber => "invalid number",
            JsonErrorKind::DuplicateKey => "duplicate member name",
            JsonErrorKind::TooManyMembers => "too many members",
            JsonErrorKind::TooLarge => "document too large",
        };
        write!(f, "JSON: {what} at byte {}", self.offset)
    }
}

impl core::error::Error for JsonError {}
