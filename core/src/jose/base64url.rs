//! Strict base64url (JOSE segments) and padded standard base64 (`x5c`).
//!
//! Both are constant time (base64ct) because JWE segments carry key
//! material. Decoding is strict: no padding, no `+`/`/`, no whitespace and
//! no non-canonical trailing bits in base64url; standard base64 requires
//! canonical `=` padding.

use base64ct::{Base64, Base64UrlUnpadded, Encoding};
use core::fmt;

/// Why a base64 text could not be decoded or encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base64Error {
    /// A character outside the alphabet, padding where none is allowed,
    /// a bad length or non-canonical trailing bits.
    InvalidEncoding,
    /// The destination buffer is too small.
    BufferTooSmall,
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Base64Error::InvalidEncoding => "invalid base64 encoding",
            Base64Error::BufferTooSmall => "base64 buffer too small",
        })
    }
}

impl core::error::Error for Base64Error {}

fn map_err(e: base64ct::Error) -> Base64Error {
    match e {
        base64ct::Error::InvalidEncoding => Base64Error::InvalidEncoding,
        base64ct::Error::InvalidLength => Base64Error::BufferTooSmall,
    }
}

/// Length of the unpadded base64url text for `n` bytes (`None` on overflow).
pub fn encoded_len(n: usize) -> Option<usize> {
    let tail = match n % 3 {
        0 => 0,
        1 => 2,
        _ => 3,
    };
    (n / 3).checked_mul(4)?.checked_add(tail)
}

/// Upper bound of the decoded length of `n` base64 characters.
pub fn decoded_len_max(n: usize) -> usize {
    (n / 4).saturating_mul(3).saturating_add(3)
}

/// Decodes strict unpadded base64url `src` into `dst`.
///
/// # Errors
/// [`Base64Error::InvalidEncoding`] for anything but canonical unpadded
/// base64url; [`Base64Error::BufferTooSmall`] when `dst` is too short.
pub fn decode<'b>(src: &str, dst: &'b mut [u8]) -> Result<&'b [u8], Base64Error> {
    // An impossible length (1 mod 4) is an encoding error, not a buffer one.
    if src.len() % 4 == 1 {
        return Err(Base64Error::InvalidEncoding);
    }
    let needed = (src.len() / 4)
        .saturating_mul(3)
        .saturating_add((src.len() % 4).saturating_sub(1));
    if dst.len() < needed {
        return Err(Base64Error::BufferTooSmall);
    }
    Base64UrlUnpadded::decode(src, dst).map_err(map_err)
}

/// The 6-bit value of each base64url character; 0xFF for the others.
// Evaluated at compile time: an out-of-range index would fail the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const URL_VALUES: [u8; 256] = {
    let mut t = [0xFFu8; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut i = 0;
    while i < 64 {
        t[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn url_value(c: u8) -> u32 {
    u32::from(URL_VALUES.get(usize::from(c)).copied().unwrap_or(0xFF))
}

/// Like [`decode`] (same acceptance, same errors), but table-driven and
/// variable time: only for text that is public anyway, such as a JWE
/// ciphertext segment (a 64 KiB CRes carries 87 000 characters of it, and
/// the constant-time decoder costs several times the AES work).
///
/// # Errors
/// As [`decode`].
pub fn decode_public<'b>(src: &str, dst: &'b mut [u8]) -> Result<&'b [u8], Base64Error> {
    if src.len() % 4 == 1 {
        return Err(Base64Error::InvalidEncoding);
    }
    let needed = (src.len() / 4)
        .saturating_mul(3)
        .saturating_add((src.len() % 4).saturating_sub(1));
    let out = dst.get_mut(..needed).ok_or(Base64Error::BufferTooSmall)?;
    let bad = Base64Error::InvalidEncoding;
    let mut chunks = src.as_bytes().chunks_exact(4);
    let mut blocks = out.chunks_exact_mut(3);
    for (quad, block) in (&mut chunks).zip(&mut blocks) {
        let (mut n, mut any) = (0u32, 0u32);
        for &c in quad {
            let v = url_value(c);
            any |= v;
            n = (n << 6) | v;
        }
        // Only an invalid character (0xFF) has bits above the low six.
        if any > 63 {
            return Err(bad);
        }
        let [_, b0, b1, b2] = n.to_be_bytes();
        block.copy_from_slice(&[b0, b1, b2]);
    }
    let tail = chunks.remainder();
    let rest = blocks.into_remainder();
    let mut n = 0u32;
    for &c in tail {
        let v = url_value(c);
        if v > 63 {
            return Err(bad);
        }
        n = (n << 6) | v;
    }
    // Canonical only: the bits below the last whole byte must be zero.
    match (tail.len(), rest) {
        (0, []) => {}
        (2, [b0]) if n & 0xF == 0 => *b0 = (n >> 4) as u8,
        (3, [b0, b1]) if n & 0x3 == 0 => {
            *b0 = (n >> 10) as u8;
            *b1 = (n >> 2) as u8;
        }
        _ => return Err(bad),
    }
    Ok(out)
}

/// Decodes strict base64url into exactly `N` bytes.
///
/// # Errors
/// [`Base64Error::InvalidEncoding`] when the text is not canonical base64url
/// or does not decode to exactly `N` bytes.
pub fn decode_array<const N: usize>(src: &str) -> Result<[u8; N], Base64Error> {
    let mut out = [0u8; N];
    if encoded_len(N) != Some(src.len()) {
        return Err(Base64Error::InvalidEncoding);
    }
    let len = decode(src, &mut out)?.len();
    if len != N {
        return Err(Base64Error::InvalidEncoding);
    }
    Ok(out)
}

/// Encodes `src` as unpadded base64url into `dst`.
///
/// # Errors
/// [`Base64Error::BufferTooSmall`] when `dst` is too short.
pub fn encode<'b>(src: &[u8], dst: &'b mut [u8]) -> Result<&'b str, Base64Error> {
    Base64UrlUnpadded::encode(src, dst).map_err(|_| Base64Error::BufferTooSmall)
}

/// Decodes padded standard base64 (RFC 4648 §4, as used by `x5c`).
///
/// # Errors
/// [`Base64Error::InvalidEncoding`] for non-canonical or unpadded input;
/// [`Base64Error::BufferTooSmall`] when `dst` is too short.
pub fn decode_standard<'b>(src: &str, dst: &'b mut [u8]) -> Result<&'b [u8], Base64Error> {
    if !src.len().is_multiple_of(4) {
        return Err(Base64Error::InvalidEncoding);
    }
    Base64::decode(src, dst).map_err(map_err)
}

/// Decodes padded standard base64 held in `buf`, in place.
///
/// # Errors
/// [`Base64Error::InvalidEncoding`] for non-canonical or unpadded input.
pub fn decode_standard_in_place(buf: &mut [u8]) -> Result<&[u8], Base64Error> {
    if !buf.len().is_multiple_of(4) {
        return Err(Base64Error::InvalidEncoding);
    }
    Base64::decode_in_place(buf).map_err(|_| Base64Error::InvalidEncoding)
}
