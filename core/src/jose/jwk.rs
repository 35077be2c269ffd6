//! Public JWKs: P-256 (parse + canonical emit) and, with `alloc`, RSA (parse).
//!
//! elliptic-curve 0.14 dropped its JWK support, so the members are handled
//! here by hand. Only public keys are accepted: a JWK carrying a private
//! member is rejected rather than silently stripped, because a peer that
//! sends its private key is broken and must not be trusted.

use core::fmt;

use p256::elliptic_curve::sec1::ToSec1Point;

#[cfg(feature = "alloc")]
use crate::keys::RsaPublicKey;

use super::base64url;
use crate::json::{self, JsonErrorKind, Object, Value};

/// Length of the canonical P-256 JWK text:
/// `{"kty":"EC","crv":"P-256","x":"<43>","y":"<43>"}`.
pub const P256_JWK_LEN: usize = 126;

/// Why a JWK was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwkError {
    /// The text is not a JSON object.
    NotAnObject,
    /// The same member appears twice.
    DuplicateMember,
    /// A required member is absent (its name).
    MissingMember(&'static str),
    /// A member has the wrong JSON type (its name).
    WrongType(&'static str),
    /// `kty` is not the expected key type.
    UnsupportedKeyType,
    /// `crv` is not `P-256`.
    UnsupportedCurve,
    /// A member is not canonical base64url (its name).
    InvalidBase64(&'static str),
    /// A coordinate or component has the wrong length (its name).
    InvalidLength(&'static str),
    /// `x`/`y` are not a point on P-256.
    InvalidPoint,
    /// The JWK carries private key material (`d`, `p`, …).
    PrivateKeyMaterial,
    /// The RSA modulus or exponent is unacceptable.
    InvalidRsaKey,
    /// `use`, `key_ops` or `alg` says the key is meant for something else.
    WrongIntendedUse,
    /// The output buffer is too small.
    BufferTooSmall,
}

impl fmt::Display for JwkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwkError::NotAnObject => f.write_str("JWK: not a JSON object"),
            JwkError::DuplicateMember => f.write_str("JWK: duplicate member"),
            JwkError::MissingMember(m) => write!(f, "JWK: missing member {m}"),
            JwkError::WrongType(m) => write!(f, "JWK: member {m} has the wrong type"),
            JwkError::UnsupportedKeyType => f.write_str("JWK: unsupported kty"),
            JwkError::UnsupportedCurve => f.write_str("JWK: unsupported crv"),
            JwkError::InvalidBase64(m) => write!(f, "JWK: member {m} is not base64url"),
            JwkError::InvalidLength(m) => write!(f, "JWK: member {m} has the wrong length"),
            JwkError::InvalidPoint => f.write_str("JWK: x/y is not a point on P-256"),
            JwkError::PrivateKeyMaterial => f.write_str("JWK: carries private key material"),
            JwkError::InvalidRsaKey => f.write_str("JWK: invalid RSA key"),
            JwkError::WrongIntendedUse => f.write_str("JWK: use/key_ops/alg do not allow this use"),
            JwkError::BufferTooSmall => f.write_str("JWK: output buffer too small"),
        }
    }
}

impl core::error::Error for JwkError {}

fn parse_object(text: &[u8]) -> Result<Object<'_>, JwkError> {
    match json::parse(text) {
        Err(e) if e.kind == JsonErrorKind::DuplicateKey => Err(JwkError::DuplicateMember),
        parsed => parsed
            .ok()
            .and_then(|v| v.as_object())
            .ok_or(JwkError::NotAnObject),
    }
}

fn plain_str<'a>(obj: &Object<'a>, name: &'static str) -> Result<&'a str, JwkError> {
    match obj.get(name) {
        None => Err(JwkError::MissingMember(name)),
        Some(Value::String(s)) => s.as_plain().ok_or(JwkError::InvalidBase64(name)),
        Some(_) => Err(JwkError::WrongType(name)),
    }
}

fn check_common(obj: &Object<'_>, kty: &str) -> Result<(), JwkError> {
    match obj.get("kty") {
        None => return Err(JwkError::MissingMember("kty")),
        Some(Value::String(s)) if s.eq_str(kty) => {}
        Some(Value::String(_)) => return Err(JwkError::UnsupportedKeyType),
        Some(_) => return Err(JwkError::WrongType("kty")),
    }
    // Private members of EC (d) and RSA (d, p, q, dp, dq, qi, oth) keys.
    const PRIVATE: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];
    if PRIVATE.iter().any(|m| obj.get(m).is_some()) {
        return Err(JwkError::PrivateKeyMaterial);
    }
    Ok(())
}

