//! The JOSE error type of the simulator.

use std::fmt;

/// Why a JOSE object could not be parsed, decrypted or produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JoseError {
    /// The compact serialisation does not have the expected number of parts.
    Compact(&'static str),
    /// A base64url segment is not strict, unpadded base64url.
    Base64(&'static str),
    /// A protected header is missing, not JSON, or holds a bad member.
    Header(String),
    /// A JWK is malformed or not the expected key type.
    Jwk(String),
    /// A key length, IV length or tag length is wrong.
    Length(&'static str),
    /// The authentication tag did not verify, or the padding was wrong.
    Decrypt,
    /// RSA or ECDH failed (bad ciphertext, point not on the curve, ...).
    Key(String),
    /// Signing failed.
    Sign(String),
}

impl fmt::Display for JoseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compact(what) => write!(f, "malformed compact serialisation: {what}"),
            Self::Base64(what) => write!(f, "invalid base64url in {what}"),
            Self::Header(what) => write!(f, "invalid protected header: {what}"),
            Self::Jwk(what) => write!(f, "invalid JWK: {what}"),
            Self::Length(what) => write!(f, "wrong length: {what}"),
            Self::Decrypt => f.write_str("authentication tag or padding check failed"),
            Self::Key(what) => write!(f, "key operation failed: {what}"),
            Self::Sign(what) => write!(f, "signing failed: {what}"),
        }
    }
}

impl core::error::Error for JoseError {}
