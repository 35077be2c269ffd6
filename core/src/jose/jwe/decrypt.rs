//! `dir` JWE compact decryption (CRes).

use super::error::b64;
use super::{JweError, MAX_HEADER_LEN};
use crate::jose::base64url;
use crate::jose::content::{self, ContentEncryption, TAG_LEN};
use crate::json::{self, JsonErrorKind, Value};

fn split5(compact: &str) -> Result<[&str; 5], JweError> {
    let mut parts = crate::text::split_ascii(compact, b'.');
    let mut out = [""; 5];
    for slot in &mut out {
        *slot = parts.next().ok_or(JweError::SegmentCount)?;
    }
    if parts.next().is_some() {
        return Err(JweError::SegmentCount);
    }
    Ok(out)
}

fn check_header(
    header: &[u8],
    enc: ContentEncryption,
    expected_kid: Option<&str>,
) -> Result<(), JweError> {
    let obj = match json::parse(header) {
        Err(e) if e.kind == JsonErrorKind::DuplicateKey => {
            return Err(JweError::DuplicateHeaderMember);
        }
        parsed => parsed.ok().and_then(|v| v.as_object()),
    }
    .ok_or(JweError::HeaderNotJson)?;
    match obj.get("alg") {
        None => return Err(JweError::MissingHeader("alg")),
        Some(Value::String(s)) if s.eq_str("dir") => {}
        Some(Value::String(_)) => return Err(JweError::UnsupportedAlg),
        Some(_) => return Err(JweError::HeaderWrongType("alg")),
    }
    match obj.get("enc") {
        None => return Err(JweError::MissingHeader("enc")),
        Some(Value::String(s)) if s.eq_str(enc.name()) => {}
        Some(Value::String(_)) => return Err(JweError::UnexpectedEnc),
        Some(_) => return Err(JweError::HeaderWrongType("enc")),
    }
    if obj.get("zip").is_some() {
        return Err(JweError::CompressionNotSupported);
    }
    // No header extension is understood, so any `crit` is unknown.
    if obj.get("crit").is_some() {
        return Err(JweError::CritNotSupported);
    }
    if let Some(kid) = expected_kid {
        match obj.get("kid") {
            None => return Err(JweError::MissingHeader("kid")),
            Some(Value::String(s)) if s.eq_str(kid) => {}
            Some(Value::String(_)) => return Err(JweError::KidMismatch),
            Some(_) => return Err(JweError::HeaderWrongType("kid")),
        }
    }
    Ok(())
}

/// Decrypts a compact `dir` JWE with `key` into `out` and returns the
/// plaintext. The header must say `alg` "dir" and `enc` = `enc`; when
/// `expected_kid` is given, `kid` must equal it; `zip` and `crit` are
/// rejected. The tag is checked (constant time) before any decryption.
///
/// # Errors
/// A [`JweError`] naming the structural problem, or the single opaque
/// [`JweError::DecryptionFailed`] for tag/padding failures.
pub fn decrypt_dir<'b>(
    compact: &str,
    enc: ContentEncryption,
    key: &[u8],
    expected_kid: Option<&str>,
    out: &'b mut [u8],
) -> Result<&'b [u8], JweError> {
    if key.len() != enc.key_len() {
        return Err(JweError::InvalidKeyLength);
    }
    let [h_b64, ek_b64, iv_b64, ct_b64, tag_b64] = split5(compact)?;
    if base64url::decoded_len_max(h_b64.len()) > MAX_HEADER_LEN.saturating_add(3) {
        return Err(JweError::HeaderTooLarge);
    }
    let mut hbuf = [0u8; MAX_HEADER_LEN];
    let header = base64url::decode(h_b64, &mut hbuf).map_err(|e| match e {
        base64url::Base64Error::BufferTooSmall => JweError::HeaderTooLarge,
        base64url::Base64Error::InvalidEncoding => JweError::Base64("header"),
    })?;
    check_header(header, enc, expected_kid)?;
    if !ek_b64.is_empty() {
        return Err(JweError::UnexpectedEncryptedKey);
    }
    let mut iv = [0u8; 16];
    let iv = base64url::decode(iv_b64, &mut iv).map_err(|e| match e {
        base64url::Base64Error::BufferTooSmall => JweError::InvalidIv,
        base64url::Base64Error::InvalidEncoding => JweError::Base64("iv"),
    })?;
    if iv.len() != enc.iv_len() {
        return Err(JweError::InvalidIv);
    }
    let mut tag = [0u8; TAG_LEN];
    let tag = base64url::decode(tag_b64, &mut tag).map_err(|e| match e {
        base64url::Base64Error::BufferTooSmall => JweError::InvalidTag,
        base64url::Base64Error::InvalidEncoding => JweError::Base64("tag"),
    })?;
    if tag.len() != TAG_LEN {
        return Err(JweError::InvalidTag);
    }
    // The ciphertext is public: the fast decoder (same acceptance) is fine.
    let ct_len = base64url::decode_public(ct_b64, out)
        .map_err(b64("ciphertext"))?
        .len();
    let ct = out.get_mut(..ct_len).ok_or(JweError::BufferTooSmall)?;
    let n = content::decrypt_in_place(enc, key, iv, h_b64.as_bytes(), ct, tag)?;
    let (pt, _) = out.split_at(n.min(ct_len));
    Ok(pt)
}
