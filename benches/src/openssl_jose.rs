//! The same work with `josekit` (OpenSSL) for JOSE, `openssl` for the
//! X.509 chain and ECDH, and `serde_json` for the messages: the common way
//! to write this on a server or a desktop.
//!
//! Note: josekit's ECDH-ES uses the RFC 7518 KDF, not the EMV one, so its
//! device-info JWE would not interoperate with a DS; the work is the same
//! (key generation, ECDH, one SHA-256 block, AES + HMAC).

use std::cell::OnceCell;

use josekit::jwe::{self, JweEncrypter, JweHeader};
use josekit::jwk::KeyPair as _;
use josekit::jwk::alg::ec::{EcCurve, EcKeyPair};
use josekit::jws::{self, JwsVerifier};
use openssl::bn::{BigNum, BigNumContext};
use openssl::derive::Deriver;
use openssl::ec::{EcGroup, EcKey};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::{X509, X509StoreContext};
use serde_json::{Value, json};

use crate::fixtures::{AresCase, CresCase, DS_ID, SDK_APP_ID, SDK_REFERENCE_NUMBER};
use crate::{BenchError, Result, fail};

/// Pre-built OpenSSL objects (configuration, not per-transaction work).
pub struct OpenSslKeys {
    /// RSA-OAEP-256 encrypter for the DS RSA key.
    pub rsa: Box<dyn JweEncrypter>,
    /// ECDH-ES encrypter for the DS EC key.
    pub ec: Box<dyn JweEncrypter>,
}

impl OpenSslKeys {
    /// Builds the encrypters from the DS keys' SPKI.
    ///
    /// # Errors
    /// When OpenSSL rejects a key.
    pub fn new(fx: &crate::fixtures::Fixtures) -> Result<Self> {
        Ok(Self {
            rsa: Box::new(
                jwe::RSA_OAEP_256
                    .encrypter_from_der(&fx.ds.rsa_spki)
                    .map_err(fail("rsa"))?,
            ),
            ec: Box::new(
                jwe::ECDH_ES
                    .encrypter_from_der(&fx.ds.ec_spki)
                    .map_err(fail("ec"))?,
            ),
        })
    }
}

fn uuid() -> Result<String> {
    let mut b = [0u8; 16];
    openssl::rand::rand_bytes(&mut b).map_err(fail("rand"))?;
    Ok(uuid::Builder::from_random_bytes(b)
        .into_uuid()
        .hyphenated()
        .to_string())
}

/// `get_auth_request` with josekit: key generation, id, device-info JWE,
/// auth-request JSON with serde_json.
///
/// # Errors
/// On an OpenSSL failure.
pub fn get_auth_request(encrypter: &dyn JweEncrypter, device_info: &[u8]) -> Result<String> {
    let ephemeral = EcKeyPair::generate(EcCurve::P256).map_err(fail("keygen"))?;
    let jwk: serde_json::Map<String, Value> = ephemeral.to_jwk_public_key().into();
    let id = uuid()?;
    let mut header = JweHeader::new();
    header.set_content_encryption("A128CBC-HS256");
    let enc_data = jwe::serialize_compact(device_info, &header, encrypter).map_err(fail("jwe"))?;
    let req = json!({
        "messageVersion": "2.2.0",
        "sdkAppID": SDK_APP_ID,
        "sdkEncData": enc_data,
        "sdkEphemPubKey": jwk,
        "sdkMaxTimeout": "05",
        "sdkReferenceNumber": SDK_REFERENCE_NUMBER,
        "sdkTransID": id,
        "deviceRenderOptions": {"sdkInterface": "03", "sdkUiType": ["01", "02", "03", "04", "05"]},
    });
    let _ = DS_ID;
    Ok(req.to_string())
}

/// What OpenSSL needs to check an ARes: the trust store and our key.
pub struct OpenSslAres {
    store: X509Store,
    ephemeral: PKey<Private>,
    ephemeral_jwk: (String, String),
}

fn b64url(data: &[u8]) -> String {
    use base64ct::Encoding as _;
    base64ct::Base64UrlUnpadded::encode_string(data)
}