fn coordinate(obj: &Object<'_>, name: &'static str) -> Result<[u8; 32], JwkError> {
    let text = plain_str(obj, name)?;
    // A 32-byte value is exactly 43 characters; anything else is the wrong
    // length (or garbage, which decode reports).
    if text.len() != 43 {
        return match base64url::decode(text, &mut [0u8; 64]) {
            Err(base64url::Base64Error::InvalidEncoding) => Err(JwkError::InvalidBase64(name)),
            _ => Err(JwkError::InvalidLength(name)),
        };
    }
    base64url::decode_array::<32>(text).map_err(|_| JwkError::InvalidBase64(name))
}

/// Parses a public P-256 JWK from a JSON object.
///
/// # Errors
/// [`JwkError`] naming the problem: wrong `kty`/`crv`, bad or missing
/// coordinates, a point not on the curve, or private key material.
pub fn p256_from_object(obj: &Object<'_>) -> Result<p256::PublicKey, JwkError> {
    check_common(obj, "EC")?;
    match obj.get("crv") {
        None => return Err(JwkError::MissingMember("crv")),
        Some(Value::String(s)) if s.eq_str("P-256") => {}
        Some(Value::String(_)) => return Err(JwkError::UnsupportedCurve),
        Some(_) => return Err(JwkError::WrongType("crv")),
    }
    let x = coordinate(obj, "x")?;
    let y = coordinate(obj, "y")?;
    p256_from_coordinates(&x, &y)
}

/// Parses a public P-256 JWK from its JSON text.
///
/// # Errors
/// As [`p256_from_object`], plus [`JwkError::NotAnObject`].
pub fn p256_from_json(text: &[u8]) -> Result<p256::PublicKey, JwkError> {
    p256_from_object(&parse_object(text)?)
}

/// Builds a public key from affine coordinates, checking the point.
///
/// # Errors
/// [`JwkError::InvalidPoint`] when (x, y) is not on P-256.
pub fn p256_from_coordinates(x: &[u8; 32], y: &[u8; 32]) -> Result<p256::PublicKey, JwkError> {
    let mut sec1 = [0u8; 65];
    let (tag, rest) = sec1.split_at_mut(1);
    let (xs, ys) = rest.split_at_mut(32);
    tag.copy_from_slice(&[4]);
    xs.copy_from_slice(x);
    ys.copy_from_slice(y);
    p256::PublicKey::from_sec1_bytes(&sec1).map_err(|_| JwkError::InvalidPoint)
}

/// The affine coordinates (x, y) of a P-256 public key.
pub fn p256_coordinates(key: &p256::PublicKey) -> ([u8; 32], [u8; 32]) {
    let point = key.to_sec1_point(false);
    let mut x = [0u8; 32];
    let mut y = [0u8; 32];
    if let (Some(px), Some(py)) = (point.x(), point.y()) {
        x.copy_from_slice(px);
        y.copy_from_slice(py);
    }
    (x, y)
}

/// Writes the canonical JWK `{"kty":"EC","crv":"P-256","x":…,"y":…}`
/// (this member order, no whitespace) into `out`.
///
/// # Errors
/// [`JwkError::BufferTooSmall`] when `out` is shorter than [`P256_JWK_LEN`].
pub fn p256_to_json<'b>(key: &p256::PublicKey, out: &'b mut [u8]) -> Result<&'b str, JwkError> {
    let (x, y) = p256_coordinates(key);
    let mut xb = [0u8; 43];
    let mut yb = [0u8; 43];
    let xs = base64url::encode(&x, &mut xb).map_err(|_| JwkError::BufferTooSmall)?;
    let ys = base64url::encode(&y, &mut yb).map_err(|_| JwkError::BufferTooSmall)?;
    let mut w = json::JsonWriter::new(out);
    let res = (|| {
        w.begin_object()?;
        w.field_str("kty", "EC")?;
        w.field_str("crv", "P-256")?;
        w.field_str("x", xs)?;
        w.field_str("y", ys)?;
        w.end_object()
    })();
    res.map_err(|_| JwkError::BufferTooSmall)?;
    let bytes = w.finish().map_err(|_| JwkError::BufferTooSmall)?;
    core::str::from_utf8(bytes).map_err(|_| JwkError::BufferTooSmall)
}

