//! `x5c`: standard-base64 DER certificates, leaf first (RFC 7515 §4.1.6).

use super::JwsError;
use crate::jose::base64url;
use crate::json::{ArrayIter, JsonStr};

/// Most certificates accepted in `x5c` (leaf, intermediates, maybe root).
pub const MAX_X5C_CERTS: usize = 5;

/// Iterates over the `x5c` entries (already checked to be strings).
#[derive(Debug, Clone)]
pub struct X5cIter<'a> {
    inner: ArrayIter<'a>,
}

impl<'a> X5cIter<'a> {
    pub(super) fn new(array: crate::json::Array<'a>) -> Self {
        Self {
            inner: array.iter(),
        }
    }
}

impl<'a> Iterator for X5cIter<'a> {
    type Item = JsonStr<'a>;
    fn next(&mut self) -> Option<JsonStr<'a>> {
        self.inner.next().and_then(|v| v.as_str())
    }
}

/// Decodes one `x5c` entry into `out` (JSON escapes such as `\/` are
/// undone first, in `out`, then the base64 is decoded in place).
///
/// # Errors
/// [`JwsError::BufferTooSmall`] or [`JwsError::X5cBase64`].
pub fn decode_der<'b>(entry: JsonStr<'_>, out: &'b mut [u8]) -> Result<&'b [u8], JwsError> {
    let len = entry
        .unescape_into(out)
        .map_err(|_| JwsError::BufferTooSmall)?
        .len();
    let text = out.get_mut(..len).ok_or(JwsError::BufferTooSmall)?;
    let der = base64url::decode_standard_in_place(text).map_err(|_| JwsError::X5cBase64)?;
    if der.is_empty() {
        return Err(JwsError::X5cBase64);
    }
    Ok(der)
}

#[cfg(feature = "alloc")]
pub(super) fn decode_der_vec(entry: JsonStr<'_>) -> Result<alloc::vec::Vec<u8>, JwsError> {
    let mut buf = alloc::vec![0u8; entry.decoded_len()];
    let n = decode_der(entry, &mut buf)?.len();
    buf.truncate(n);
    Ok(buf)
}
