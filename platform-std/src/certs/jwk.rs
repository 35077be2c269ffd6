//! JSON Web Keys (public RSA and P-256 keys, a single JWK or a JWK Set).

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

use super::CertError;
use super::public_key::SpkiKey;

/// The public keys in a JWK or a JWK Set (`{"keys": [...]}`).
///
/// # Errors
/// [`CertError::Malformed`] for invalid JSON or a key missing members;
/// [`CertError::UnsupportedKey`] for other key types and curves.
pub(crate) fn parse(data: &[u8]) -> Result<Vec<SpkiKey>, CertError> {
    let json: Value = serde_json::from_slice(data).map_err(|_| CertError::Malformed("JWK JSON"))?;
    match json.get("keys") {
        Some(Value::Array(keys)) => keys.iter().map(parse_one).collect(),
        Some(_) => Err(CertError::Malformed("JWK Set (keys is not an array)")),
        None => Ok(vec![parse_one(&json)?]),
    }
}

fn member(jwk: &Value, name: &'static str) -> Result<Vec<u8>, CertError> {
    let text = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or(CertError::Malformed("JWK (missing member)"))?;
    Base64UrlUnpadded::decode_vec(text).map_err(|_| CertError::Malformed("JWK base64url member"))
}

fn parse_one(jwk: &Value) -> Result<SpkiKey, CertError> {
    match jwk.get("kty").and_then(Value::as_str) {
        Some("RSA") => SpkiKey::from_rsa_parts(&member(jwk, "n")?, &member(jwk, "e")?),
        Some("EC") => {
            let crv = jwk.get("crv").and_then(Value::as_str).unwrap_or("");
            if crv != "P-256" {
                return Err(CertError::UnsupportedKey(format!("EC curve {crv}")));
            }
            let (x, y) = (member(jwk, "x")?, member(jwk, "y")?);
            if x.len() != 32 || y.len() != 32 {
                return Err(CertError::Malformed("P-256 JWK coordinates"));
            }
            let mut point = Vec::with_capacity(65);
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            SpkiKey::from_p256_point(&point)
        }
        Some(other) => Err(CertError::UnsupportedKey(format!("JWK kty {other}"))),
        None => Err(CertError::Malformed("JWK (missing kty)")),
    }
}
