use core::fmt;

use crate::jose::{Base64Error, ContentError, KdfError};
use crate::platform::RngFailure;

/// Why a JWE could not be produced or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JweError {
    /// Not exactly five dot-separated segments.
    SegmentCount,
    /// A segment is not canonical base64url (its name).
    Base64(&'static str),
    /// The protected header is larger than [`MAX_HEADER_LEN`](super::MAX_HEADER_LEN).
    HeaderTooLarge,
    /// The protected header is not a JSON object.
    HeaderNotJson,
    /// The protected header repeats a member.
    DuplicateHeaderMember,
    /// A header member is missing (its name).
    MissingHeader(&'static str),
    /// A header member has the wrong JSON type (its name).
    HeaderWrongType(&'static str),
    /// `alg` is not the one expected.
    UnsupportedAlg,
    /// `enc` is not the one expected.
    UnexpectedEnc,
    /// `kid` does not match the expected value.
    KidMismatch,
    /// `zip` is present (compression is not supported).
    CompressionNotSupported,
    /// `crit` is present: no extension is understood.
    CritNotSupported,
    /// `dir` requires an empty encrypted-key segment.
    UnexpectedEncryptedKey,
    /// The IV has the wrong length.
    InvalidIv,
    /// The tag has the wrong length.
    InvalidTag,
    /// The key has the wrong length for `enc`.
    InvalidKeyLength,
    /// The output buffer is too small.
    BufferTooSmall,
    /// Authentication (tag or padding) failed.
    DecryptionFailed,
    /// The random number generator failed.
    Rng,
    /// RSA key encryption failed.
    KeyEncryption,
    /// Key derivation failed.
    Kdf,
}

impl fmt::Display for JweError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JweError::SegmentCount => f.write_str("JWE: not five compact segments"),
            JweError::Base64(s) => write!(f, "JWE: {s} segment is not base64url"),
            JweError::HeaderTooLarge => f.write_str("JWE: protected header too large"),
            JweError::HeaderNotJson => f.write_str("JWE: protected header is not a JSON object"),
            JweError::DuplicateHeaderMember => f.write_str("JWE: duplicate header member"),
            JweError::MissingHeader(m) => write!(f, "JWE: header {m} missing"),
            JweError::HeaderWrongType(m) => write!(f, "JWE: header {m} has the wrong type"),
            JweError::UnsupportedAlg => f.write_str("JWE: unexpected alg"),
            JweError::UnexpectedEnc => f.write_str("JWE: unexpected enc"),
            JweError::KidMismatch => f.write_str("JWE: kid mismatch"),
            JweError::CompressionNotSupported => f.write_str("JWE: zip not supported"),
            JweError::CritNotSupported => f.write_str("JWE: crit not supported"),
            JweError::UnexpectedEncryptedKey => f.write_str("JWE: encrypted key must be empty"),
            JweError::InvalidIv => f.write_str("JWE: wrong IV length"),
            JweError::InvalidTag => f.write_str("JWE: wrong tag length"),
            JweError::InvalidKeyLength => f.write_str("JWE: wrong key length"),
            JweError::BufferTooSmall => f.write_str("JWE: buffer too small"),
            JweError::DecryptionFailed => f.write_str("decryption failed"),
            JweError::Rng => f.write_str("JWE: the random number generator failed"),
            JweError::KeyEncryption => f.write_str("JWE: key encryption failed"),
            JweError::Kdf => f.write_str("JWE: key derivation failed"),
        }
    }
}

impl core::error::Error for JweError {}

impl From<ContentError> for JweError {
    fn from(e: ContentError) -> Self {
        match e {
            ContentError::InvalidKeyLength => JweError::InvalidKeyLength,
            ContentError::InvalidIvLength => JweError::InvalidIv,
            ContentError::BufferTooSmall => JweError::BufferTooSmall,
            _ => JweError::DecryptionFailed,
        }
    }
}

impl From<KdfError> for JweError {
    fn from(_: KdfError) -> Self {
        JweError::Kdf
    }
}

impl From<RngFailure> for JweError {
    fn from(_: RngFailure) -> Self {
        JweError::Rng
    }
}

pub(super) fn b64(segment: &'static str) -> impl Fn(Base64Error) -> JweError {
    move |e| match e {
        Base64Error::InvalidEncoding => JweError::Base64(segment),
        Base64Error::BufferTooSmall => JweError::BufferTooSmall,
    }
}
