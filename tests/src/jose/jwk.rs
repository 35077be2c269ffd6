//! JWK encoding and strict parsing for the key shapes 3DS uses.

use p256::elliptic_curve::sec1::ToSec1Point;
use rsa::BoxedUint;
use serde_json::{Map, Value, json};

use super::{JoseError, b64};

/// The public JWK `{"kty":"EC","crv":"P-256","x":…,"y":…}` of `key`.
#[must_use]
pub fn ec_public_jwk(key: &p256::PublicKey) -> Value {
    let point = key.to_sec1_point(false);
    let bytes = point.as_bytes();
    // Uncompressed SEC1: 0x04 ‖ x (32) ‖ y (32).
    let x = bytes.get(1..33).unwrap_or_default();
    let y = bytes.get(33..65).unwrap_or_default();
    json!({"kty": "EC", "crv": "P-256", "x": b64::url(x), "y": b64::url(y)})
}

fn member<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str, JoseError> {
    obj.get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| JoseError::Jwk(format!("member `{name}` missing or not a string")))
}

fn coordinate(obj: &Map<String, Value>, name: &'static str) -> Result<Vec<u8>, JoseError> {
    let bytes = b64::url_decode(member(obj, name)?, name)?;
    if bytes.len() != 32 {
        return Err(JoseError::Jwk(format!(
            "`{name}` is {} bytes, not 32",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// Parses an EC P-256 public JWK strictly: `kty` "EC", `crv` "P-256",
/// 32-byte `x`/`y` on the curve, no private member `d`.
///
/// # Errors
/// [`JoseError::Jwk`] describing the first problem found.
pub fn ec_public_from_jwk(jwk: &Value) -> Result<p256::PublicKey, JoseError> {
    let obj = jwk
        .as_object()
        .ok_or_else(|| JoseError::Jwk("not a JSON object".into()))?;
    if member(obj, "kty")? != "EC" {
        return Err(JoseError::Jwk("kty is not EC".into()));
    }
    if member(obj, "crv")? != "P-256" {
        return Err(JoseError::Jwk("crv is not P-256".into()));
    }
    if obj.contains_key("d") {
        return Err(JoseError::Jwk(
            "a public key carries the private member d".into(),
        ));
    }
    let mut sec1 = vec![4u8];
    sec1.extend(coordinate(obj, "x")?);
    sec1.extend(coordinate(obj, "y")?);
    p256::PublicKey::from_sec1_bytes(&sec1)
        .map_err(|_| JoseError::Jwk("point is not on P-256".into()))
}

/// Parses an EC P-256 private JWK (`d` plus the public members).
///
/// # Errors
/// [`JoseError::Jwk`] when a member is missing or `d` does not match `x`/`y`.
pub fn ec_private_from_jwk(jwk: &Value) -> Result<p256::SecretKey, JoseError> {
    let obj = jwk
        .as_object()
        .ok_or_else(|| JoseError::Jwk("not a JSON object".into()))?;
    let d = b64::url_decode(member(obj, "d")?, "d")?;
    let secret =
        p256::SecretKey::from_slice(&d).map_err(|_| JoseError::Jwk("d is not a scalar".into()))?;
    let mut public = obj.clone();
    public.remove("d");
    let expected = ec_public_from_jwk(&Value::Object(public))?;
    if secret.public_key() != expected {
        return Err(JoseError::Jwk("d does not match x/y".into()));
    }
    Ok(secret)
}

fn big(obj: &Map<String, Value>, name: &'static str) -> Result<BoxedUint, JoseError> {
    let bytes = b64::url_decode(member(obj, name)?, name)?;
    Ok(BoxedUint::from_be_slice_vartime(&bytes))
}

/// Parses an RSA private JWK (`n`, `e`, `d`, `p`, `q`).
///
/// # Errors
/// [`JoseError::Jwk`] when a member is missing or the key is inconsistent.
pub fn rsa_private_from_jwk(jwk: &Value) -> Result<rsa::PrivateKey, JoseError> {
    let obj = jwk
        .as_object()
        .ok_or_else(|| JoseError::Jwk("not a JSON object".into()))?;
    if member(obj, "kty")? != "RSA" {
        return Err(JoseError::Jwk("kty is not RSA".into()));
    }
    let key = rsa::PrivateKey::from_components(
        big(obj, "n")?,
        big(obj, "e")?,
        big(obj, "d")?,
        vec![big(obj, "p")?, big(obj, "q")?],
    )
    .map_err(|e| JoseError::Jwk(format!("inconsistent RSA key: {e}")))?;
    Ok(key)
}
