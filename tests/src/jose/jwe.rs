//! Compact JWE: parsing, the DS's device-information decryption
//! (`RSA-OAEP-256`, `ECDH-ES` with the EMV KDF) and the `dir` encryption of
//! CReq/CRes.

use serde_json::{Map, Value};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::content::{self, Enc};
use super::{JoseError, b64, jwk, kdf};

/// A compact JWE split into its five decoded parts.
#[derive(Debug, Clone)]
pub struct CompactJwe {
    /// The protected header exactly as sent (base64url); it is the AAD.
    pub header_b64: String,
    /// The decoded protected header.
    pub header: Map<String, Value>,
    /// The encrypted-key segment (empty for `dir` and `ECDH-ES`).
    pub encrypted_key: Vec<u8>,
    /// The IV.
    pub iv: Vec<u8>,
    /// The ciphertext.
    pub ciphertext: Vec<u8>,
    /// The authentication tag.
    pub tag: Vec<u8>,
}

impl CompactJwe {
    /// Splits and decodes `text` (five base64url segments).
    ///
    /// # Errors
    /// [`JoseError::Compact`], [`JoseError::Base64`] or [`JoseError::Header`].
    pub fn parse(text: &str) -> Result<Self, JoseError> {
        let parts: Vec<&str> = text.split('.').collect();
        let [header_b64, key, iv, ciphertext, tag] = parts.as_slice() else {
            return Err(JoseError::Compact("a JWE has five segments"));
        };
        let header_bytes = b64::url_decode(header_b64, "protected header")?;
        let header = match serde_json::from_slice::<Value>(&header_bytes) {
            Ok(Value::Object(map)) => map,
            _ => return Err(JoseError::Header("not a JSON object".into())),
        };
        Ok(Self {
            header_b64: (*header_b64).to_owned(),
            header,
            encrypted_key: b64::url_decode(key, "encrypted key")?,
            iv: b64::url_decode(iv, "IV")?,
            ciphertext: b64::url_decode(ciphertext, "ciphertext")?,
            tag: b64::url_decode(tag, "tag")?,
        })
    }

    /// A string member of the header, if present and a string.
    #[must_use]
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// The `enc` member as a known [`Enc`].
    ///
    /// # Errors
    /// [`JoseError::Header`] when `enc` is absent or not supported.
    pub fn enc(&self) -> Result<Enc, JoseError> {
        let name = self
            .header_str("enc")
            .ok_or_else(|| JoseError::Header("enc missing".into()))?;
        Enc::from_name(name).ok_or_else(|| JoseError::Header(format!("enc `{name}` not supported")))
    }

    /// Decrypts with the content-encryption key `cek`.
    ///
    /// # Errors
    /// [`JoseError::Decrypt`] or [`JoseError::Length`].
    pub fn decrypt_with(&self, cek: &[u8]) -> Result<Vec<u8>, JoseError> {
        content::decrypt(
            self.enc()?,
            cek,
            &self.iv,
            self.header_b64.as_bytes(),
            &self.ciphertext,
            &self.tag,
        )
    }
}

/// Serialises the five parts of a compact JWE.
#[must_use]
pub fn serialize(
    header_b64: &str,
    encrypted_key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
    tag: &[u8],
) -> String {
    format!(
        "{header_b64}.{}.{}.{}.{}",
        b64::url(encrypted_key),
        b64::url(iv),
        b64::url(ciphertext),
        b64::url(tag)
    )
}

/// The DS's private keys for device information.
pub struct DsDecryptionKeys<'a> {
    /// The RSA key (for `RSA-OAEP-256`) and its key id, if any.
    pub rsa: Option<(&'a rsa::PrivateKey, Option<&'a str>)>,
    /// The P-256 key (for `ECDH-ES`) and its key id, if any.
    pub ec: Option<(&'a p256::SecretKey, Option<&'a str>)>,
    /// The DS id: PartyVInfo of the EMV KDF.
    pub ds_id: &'a str,
}

/// What the DS learnt from decrypting `sdkEncData`.
#[derive(Debug, Clone)]
pub struct DeviceInfoJwe {
    /// `RSA-OAEP-256` or `ECDH-ES`.
    pub alg: String,
    /// The content encryption.
    pub enc: Enc,
    /// The `kid` header, if any.
    pub kid: Option<String>,
    /// The decrypted device-information JSON text.
    pub plaintext: Vec<u8>,
}

/// Why `sdkEncData` could not be decrypted, with the 3DS error code the DS
/// answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfoError {
    /// `302` (decryption failure), `311` (incorrect kid) or `203`.
    pub code: &'static str,
    /// Human-readable reason.
    pub reason: String,
}

fn fail(code: &'static str, reason: impl Into<String>) -> DeviceInfoError {
    DeviceInfoError {
        code,
        reason: reason.into(),
    }
}