impl OpenSslAres {
    /// Builds the store with the DS root and imports the SDK's ephemeral key.
    ///
    /// # Errors
    /// When OpenSSL rejects an input.
    pub fn new(case: &AresCase) -> Result<Self> {
        let mut store = X509StoreBuilder::new().map_err(fail("store"))?;
        store
            .add_cert(X509::from_der(&case.root_der).map_err(fail("root"))?)
            .map_err(fail("store"))?;
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).map_err(fail("group"))?;
        let d = BigNum::from_slice(&case.ephemeral_private).map_err(fail("bn"))?;
        let mut ctx = BigNumContext::new().map_err(fail("bn"))?;
        let mut point = openssl::ec::EcPoint::new(&group).map_err(fail("point"))?;
        point
            .mul_generator2(&group, &d, &mut ctx)
            .map_err(fail("point"))?;
        let key = EcKey::from_private_components(&group, &d, &point).map_err(fail("key"))?;
        let (mut x, mut y) = (
            BigNum::new().map_err(fail("bn"))?,
            BigNum::new().map_err(fail("bn"))?,
        );
        point
            .affine_coordinates(&group, &mut x, &mut y, &mut ctx)
            .map_err(fail("point"))?;
        let pad = |n: &BigNum| n.to_vec_padded(32).map(|v| b64url(&v));
        Ok(Self {
            store: store.build(),
            ephemeral: PKey::from_ec_key(key).map_err(fail("pkey"))?,
            ephemeral_jwk: (pad(&x).map_err(fail("bn"))?, pad(&y).map_err(fail("bn"))?),
        })
    }
}

fn jwk_point(jwk: &Value) -> Result<PKey<openssl::pkey::Public>> {
    use base64ct::Encoding as _;
    let coord = |name: &str| -> Result<BigNum> {
        let text = jwk[name]
            .as_str()
            .ok_or_else(|| BenchError(format!("JWK {name}")))?;
        let bytes = base64ct::Base64UrlUnpadded::decode_vec(text).map_err(fail("JWK"))?;
        BigNum::from_slice(&bytes).map_err(fail("bn"))
    };
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).map_err(fail("group"))?;
    let (x, y) = (coord("x")?, coord("y")?);
    let key = EcKey::from_public_key_affine_coordinates(&group, &x, &y).map_err(fail("point"))?;
    key.check_key().map_err(fail("point"))?;
    PKey::from_ec_key(key).map_err(fail("pkey"))
}

/// `check_auth_response` with serde_json, josekit and OpenSSL: ARes parse,
/// JWS parse + verify (key from `x5c`, chain checked by an
/// `X509StoreContext`), payload parse, ECDH and the KDF.
///
/// # Errors
/// On any failure.
pub fn check_auth_response(case: &AresCase, st: &OpenSslAres) -> Result<[u8; 32]> {
    let ares: Value = serde_json::from_slice(&case.ares_json).map_err(fail("ARes"))?;
    if ares["messageType"] != "ARes" || ares["sdkTransID"] != case.sdk_trans_id.as_str() {
        return Err(BenchError("not our ARes".into()));
    }
    let jws_text = ares["acsSignedContent"]
        .as_str()
        .ok_or_else(|| BenchError("no acsSignedContent".into()))?;
    let verifier: OnceCell<Box<dyn JwsVerifier>> = OnceCell::new();
    let (payload, _) = jws::deserialize_compact_with_selector(jws_text, |header| {
        let chain = header.x509_certificate_chain().unwrap_or_default();
        let certs = chain
            .iter()
            .map(|der| X509::from_der(der))
            .collect::<core::result::Result<Vec<_>, _>>()
            .map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        let leaf = certs
            .first()
            .ok_or_else(|| josekit::JoseError::InvalidJwsFormat(anyhow_err("x5c")))?;
        let mut rest = Stack::new().map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        for c in certs.iter().skip(1) {
            rest.push(c.clone())
                .map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        }
        let mut ctx =
            X509StoreContext::new().map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        let ok = ctx
            .init(&st.store, leaf, &rest, |c| c.verify_cert())
            .map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        if !ok {
            return Err(josekit::JoseError::InvalidJwsFormat(anyhow_err("chain")));
        }
        let spki = leaf
            .public_key()
            .and_then(|k| k.public_key_to_der())
            .map_err(|e| josekit::JoseError::InvalidJwsFormat(e.into()))?;
        let v: Box<dyn JwsVerifier> = match header.algorithm() {
            Some("PS256") => Box::new(jws::PS256.verifier_from_der(&spki)?),
            Some("ES256") => Box::new(jws::ES256.verifier_from_der(&spki)?),
            _ => {
                return Err(josekit::JoseError::UnsupportedSignatureAlgorithm(
                    anyhow_err("alg"),
                ));
            }
        };
        let _ = verifier.set(v);
        Ok(verifier.get().map(|b| b.as_ref()))
    })
    .map_err(fail("JWS"))?;
    let payload: Value = serde_json::from_slice(&payload).map_err(fail("payload"))?;
    let echoed = &payload["sdkEphemPubKey"];
    if echoed["x"] != st.ephemeral_jwk.0.as_str() || echoed["y"] != st.ephemeral_jwk.1.as_str() {
        return Err(BenchError("sdkEphemPubKey not echoed".into()));
    }
    let acs = jwk_point(&payload["acsEphemPubKey"])?;
    let mut deriver = Deriver::new(&st.ephemeral).map_err(fail("derive"))?;
    deriver.set_peer(&acs).map_err(fail("derive"))?;
    let z = deriver.derive_to_vec().map_err(fail("derive"))?;
    let mut h = openssl::sha::Sha256::new();
    h.update(&1u32.to_be_bytes());
    h.update(&z);
    h.update(&0u32.to_be_bytes());
    h.update(&0u32.to_be_bytes());
    h.update(&(SDK_REFERENCE_NUMBER.len() as u32).to_be_bytes());
    h.update(SDK_REFERENCE_NUMBER.as_bytes());
    h.update(&256u32.to_be_bytes());
    Ok(h.finish())
}

