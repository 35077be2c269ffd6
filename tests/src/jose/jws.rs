//! Compact JWS signing (`PS256`, `ES256`) with an `x5c` chain, as the ACS
//! signs `acsSignedContent`.

use rsa::signature::{RandomizedSigner, SignatureEncoding, Signer};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::Sha256;

use super::{JoseError, b64};

/// The JWS algorithms EMV 3DS allows for `acsSignedContent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SigningAlg {
    /// RSASSA-PSS with SHA-256 (salt 32).
    #[default]
    #[serde(rename = "PS256")]
    Ps256,
    /// ECDSA P-256 with SHA-256, raw R‖S signature.
    #[serde(rename = "ES256")]
    Es256,
}

impl SigningAlg {
    /// The registered `alg` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Ps256 => "PS256",
            Self::Es256 => "ES256",
        }
    }
}

/// A signing key for one of the [`SigningAlg`]s.
pub enum JwsKey<'a> {
    /// RSA for PS256.
    Rsa(&'a rsa::PrivateKey),
    /// P-256 for ES256.
    Ec(&'a p256::SecretKey),
}

/// Signs `payload` as a compact JWS whose header is `{"alg":…,"x5c":[…]}`
/// (`x5c` entries standard base64 DER, leaf first).
///
/// # Errors
/// [`JoseError::Sign`] if the RSA signature fails.
pub fn sign_compact(
    key: &JwsKey<'_>,
    x5c: &[Vec<u8>],
    payload: &[u8],
) -> Result<String, JoseError> {
    let alg = match key {
        JwsKey::Rsa(_) => SigningAlg::Ps256,
        JwsKey::Ec(_) => SigningAlg::Es256,
    };
    let chain: Vec<Value> = x5c
        .iter()
        .map(|der| Value::String(b64::standard(der)))
        .collect();
    let header = json!({"alg": alg.name(), "x5c": chain});
    let signing_input = format!(
        "{}.{}",
        b64::url(header.to_string().as_bytes()),
        b64::url(payload)
    );
    let signature = sign_raw(key, signing_input.as_bytes())?;
    Ok(format!("{signing_input}.{}", b64::url(&signature)))
}

/// Signs `message` with the raw JWS signature encoding of `key`.
///
/// # Errors
/// [`JoseError::Sign`] if the RSA signature fails.
pub fn sign_raw(key: &JwsKey<'_>, message: &[u8]) -> Result<Vec<u8>, JoseError> {
    match key {
        JwsKey::Rsa(private) => {
            let signer = rsa::pss::SigningKey::<Sha256>::new((*private).clone());
            let signature = signer
                .try_sign_with_rng(&mut rand::rng(), message)
                .map_err(|e| JoseError::Sign(e.to_string()))?;
            Ok(signature.to_vec())
        }
        JwsKey::Ec(secret) => {
            let signer = p256::ecdsa::SigningKey::from(*secret);
            let signature: p256::ecdsa::Signature = signer.sign(message);
            Ok(signature.to_bytes().to_vec())
        }
    }
}
