//! `acsHTML` / `acsHTMLRefresh`: base64url-encoded HTML, decoded on demand
//! into a caller buffer (the text reaches 300 000 characters).

use base64ct::{Base64UrlUnpadded, Encoding};

/// Maximum length of the encoded `acsHTML` (2.3.1: 300 000 characters;
/// applied to every version, 2.2.0's "100KB" being ambiguous).
pub const MAX_ACS_HTML: usize = 300_000;

/// The encoded HTML of a CRes, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlContent<'a> {
    encoded: &'a str,
}

/// The HTML could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlDecodeError {
    /// The output buffer is smaller than [`HtmlContent::decoded_len_max`].
    BufferTooSmall,
    /// Not valid base64url, or the decoded bytes are not UTF-8.
    Invalid,
}

impl<'a> HtmlContent<'a> {
    /// Wraps encoded text already checked by [`is_base64url`].
    pub(crate) fn new(encoded: &'a str) -> Self {
        Self { encoded }
    }

    /// The base64url text as received.
    pub fn encoded(&self) -> &'a str {
        self.encoded
    }

    /// An upper bound of the decoded size in bytes: size `buf` with it.
    pub fn decoded_len_max(&self) -> usize {
        let n = self.unpadded().len();
        (n / 4)
            .saturating_mul(3)
            .saturating_add((n % 4).saturating_mul(3) / 4)
    }

    fn unpadded(&self) -> &'a str {
        self.encoded.trim_end_matches('=')
    }

    /// Decodes the HTML into `buf` and returns it as text.
    ///
    /// Trailing `=` padding is tolerated (some ACSs pad); the rest must be
    /// canonical unpadded base64url.
    ///
    /// # Errors
    /// [`HtmlDecodeError::BufferTooSmall`] or [`HtmlDecodeError::Invalid`].
    pub fn decode_into<'b>(&self, buf: &'b mut [u8]) -> Result<&'b str, HtmlDecodeError> {
        if buf.len() < self.decoded_len_max() {
            return Err(HtmlDecodeError::BufferTooSmall);
        }
        let out = Base64UrlUnpadded::decode(self.unpadded(), buf)
            .map_err(|_| HtmlDecodeError::Invalid)?;
        core::str::from_utf8(out).map_err(|_| HtmlDecodeError::Invalid)
    }
}

/// True when `s` uses only the base64url alphabet, with at most two `=`
/// at the end and a length that base64 can produce.
pub(crate) fn is_base64url(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    let pad = s.len().saturating_sub(body.len());
    pad <= 2
        && body.len() % 4 != 1
        // Whole blocks without early exit, so the check vectorises (the
        // text reaches 300 000 characters).
        && body
            .as_bytes()
            .chunks(64)
            .all(|block| block.iter().fold(true, |ok, &b| ok & is_base64url_byte(b)))
}

fn is_base64url_byte(b: u8) -> bool {
    // `b | 0x20` folds A–Z onto a–z and maps no other byte there.
    ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'-') | (b == b'_')
}