fn anyhow_err(what: &'static str) -> anyhow::Error {
    anyhow::anyhow!(what)
}

/// A CReq with serde_json + josekit `dir` (josekit draws the IV itself).
///
/// # Errors
/// On a josekit failure.
pub fn creq(case: &CresCase, answer: &Value) -> Result<String> {
    let mut creq = json!({
        "messageType": "CReq",
        "messageVersion": "2.2.0",
        "threeDSServerTransID": case.server_trans_id,
        "acsTransID": case.acs_trans_id,
        "sdkTransID": case.sdk_trans_id,
        "sdkCounterStoA": "001",
    });
    if let (Some(map), Some(extra)) = (creq.as_object_mut(), answer.as_object()) {
        for (k, v) in extra {
            map.insert(k.clone(), v.clone());
        }
    }
    let key = match case.enc {
        threeds_core::jose::ContentEncryption::A128CbcHs256 => &case.session_key[..],
        threeds_core::jose::ContentEncryption::A128Gcm => &case.session_key[..16],
    };
    let encrypter = jwe::Dir.encrypter_from_bytes(key).map_err(fail("dir"))?;
    let mut header = JweHeader::new();
    header.set_content_encryption(case.enc.name());
    header.set_key_id(&case.acs_trans_id);
    jwe::serialize_compact(creq.to_string().as_bytes(), &header, &encrypter).map_err(fail("jwe"))
}

/// A CRes with josekit `dir` + serde_json, checking the members the core
/// checks first (type, counter, ids).
///
/// # Errors
/// On a josekit failure or a mismatch.
pub fn cres(case: &CresCase) -> Result<Value> {
    let key = match case.enc {
        threeds_core::jose::ContentEncryption::A128CbcHs256 => &case.session_key[..],
        threeds_core::jose::ContentEncryption::A128Gcm => &case.session_key[16..],
    };
    let decrypter = jwe::Dir.decrypter_from_bytes(key).map_err(fail("dir"))?;
    let (plain, header) = jwe::deserialize_compact(&case.jwe, &decrypter).map_err(fail("jwe"))?;
    if header.key_id() != Some(case.acs_trans_id.as_str()) {
        return Err(BenchError("kid".into()));
    }
    let v: Value = serde_json::from_slice(&plain).map_err(fail("CRes"))?;
    if v["messageType"] != "CRes"
        || v["acsCounterAtoS"] != "000"
        || v["acsTransID"] != case.acs_trans_id.as_str()
        || v["sdkTransID"] != case.sdk_trans_id.as_str()
        || v["threeDSServerTransID"] != case.server_trans_id.as_str()
    {
        return Err(BenchError("CRes members".into()));
    }
    Ok(v)
}
