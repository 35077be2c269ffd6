//! Base64 helpers: strict unpadded base64url (JOSE) and standard base64 (`x5c`).

use base64ct::{Base64, Base64UrlUnpadded, Encoding};

use super::JoseError;

/// Unpadded base64url of `data`.
#[must_use]
pub fn url(data: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(data)
}

/// Decodes strict unpadded base64url (no `=`, no `+/`, no whitespace,
/// canonical trailing bits).
///
/// # Errors
/// [`JoseError::Base64`] naming `what` when `text` is not strict base64url.
pub fn url_decode(text: &str, what: &'static str) -> Result<Vec<u8>, JoseError> {
    Base64UrlUnpadded::decode_vec(text).map_err(|_| JoseError::Base64(what))
}

/// Standard padded base64 of `data`, as `x5c` entries use.
#[must_use]
pub fn standard(data: &[u8]) -> String {
    Base64::encode_string(data)
}

/// Decodes standard padded base64.
///
/// # Errors
/// [`JoseError::Base64`] naming `what` when `text` is not standard base64.
pub fn standard_decode(text: &str, what: &'static str) -> Result<Vec<u8>, JoseError> {
    Base64::decode_vec(text).map_err(|_| JoseError::Base64(what))
}