/// Decrypts the device-information JWE as a DS does: `RSA-OAEP-256` with a
/// random CEK, or `ECDH-ES` with the EMV Concat KDF (PartyVInfo = DS id; for
/// A128GCM the CEK is the first 16 bytes of the KDF output).
///
/// # Errors
/// A [`DeviceInfoError`] with the code the DS reports.
pub fn decrypt_device_info(
    text: &str,
    keys: &DsDecryptionKeys<'_>,
) -> Result<DeviceInfoJwe, DeviceInfoError> {
    let jwe = CompactJwe::parse(text).map_err(|e| fail("302", e.to_string()))?;
    for name in jwe.header.keys() {
        if !matches!(name.as_str(), "alg" | "enc" | "kid" | "epk" | "cty" | "typ") {
            return Err(fail(
                "302",
                format!("header member `{name}` not supported (crit/zip/...)"),
            ));
        }
    }
    let enc = jwe.enc().map_err(|e| fail("302", e.to_string()))?;
    let alg = jwe
        .header_str("alg")
        .ok_or_else(|| fail("302", "alg missing"))?
        .to_owned();
    let kid = match jwe.header.get("kid") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(fail("311", "kid is not a string")),
    };
    let cek: Zeroizing<Vec<u8>> = match alg.as_str() {
        "RSA-OAEP-256" => {
            let (key, key_id) = keys
                .rsa
                .ok_or_else(|| fail("302", "the DS has no RSA key"))?;
            check_kid(kid.as_deref(), key_id)?;
            if jwe.header.contains_key("epk") {
                return Err(fail("302", "epk present with RSA-OAEP-256"));
            }
            let cek = key
                .decrypt(rsa::Oaep::<Sha256>::new(), &jwe.encrypted_key)
                .map_err(|_| fail("302", "RSA-OAEP-256 decryption of the CEK failed"))?;
            let want = match enc {
                Enc::A128CbcHs256 => 32,
                Enc::A128Gcm => 16,
            };
            if cek.len() != want {
                return Err(fail(
                    "302",
                    format!("CEK is {} bytes, {enc:?} needs {want}", cek.len()),
                ));
            }
            Zeroizing::new(cek)
        }
        "ECDH-ES" => {
            let (key, key_id) = keys.ec.ok_or_else(|| fail("302", "the DS has no EC key"))?;
            check_kid(kid.as_deref(), key_id)?;
            if !jwe.encrypted_key.is_empty() {
                return Err(fail("302", "ECDH-ES with a non-empty encrypted key"));
            }
            let epk = jwe
                .header
                .get("epk")
                .ok_or_else(|| fail("302", "epk missing"))?;
            let epk = jwk::ec_public_from_jwk(epk).map_err(|e| fail("302", format!("epk: {e}")))?;
            let derived = kdf::ecdh_emv(key, &epk, keys.ds_id.as_bytes());
            let len = match enc {
                Enc::A128CbcHs256 => 32,
                Enc::A128Gcm => 16,
            };
            Zeroizing::new(derived[..len].to_vec())
        }
        other => {
            return Err(fail(
                "302",
                format!("alg `{other}` not accepted for sdkEncData"),
            ));
        }
    };
    let plaintext = jwe
        .decrypt_with(&cek)
        .map_err(|e| fail("302", e.to_string()))?;
    Ok(DeviceInfoJwe {
        alg,
        enc,
        kid,
        plaintext,
    })
}

fn check_kid(sent: Option<&str>, ours: Option<&str>) -> Result<(), DeviceInfoError> {
    match (sent, ours) {
        (Some(sent), Some(ours)) if sent != ours => Err(fail(
            "311",
            format!("kid `{sent}` does not name the DS key `{ours}`"),
        )),
        // A DS key configured without an id accepts any kid.
        _ => Ok(()),
    }
}

/// Encrypts a CRes (or, in tests, a CReq) with `alg` `dir`.
///
/// `key` is the 32-byte session key for CBC-HS256 or the 16-byte half for GCM;
/// `iv` must suit `enc`.
///
/// # Errors
/// [`JoseError::Length`] on a wrong key or IV length.
pub fn encrypt_dir(
    enc: Enc,
    kid: &str,
    key: &[u8],
    iv: &[u8],
    plaintext: &[u8],
) -> Result<String, JoseError> {
    let header = serde_json::json!({"alg": "dir", "enc": enc.name(), "kid": kid});
    let header_b64 = b64::url(header.to_string().as_bytes());
    let sealed = content::encrypt(enc, key, iv, header_b64.as_bytes(), plaintext)?;
    Ok(serialize(
        &header_b64,
        &[],
        iv,
        &sealed.ciphertext,
        &sealed.tag,
    ))
}
