//! Size caps of received messages, checked before a byte of them is parsed
//! (or decrypted): the work spent on a hostile body never grows past them.
//! A body over its cap is refused with 101, whatever message it claims to be.

use crate::jose::jwe::MAX_HEADER_LEN;

/// Largest ARes read (128 KiB). A legitimate one is tens of KB at most:
/// `acsSignedContent` (16,000 characters), message extensions, the
/// cardholder and broadcast texts.
pub const MAX_ARES_BYTES: usize = 128 * 1024;

/// Largest decrypted CRes read (448 KiB): a 2.3.1 HTML CRes carries up to
/// 300,000 characters of `acsHTML` plus extensions and the usual members.
pub const MAX_CRES_BYTES: usize = 448 * 1024;

/// Largest Erro read (32 KiB): two 2,048-character texts, the ids and the
/// message type leave ample room.
pub const MAX_ERRO_BYTES: usize = 32 * 1024;

/// Characters of base64url text for `n` bytes, rounded up.
const fn b64(n: usize) -> usize {
    n.div_ceil(3).saturating_mul(4)
}

/// Largest CRes JWE read: the compact `dir` serialisation of a
/// [`MAX_CRES_BYTES`] plaintext (header, empty key, 16-byte IV, ciphertext
/// with a block of padding, 16-byte tag, four dots). Checked before
/// decryption.
pub const MAX_CRES_JWE_BYTES: usize = b64(MAX_HEADER_LEN)
    .saturating_add(b64(16))
    .saturating_add(b64(MAX_CRES_BYTES.saturating_add(16)))
    .saturating_add(b64(16))
    .saturating_add(4);
