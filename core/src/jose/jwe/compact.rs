//! Assembles `header.ek.iv.ciphertext.tag` directly in the output buffer.
//!
//! The plaintext is copied to the tail of the buffer and encrypted there
//! (the AAD, the encoded header, sits at the front), then the ciphertext is
//! base64url-encoded forwards in 48-byte chunks. The encoder never catches
//! up with unread ciphertext because the whole output fits the buffer.

use super::JweError;
use super::error::b64;
use crate::jose::base64url::{self, encoded_len};
use crate::jose::content::{self, ContentEncryption};

const TAG_B64_LEN: usize = 22;

pub(super) fn total_len(
    enc: ContentEncryption,
    header_len: usize,
    ek_len: usize,
    plaintext_len: usize,
) -> Option<usize> {
    let ct_len = enc.ciphertext_len(plaintext_len)?;
    encoded_len(header_len)?
        .checked_add(encoded_len(ek_len)?)?
        .checked_add(encoded_len(enc.iv_len())?)?
        .checked_add(encoded_len(ct_len)?)?
        .checked_add(TAG_B64_LEN)?
        .checked_add(4)
}

fn put(out: &mut [u8], pos: usize, bytes: &[u8]) -> Result<usize, JweError> {
    let end = pos
        .checked_add(bytes.len())
        .ok_or(JweError::BufferTooSmall)?;
    out.get_mut(pos..end)
        .ok_or(JweError::BufferTooSmall)?
        .copy_from_slice(bytes);
    Ok(end)
}

fn put_b64(out: &mut [u8], pos: usize, bytes: &[u8]) -> Result<usize, JweError> {
    let dst = out.get_mut(pos..).ok_or(JweError::BufferTooSmall)?;
    let n = base64url::encode(bytes, dst)
        .map_err(|_| JweError::BufferTooSmall)?
        .len();
    pos.checked_add(n).ok_or(JweError::BufferTooSmall)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn assemble(
    header_json: &[u8],
    encrypted_key: &[u8],
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    plaintext: &[u8],
    out: &mut [u8],
) -> Result<usize, JweError> {
    let (total, tail) = layout(header_json, encrypted_key, enc, plaintext.len(), out)?;
    let end = tail
        .checked_add(plaintext.len())
        .ok_or(JweError::BufferTooSmall)?;
    out.get_mut(tail..end)
        .ok_or(JweError::BufferTooSmall)?
        .copy_from_slice(plaintext);
    assemble_at_tail(
        header_json,
        encrypted_key,
        enc,
        cek,
        iv,
        plaintext.len(),
        total,
        out,
    )
}

/// [`assemble`] for a plaintext that sits at the start of `out`: it is
/// moved to where its ciphertext goes, so no second buffer holds it. On
/// error the buffer is wiped (it held plaintext).
pub(super) fn assemble_in_place(
    header_json: &[u8],
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    plaintext_len: usize,
    out: &mut [u8],
) -> Result<usize, JweError> {
    let result = layout(header_json, &[], enc, plaintext_len, out).and_then(|(total, tail)| {
        if plaintext_len > out.len() {
            return Err(JweError::BufferTooSmall);
        }
        // The encoded header, IV and dots end before `tail`, and the output
        // overwrites every byte of `..total`, the plaintext's old place too.
        out.copy_within(..plaintext_len, tail);
        assemble_at_tail(header_json, &[], enc, cek, iv, plaintext_len, total, out)
    });
    if result.is_err() {
        out.fill(0);
    }
    result
}

/// The total JWE length and where the ciphertext goes (its tail).
fn layout(
    header_json: &[u8],
    encrypted_key: &[u8],
    enc: ContentEncryption,
    plaintext_len: usize,
    out: &[u8],
) -> Result<(usize, usize), JweError> {
    let total = total_len(enc, header_json.len(), encrypted_key.len(), plaintext_len)
        .ok_or(JweError::BufferTooSmall)?;
    if total > out.len() {
        return Err(JweError::BufferTooSmall);
    }
    let ct_len = enc
        .ciphertext_len(plaintext_len)
        .ok_or(JweError::BufferTooSmall)?;
    let tail = total.checked_sub(ct_len).ok_or(JweError::BufferTooSmall)?;
    Ok((total, tail))
}

/// Writes the compact JWE into `out[..total]`; the plaintext is already at
/// `out[tail..]`.
#[allow(clippy::too_many_arguments)]
fn assemble_at_tail(
    header_json: &[u8],
    encrypted_key: &[u8],
    enc: ContentEncryption,
    cek: &[u8],
    iv: &[u8],
    plaintext_len: usize,
    total: usize,
    out: &mut [u8],
) -> Result<usize, JweError> {
    if iv.len() != enc.iv_len() {
        return Err(JweError::InvalidIv);
    }
    if cek.len() != enc.key_len() {
        return Err(JweError::InvalidKeyLength);
    }
    let out = out.get_mut(..total).ok_or(JweError::BufferTooSmall)?;
    let ct_len = enc
        .ciphertext_len(plaintext_len)
        .ok_or(JweError::BufferTooSmall)?;

    let header_end = put_b64(out, 0, header_json)?;
    let mut pos = put(out, header_end, b".")?;
    pos = put_b64(out, pos, encrypted_key)?;
    pos = put(out, pos, b".")?;
    pos = put_b64(out, pos, iv)?;
    pos = put(out, pos, b".")?;

    let tail = total.checked_sub(ct_len).ok_or(JweError::BufferTooSmall)?;
    if tail < pos {
        return Err(JweError::BufferTooSmall);
    }
    let (head, ct_area) = out.split_at_mut(tail);
    let aad = head.get(..header_end).ok_or(JweError::BufferTooSmall)?;
    let (n, tag) = content::encrypt_in_place(enc, cek, iv, aad, ct_area, plaintext_len)?;
    if n != ct_len {
        return Err(JweError::BufferTooSmall);
    }

    let mut read = tail;
    let mut chunk = [0u8; 48];
    while read < total {
        let take = core::cmp::min(48, total.saturating_sub(read));
        let next = read.checked_add(take).ok_or(JweError::BufferTooSmall)?;
        let src = out.get(read..next).ok_or(JweError::BufferTooSmall)?;
        let tmp = chunk.get_mut(..take).ok_or(JweError::BufferTooSmall)?;
        tmp.copy_from_slice(src);
        let w = put_b64(out, pos, tmp)?;
        if w > next && next < total {
            // Cannot happen when `total` was computed correctly.
            return Err(JweError::BufferTooSmall);
        }
        pos = w;
        read = next;
    }
    chunk.fill(0);
    pos = put(out, pos, b".")?;
    let mut tag_b64 = [0u8; TAG_B64_LEN];
    let tag_text = base64url::encode(&tag, &mut tag_b64).map_err(b64("tag"))?;
    pos = put(out, pos, tag_text.as_bytes())?;
    if pos != total {
        return Err(JweError::BufferTooSmall);
    }
    Ok(total)
}
