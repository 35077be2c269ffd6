//! Shared helpers for the JOSE integration tests (test-side only).
#![allow(dead_code)]

use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

pub fn vector_path(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/")).join(rel)
}

pub fn load(rel: &str) -> Value {
    let text = std::fs::read_to_string(vector_path(rel)).expect("vector file");
    serde_json::from_str(&text).expect("vector JSON")
}

pub fn b64u(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).expect("test base64url")
}

pub fn try_b64u(s: &str) -> Result<Vec<u8>, base64ct::Error> {
    Base64UrlUnpadded::decode_vec(s)
}

pub fn b64u_enc(b: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(b)
}

pub fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str()
        .unwrap_or_else(|| panic!("missing string {k}"))
}

pub fn uint(b: &[u8]) -> rsa::BoxedUint {
    rsa::BoxedUint::from_be_slice_vartime(b)
}

/// An RSA private key from a JWK (test side: the core never holds one).
pub fn rsa_private(jwk: &Value) -> rsa::PrivateKey {
    let c = |k: &str| uint(&b64u(s(jwk, k)));
    rsa::PrivateKey::from_components(c("n"), c("e"), c("d"), vec![c("p"), c("q")])
        .expect("RSA private key")
}

pub fn rsa_public(jwk: &Value) -> threeds_core::keys::RsaPublicKey {
    threeds_core::keys::RsaPublicKey::from_components(&b64u(s(jwk, "n")), &b64u(s(jwk, "e")))
        .expect("RSA public")
}

/// The core's view of a test-side (`rsa` crate) public key.
pub fn ours(pk: &rsa::PublicKey) -> threeds_core::keys::RsaPublicKey {
    use rsa::traits::PublicKeyParts;
    threeds_core::keys::RsaPublicKey::from_components(&pk.n().to_be_bytes(), &pk.e().to_be_bytes())
        .expect("RSA public")
}

/// A P-256 secret key from a JWK's `d`.
pub fn p256_secret(jwk: &Value) -> p256::SecretKey {
    p256::SecretKey::from_slice(&b64u(s(jwk, "d"))).expect("P-256 d")
}

/// The JWK text without private members.
pub fn public_jwk_text(jwk: &Value) -> String {
    let mut j = jwk.clone();
    for k in ["d", "p", "q", "dp", "dq", "qi"] {
        j.as_object_mut().unwrap().remove(k);
    }
    j.to_string()
}

/// An RNG that yields a fixed byte sequence (then zeros): reproduces the
/// random draws of published examples.
pub struct FixedRng(pub Vec<u8>, pub usize);

impl rand_core::TryRng for FixedRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for d in dst {
            *d = self.0.get(self.1).copied().unwrap_or(0);
            self.1 += 1;
        }
        Ok(())
    }
}
impl rand_core::TryCryptoRng for FixedRng {}

/// An RNG that always fails.
pub struct FailingRng;
#[derive(Debug)]
pub struct Broken;
impl core::fmt::Display for Broken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("broken")
    }
}
impl core::error::Error for Broken {}
impl rand_core::TryRng for FailingRng {
    type Error = Broken;
    fn try_next_u32(&mut self) -> Result<u32, Broken> {
        Err(Broken)
    }
    fn try_next_u64(&mut self) -> Result<u64, Broken> {
        Err(Broken)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Broken> {
        Err(Broken)
    }
}
impl rand_core::TryCryptoRng for FailingRng {}

pub fn chacha(seed: u8) -> rand_chacha::ChaCha20Rng {
    use rand_core::SeedableRng;
    rand_chacha::ChaCha20Rng::from_seed([seed; 32])
}

/// The public key of a DER certificate's SPKI (test side; chain validation
/// belongs to the PKI layer).
pub fn cert_public_key(der: &[u8]) -> threeds_core::keys::PublicKey {
    use der::Decode;
    let cert = x509_cert::Certificate::from_der(der).expect("certificate");
    let spki = cert.tbs_certificate().subject_public_key_info();
    let raw = spki.subject_public_key.raw_bytes();
    let oid = spki.algorithm.oid.to_string();
    match oid.as_str() {
        "1.2.840.10045.2.1" => threeds_core::keys::PublicKey::P256(
            p256::PublicKey::from_sec1_bytes(raw).expect("EC point"),
        ),
        "1.2.840.113549.1.1.1" => threeds_core::keys::PublicKey::Rsa(
            threeds_core::keys::RsaPublicKey::from_pkcs1_der(raw).expect("RSA key"),
        ),
        other => panic!("unexpected key algorithm {other}"),
    }
}

/// Test-side ECDH-ES (EMV KDF) + content decryption of a compact JWE with
/// the recipient's private key. Content decryption uses aes-gcm / cbc / hmac
/// directly, not the core's content module.
pub fn decrypt_compact_test_side(compact: &str, cek: &[u8], enc: &str) -> Vec<u8> {
    let parts: Vec<&str> = compact.split('.').collect();
    assert_eq!(parts.len(), 5);
    let aad = parts[0].as_bytes();
    let iv = b64u(parts[2]);
    let ct = b64u(parts[3]);
    let tag = b64u(parts[4]);
    match enc {
        "A128GCM" => {
            use aes_gcm::aead::{AeadInOut, KeyInit};
            let c = aes_gcm::Aes128Gcm::new_from_slice(cek).unwrap();
            let mut buf = ct.clone();
            let nonce = aes_gcm::Nonce::try_from(&iv[..]).unwrap();
            let tag = aes_gcm::Tag::try_from(&tag[..]).unwrap();
            c.decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
                .expect("GCM decrypt");
            buf
        }
        "A128CBC-HS256" => {
            use cbc::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::Pkcs7};
            use hmac::{Hmac, KeyInit, Mac};
            let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&cek[..16]).unwrap();
            mac.update(aad);
            mac.update(&iv);
            mac.update(&ct);
            mac.update(&((aad.len() as u64) * 8).to_be_bytes());
            let full = mac.finalize().into_bytes();
            assert_eq!(&full[..16], &tag[..], "HMAC tag");
            let mut buf = ct.clone();
            let d = cbc::Decryptor::<aes::Aes128>::new_from_slices(&cek[16..], &iv).unwrap();
            d.decrypt_padded::<Pkcs7>(&mut buf)
                .expect("CBC unpad")
                .to_vec()
        }
        other => panic!("enc {other}"),
    }
}

/// Test-side EMV Concat KDF, written from the EMV description (independent
/// of the core's implementation).
pub fn emv_kdf_test_side(z: &[u8], v: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    h.update([0, 0, 0, 1]);
    h.update(z);
    h.update([0, 0, 0, 0]);
    h.update([0, 0, 0, 0]);
    h.update((v.len() as u32).to_be_bytes());
    h.update(v);
    h.update([0, 0, 1, 0]);
    h.finalize().into()
}