/// The canonical P-256 JWK text as a fixed-capacity string.
pub fn p256_to_heapless(key: &p256::PublicKey) -> heapless::String<P256_JWK_LEN> {
    let mut buf = [0u8; P256_JWK_LEN];
    let mut out = heapless::String::new();
    if let Ok(s) = p256_to_json(key, &mut buf) {
        // Cannot fail: the canonical text is exactly P256_JWK_LEN bytes.
        let _ = out.push_str(s);
    }
    out
}

/// What a key is about to be used for, checked against the JWK's optional
/// `use`, `key_ops` and `alg` members (RFC 7517 §4.2–4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPurpose<'p> {
    /// Verifying signatures with JWS algorithm `alg`.
    Verify(&'p str),
    /// Key agreement / encryption with JWE algorithm `alg`.
    Encrypt(&'p str),
}

/// Checks the optional `use`, `key_ops` and `alg` members against
/// `purpose`; absent members allow any purpose.
///
/// # Errors
/// [`JwkError::WrongIntendedUse`] or [`JwkError::WrongType`].
pub fn check_purpose(obj: &Object<'_>, purpose: KeyPurpose<'_>) -> Result<(), JwkError> {
    let (use_, ops, alg): (&str, &[&str], &str) = match purpose {
        KeyPurpose::Verify(a) => ("sig", &["verify"], a),
        KeyPurpose::Encrypt(a) => ("enc", &["encrypt", "wrapKey", "deriveKey", "deriveBits"], a),
    };
    match obj.get("use") {
        None => {}
        Some(Value::String(s)) if s.eq_str(use_) => {}
        Some(Value::String(_)) => return Err(JwkError::WrongIntendedUse),
        Some(_) => return Err(JwkError::WrongType("use")),
    }
    match obj.get("alg") {
        None => {}
        Some(Value::String(s)) if s.eq_str(alg) => {}
        Some(Value::String(_)) => return Err(JwkError::WrongIntendedUse),
        Some(_) => return Err(JwkError::WrongType("alg")),
    }
    match obj.get("key_ops") {
        None => {}
        Some(Value::Array(a)) => {
            let mut allowed = false;
            for v in a.iter() {
                let s = v.as_str().ok_or(JwkError::WrongType("key_ops"))?;
                allowed |= ops.iter().any(|o| s.eq_str(o));
            }
            if !allowed {
                return Err(JwkError::WrongIntendedUse);
            }
        }
        Some(_) => return Err(JwkError::WrongType("key_ops")),
    }
    Ok(())
}

/// Parses a public RSA JWK (`kty` "RSA", `n`, `e`) from a JSON object.
///
/// # Errors
/// [`JwkError`] naming the problem; [`JwkError::InvalidRsaKey`] when the
/// modulus is outside 2048..=4096 bits or the exponent is unacceptable.
#[cfg(feature = "alloc")]
pub fn rsa_from_object(obj: &Object<'_>) -> Result<RsaPublicKey, JwkError> {
    check_common(obj, "RSA")?;
    let n_text = plain_str(obj, "n")?;
    let e_text = plain_str(obj, "e")?;
    // 4096-bit modulus = 512 bytes; e is at most 8 bytes.
    let mut n_buf = [0u8; 512];
    let mut e_buf = [0u8; 8];
    let n = base64url::decode(n_text, &mut n_buf).map_err(|e| match e {
        base64url::Base64Error::InvalidEncoding => JwkError::InvalidBase64("n"),
        base64url::Base64Error::BufferTooSmall => JwkError::InvalidLength("n"),
    })?;
    let e = base64url::decode(e_text, &mut e_buf).map_err(|e| match e {
        base64url::Base64Error::InvalidEncoding => JwkError::InvalidBase64("e"),
        base64url::Base64Error::BufferTooSmall => JwkError::InvalidLength("e"),
    })?;
    // RFC 7518 §6.3.1: minimal big-endian, no leading zero octet.
    if n.first().is_none_or(|b| *b == 0) {
        return Err(JwkError::InvalidLength("n"));
    }
    if e.first().is_none_or(|b| *b == 0) {
        return Err(JwkError::InvalidLength("e"));
    }
    RsaPublicKey::from_components(n, e).map_err(|_| JwkError::InvalidRsaKey)
}

/// Parses a public RSA JWK from its JSON text.
///
/// # Errors
/// As [`rsa_from_object`], plus [`JwkError::NotAnObject`].
#[cfg(feature = "alloc")]
pub fn rsa_from_json(text: &[u8]) -> Result<RsaPublicKey, JwkError> {
    rsa_from_object(&parse_object(text)?)
}
