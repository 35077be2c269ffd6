//! How many bytes a caller's buffer needs: the message length (measured by
//! the same builder that writes it) and the compact JWE that seals it,
//! computed from the algorithm's ciphertext length and base64url lengths,
//! so [`Error::BufferTooSmall`](super::Error::BufferTooSmall) says exactly
//! how much room the call takes.

use crate::jose::ContentEncryption;
use crate::jose::base64url::encoded_len;
use crate::json::JsonWriter;

/// base64url length of the 16-byte authentication tag (both algorithms).
const TAG_B64_LEN: usize = 22;

/// Length of the compact JWE `header.ek.iv.ciphertext.tag` for a JSON
/// header of `header_len` bytes, an encrypted key of `ek_len` bytes and a
/// plaintext of `plaintext_len` bytes (`usize::MAX` on overflow, which no
/// buffer satisfies).
pub(crate) fn jwe_len(
    enc: ContentEncryption,
    header_len: usize,
    ek_len: usize,
    plaintext_len: usize,
) -> usize {
    (|| {
        let ct = enc.ciphertext_len(plaintext_len)?;
        encoded_len(header_len)?
            .checked_add(encoded_len(ek_len)?)?
            .checked_add(encoded_len(enc.iv_len())?)?
            .checked_add(encoded_len(ct)?)?
            .checked_add(TAG_B64_LEN)?
            .checked_add(4)
    })()
    .unwrap_or(usize::MAX)
}

/// Length of a protected header written with these members, in order.
fn header_len(members: &[(&str, HeaderValue<'_>)]) -> usize {
    let mut w = JsonWriter::counting();
    let counted = (|| {
        w.begin_object()?;
        for (key, value) in members {
            w.key(key)?;
            match value {
                HeaderValue::Str(s) => w.string(s)?,
                HeaderValue::Raw(json) => w.raw(json)?,
            }
        }
        w.end_object()
    })();
    if counted.is_err() {
        return usize::MAX;
    }
    w.len()
}

enum HeaderValue<'a> {
    Str(&'a str),
    Raw(&'a str),
}

/// The CReq's `dir` JWE: `{"alg":"dir","enc":…,"kid":<acsTransID>}`.
pub(crate) fn creq_jwe_len(enc: ContentEncryption, kid: &str, plaintext_len: usize) -> usize {
    let h = header_len(&[
        ("alg", HeaderValue::Str("dir")),
        ("enc", HeaderValue::Str(enc.name())),
        ("kid", HeaderValue::Str(kid)),
    ]);
    jwe_len(enc, h, 0, plaintext_len)
}

/// The device-info `ECDH-ES` JWE: `{"alg":"ECDH-ES","epk":<jwk>,"enc":…[,"kid":…]}`
/// with an ephemeral P-256 JWK of `epk_len` bytes (the same length for
/// every P-256 key).
pub(crate) fn ecdh_es_jwe_len(
    enc: ContentEncryption,
    epk_json: &str,
    kid: Option<&str>,
    plaintext_len: usize,
) -> usize {
    let h = match kid {
        Some(k) => header_len(&[
            ("alg", HeaderValue::Str("ECDH-ES")),
            ("epk", HeaderValue::Raw(epk_json)),
            ("enc", HeaderValue::Str(enc.name())),
            ("kid", HeaderValue::Str(k)),
        ]),
        None => header_len(&[
            ("alg", HeaderValue::Str("ECDH-ES")),
            ("epk", HeaderValue::Raw(epk_json)),
            ("enc", HeaderValue::Str(enc.name())),
        ]),
    };
    jwe_len(enc, h, 0, plaintext_len)
}

/// The device-info `RSA-OAEP-256` JWE with a `modulus_len`-byte encrypted key.
#[cfg(feature = "alloc")]
pub(crate) fn rsa_oaep_jwe_len(
    enc: ContentEncryption,
    modulus_len: usize,
    kid: Option<&str>,
    plaintext_len: usize,
) -> usize {
    let h = match kid {
        Some(k) => header_len(&[
            ("alg", HeaderValue::Str("RSA-OAEP-256")),
            ("enc", HeaderValue::Str(enc.name())),
            ("kid", HeaderValue::Str(k)),
        ]),
        None => header_len(&[
            ("alg", HeaderValue::Str("RSA-OAEP-256")),
            ("enc", HeaderValue::Str(enc.name())),
        ]),
    };
    jwe_len(enc, h, modulus_len, plaintext_len)
}
