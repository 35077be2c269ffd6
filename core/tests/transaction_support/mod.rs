//! A test ACS (with DS and 3DS Server parts) for the transaction tests.
//!
//! Its crypto is written here directly on the RustCrypto primitives (not
//! through `threeds_core::jose`), and it is itself checked against the
//! EMVCo worked samples (Examples 7–12) in `transaction_vectors.rs`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use core::cell::Cell;
use std::string::String;
use std::vec::Vec;

use aes_gcm::aead::{AeadInOut, KeyInit};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, Mac};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use threeds_core::platform::Clock;

// ---------------------------------------------------------------- vectors

/// The EMVCo worked samples file, read at test time.
pub fn vectors() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/emvco-app-crypto-worked-samples.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// An EMVCo example by its number ("Example 11: …").
pub fn example(v: &Value, n: u32) -> Value {
    let prefix = format!("Example {n}:");
    v["examples"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.starts_with(&prefix))
        .map(|(_, e)| e.clone())
        .unwrap()
}

// ----------------------------------------------------------------- base64

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn encode(alphabet: &[u8; 64], data: &[u8], pad: bool) -> String {
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..4 {
            if i < chars {
                out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn decode(alphabet: &[u8; 64], text: &str) -> Vec<u8> {
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = alphabet
            .iter()
            .position(|a| *a == c)
            .expect("base64 character") as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

pub fn b64url(data: &[u8]) -> String {
    encode(URL, data, false)
}
pub fn unb64url(text: &str) -> Vec<u8> {
    decode(URL, text)
}
pub fn b64(data: &[u8]) -> String {
    encode(STD, data, true)
}
pub fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    decode(STD, &body)
}

// ------------------------------------------------------------ time & rng

/// A clock the test moves by hand; nothing ever sleeps.
pub struct FakeClock {
    pub unix: Cell<u64>,
    pub mono: Cell<u64>,
}

impl FakeClock {
    /// 2024-06-01, inside the EMVCo certificates' validity (2017-11-21..2027-12-31).
    pub fn new() -> Self {
        Self {
            unix: Cell::new(1_717_200_000),
            mono: Cell::new(1_000),
        }
    }
    pub fn advance_ms(&self, ms: u64) {
        self.mono.set(self.mono.get() + ms);
        self.unix.set(self.unix.get() + ms / 1000);
    }
    pub fn now(&self) -> u64 {
        self.mono.get()
    }
}

impl Clock for FakeClock {
    fn now_unix(&self) -> u64 {
        self.unix.get()
    }
    fn monotonic_ms(&self) -> u64 {
        self.mono.get()
    }
}

pub fn rng(seed: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([seed; 32])
}

// ---------------------------------------------------------------- crypto

/// EMV Concat KDF: SHA-256(00000001 ‖ Z ‖ 0 ‖ 0 ‖ len(V) ‖ V ‖ 00000100).
pub fn emv_kdf(z: &[u8], v: &[u8]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(1u32.to_be_bytes());
    h.update(z);
    h.update(0u32.to_be_bytes());
    h.update(0u32.to_be_bytes());
    h.update((v.len() as u32).to_be_bytes());
    h.update(v);
    h.update(256u32.to_be_bytes());
    h.finalize().into()
}

pub fn ecdh(secret: &p256::SecretKey, public: &p256::PublicKey) -> [u8; 32] {
    let shared = p256::ecdh::diffie_hellman(secret.to_nonzero_scalar(), public.as_affine());
    let mut z = [0u8; 32];
    z.copy_from_slice(shared.raw_secret_bytes().as_slice());
    z
}

pub fn p256_public_from_jwk(jwk: &Value) -> p256::PublicKey {
    let mut sec1 = vec![4u8];
    sec1.extend(unb64url(jwk["x"].as_str().unwrap()));
    sec1.extend(unb64url(jwk["y"].as_str().unwrap()));
    p256::PublicKey::from_sec1_bytes(&sec1).unwrap()
}

pub fn p256_secret_from_jwk(jwk: &Value) -> p256::SecretKey {
    p256::SecretKey::from_slice(&unb64url(jwk["d"].as_str().unwrap())).unwrap()
}

pub fn jwk_of(public: &p256::PublicKey) -> Value {
    use p256::elliptic_curve::sec1::ToSec1Point;
    let point = public.to_sec1_point(false);
    let bytes = point.as_bytes();
    json!({"kty":"EC","crv":"P-256","x": b64url(&bytes[1..33]),"y": b64url(&bytes[33..65])})
}

fn cbc_tag(mac_key: &[u8], aad: &[u8], iv: &[u8], ct: &[u8]) -> [u8; 16] {
    let mut mac = Hmac::<Sha256>::new_from_slice(mac_key).unwrap();
    mac.update(aad);
    mac.update(iv);
    mac.update(ct);
    mac.update(&((aad.len() as u64) * 8).to_be_bytes());
    let full = mac.finalize().into_bytes();
    full[..16].try_into().unwrap()
}

/// Content encryption of a `dir` JWE: returns (ciphertext, tag).
pub fn seal(gcm: bool, key: &[u8], iv: &[u8], aad: &[u8], pt: &[u8]) -> (Vec<u8>, [u8; 16]) {
    if gcm {
        let cipher = aes_gcm::Aes128Gcm::new_from_slice(key).unwrap();
        let nonce = aes_gcm::Nonce::try_from(iv).unwrap();
        let mut buf = pt.to_vec();
        let tag = cipher
            .encrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into())
            .unwrap();
        (buf, tag.as_slice().try_into().unwrap())
    } else {
        let (mac_key, enc_key) = key.split_at(16);
        let mut buf = pt.to_vec();
        buf.resize(pt.len() + 16, 0);
        let ct = cbc::Encryptor::<aes::Aes128>::new_from_slices(enc_key, iv)
            .unwrap()
            .encrypt_padded::<Pkcs7>(&mut buf, pt.len())
            .unwrap()
            .to_vec();
        let tag = cbc_tag(mac_key, aad, iv, &ct);
        (ct, tag)
    }
}

/// Content decryption; `None` on any authentication failure.
pub fn open(
    gcm: bool,
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ct: &[u8],
    tag: &[u8],
) -> Option<Vec<u8>> {
    if gcm {
        let cipher = aes_gcm::Aes128Gcm::new_from_slice(key).unwrap();
        let nonce = aes_gcm::Nonce::try_from(iv).ok()?;
        let tag = aes_gcm::Tag::try_from(tag).ok()?;
        let mut buf = ct.to_vec();
        cipher
            .decrypt_inout_detached(&nonce, aad, buf.as_mut_slice().into(), &tag)
            .ok()?;
        Some(buf)
    } else {
        let (mac_key, enc_key) = key.split_at(16);
        if cbc_tag(mac_key, aad, iv, ct) != tag {
            return None;
        }
        let mut buf = ct.to_vec();
        let pt = cbc::Decryptor::<aes::Aes128>::new_from_slices(enc_key, iv)
            .unwrap()
            .decrypt_padded::<Pkcs7>(&mut buf)
            .ok()?;
        Some(pt.to_vec())
    }
}

/// A compact JWE split into its parts.
pub struct Compact {
    pub header: Value,
    pub header_b64: String,
    pub encrypted_key: Vec<u8>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
}

pub fn split_jwe(body: &[u8]) -> Compact {
    let text = core::str::from_utf8(body).unwrap();
    let parts: Vec<&str> = text.split('.').collect();
    assert_eq!(parts.len(), 5, "compact JWE");
    Compact {
        header: serde_json::from_slice(&unb64url(parts[0])).unwrap(),
        header_b64: parts[0].to_string(),
        encrypted_key: unb64url(parts[1]),
        iv: unb64url(parts[2]),
        ciphertext: unb64url(parts[3]),
        tag: unb64url(parts[4]),
    }
}

/// The key of one direction: CBC uses all 32 bytes; GCM 0..16 SDK→ACS, 16..32 ACS→SDK.
pub fn direction_key(gcm: bool, session: &[u8; 32], to_acs: bool) -> Vec<u8> {
    match (gcm, to_acs) {
        (false, _) => session.to_vec(),
        (true, true) => session[..16].to_vec(),
        (true, false) => session[16..].to_vec(),
    }
}

// -------------------------------------------------------------- the ACS

/// How the test ACS signs `acsSignedContent`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignAlg {
    Es256,
    Ps256,
}

/// The certificates and keys of the EMVCo samples.
pub struct Pki {
    pub root_der: Vec<u8>,
    pub ec_cert_der: Vec<u8>,
    pub rsa_cert_der: Vec<u8>,
    pub ec_key: p256::ecdsa::SigningKey,
    pub rsa_key: rsa::PrivateKey,
}

pub fn pki() -> Pki {
    let v = vectors();
    let certs = &v["certificates"];
    let keys = &v["keys"];
    let ec = p256_secret_from_jwk(&keys["acs_ec_signing_private_jwk"]);
    let rk = &keys["acs_rsa_signing_private_jwk"];
    let n = |k: &str| rsa::BoxedUint::from_be_slice_vartime(&unb64url(rk[k].as_str().unwrap()));
    let rsa_key =
        rsa::PrivateKey::from_components(n("n"), n("e"), n("d"), vec![n("p"), n("q")]).unwrap();
    Pki {
        root_der: pem_der(certs["ds_root_cert_pem"].as_str().unwrap()),
        ec_cert_der: pem_der(certs["acs_ec_signing_cert_pem"].as_str().unwrap()),
        rsa_cert_der: pem_der(certs["acs_rsa_signing_cert_pem"].as_str().unwrap()),
        ec_key: p256::ecdsa::SigningKey::from(&ec),
        rsa_key,
    }
}

/// Signs `payload` as a compact JWS with `x5c` = [cert].
pub fn sign_jws(pki: &Pki, alg: SignAlg, payload: &[u8], rng: &mut ChaCha20Rng) -> String {
    use signature::RandomizedSigner;
    use signature::Signer;
    let (name, cert) = match alg {
        SignAlg::Es256 => ("ES256", &pki.ec_cert_der),
        SignAlg::Ps256 => ("PS256", &pki.rsa_cert_der),
    };
    let header = json!({"alg": name, "x5c": [b64(cert)]});
    let input = format!(
        "{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(payload)
    );
    let sig: Vec<u8> = match alg {
        SignAlg::Es256 => {
            let s: p256::ecdsa::Signature = pki.ec_key.sign(input.as_bytes());
            s.to_bytes().to_vec()
        }
        SignAlg::Ps256 => {
            let key = rsa::pss::SigningKey::<sha2::Sha256>::new(pki.rsa_key.clone());
            let s = key.sign_with_rng(rng, input.as_bytes());
            use signature::SignatureEncoding;
            s.to_vec()
        }
    };
    format!("{input}.{}", b64url(&sig))
}

/// The ACS, DS and 3DS Server of one transaction.
pub struct TestAcs {
    pub version: String,
    pub gcm: bool,
    pub sign: SignAlg,
    pub sdk_reference_number: String,
    pub three_ds_server_trans_id: String,
    pub acs_trans_id: String,
    pub ds_trans_id: String,
    pub sdk_trans_id: String,
    pub acs_url: String,
    pub session_key: [u8; 32],
    /// The ACS ephemeral key (random unless set).
    pub acs_ephemeral: p256::SecretKey,
    /// The counter the next CReq must carry.
    pub expected_counter: u8,
    pub creqs: Vec<Value>,
    pub rng: ChaCha20Rng,
}

impl TestAcs {
    pub fn new(version: &str, gcm: bool, sign: SignAlg) -> Self {
        let mut rng = rng(7);
        let acs_ephemeral = {
            use p256::elliptic_curve::Generate;
            p256::SecretKey::try_generate_from_rng(&mut rng).unwrap()
        };
        Self {
            version: version.to_string(),
            gcm,
            sign,
            sdk_reference_number: "3DS_LOA_SDK_TEST_020100_00001".to_string(),
            three_ds_server_trans_id: "8a880dc0-d2d2-4067-bcb1-b08d1690b26e".to_string(),
            acs_trans_id: "d7c1ee99-9478-44a6-b1f2-391e29c6b340".to_string(),
            ds_trans_id: "1c7b4b8e-2f0c-4bdb-9f1c-6a5e2a1d9c01".to_string(),
            sdk_trans_id: String::new(),
            acs_url: "https://acs.example.test/challenge".to_string(),
            session_key: [0; 32],
            acs_ephemeral,
            expected_counter: 0,
            creqs: Vec::new(),
            rng,
        }
    }

    /// The ARes for `auth_request` (the SDK's JSON) with `status`.
    pub fn ares(&mut self, auth_request: &[u8], status: &str) -> Vec<u8> {
        let areq: Value = serde_json::from_slice(auth_request).unwrap();
        self.sdk_trans_id = areq["sdkTransID"].as_str().unwrap().to_string();
        let sdk_pub = areq["sdkEphemPubKey"].clone();
        let payload = self.signed_payload(&sdk_pub, &self.acs_url.clone());
        let jws = self.sign_payload(payload.to_string().as_bytes());
        self.ares_with(status, &jws)
    }

    /// Derives the session key the way the ACS does and returns the
    /// `acsSignedContent` payload.
    pub fn signed_payload(&mut self, sdk_pub_jwk: &Value, acs_url: &str) -> Value {
        let sdk_pub = p256_public_from_jwk(sdk_pub_jwk);
        let z = ecdh(&self.acs_ephemeral, &sdk_pub);
        self.session_key = emv_kdf(&z, self.sdk_reference_number.as_bytes());
        json!({
            "acsEphemPubKey": jwk_of(&self.acs_ephemeral.public_key()),
            "sdkEphemPubKey": sdk_pub_jwk,
            "acsURL": acs_url,
        })
    }

    pub fn sign_payload(&mut self, payload: &[u8]) -> String {
        sign_jws(&pki(), self.sign, payload, &mut self.rng)
    }

    /// An ARes with `status` and the given signed content (used for C).
    pub fn ares_with(&self, status: &str, jws: &str) -> Vec<u8> {
        let v23 = self.version == "2.3.1";
        let mut a = json!({
            "messageType": "ARes",
            "messageVersion": self.version,
            "threeDSServerTransID": self.three_ds_server_trans_id,
            "acsTransID": self.acs_trans_id,
            "dsTransID": self.ds_trans_id,
            "sdkTransID": self.sdk_trans_id,
            "transStatus": status,
            "acsReferenceNumber": "ACS-REF-0001",
            "dsReferenceNumber": "DS-REF-0001",
        });
        let o = a.as_object_mut().unwrap();
        match status {
            "Y" | "A" => {
                o.insert(
                    "authenticationValue".into(),
                    json!("AAABBZEEBgAAAAAAAAAAAAAAAAA="),
                );
                o.insert("eci".into(), json!("05"));
            }
            "N" | "U" | "R" => {
                o.insert("transStatusReason".into(), json!("01"));
            }
            "C" => {
                o.insert("acsChallengeMandated".into(), json!("Y"));
                let mut rt = json!({"acsInterface": "01", "acsUiTemplate": "01"});
                if v23 {
                    rt["deviceUserInterfaceMode"] = json!("01");
                }
                o.insert("acsRenderingType".into(), rt);
                o.insert("acsSignedContent".into(), json!(jws));
            }
            "D" => {
                o.insert("acsChallengeMandated".into(), json!("Y"));
                o.insert("acsDecConInd".into(), json!("Y"));
                let info = if v23 {
                    json!({"text": "Approve the payment in your bank app"})
                } else {
                    json!("Approve the payment in your bank app")
                };
                o.insert("cardholderInfo".into(), info);
            }
            _ => {}
        }
        if v23 {
            o.insert("threeDSRequestorAppURLInd".into(), json!("N"));
            o.insert("deviceInfoRecognisedVersion".into(), json!("1.0"));
        }
        a.to_string().into_bytes()
    }

    /// Decrypts and checks a CReq the way an ACS does; returns its JSON.
    pub fn open_creq(&mut self, body: &[u8]) -> Value {
        let jwe = split_jwe(body);
        assert_eq!(jwe.header["alg"], "dir");
        assert_eq!(
            jwe.header["enc"],
            if self.gcm { "A128GCM" } else { "A128CBC-HS256" }
        );
        assert_eq!(
            jwe.header["kid"],
            self.acs_trans_id.as_str(),
            "kid = acsTransID"
        );
        assert!(jwe.encrypted_key.is_empty());
        if self.gcm {
            let mut iv = vec![0u8; 11];
            iv.push(self.expected_counter);
            assert_eq!(jwe.iv, iv, "GCM CReq IV = 00×11 ‖ counter");
        } else {
            assert_eq!(jwe.iv.len(), 16);
        }
        let key = direction_key(self.gcm, &self.session_key, true);
        let pt = open(
            self.gcm,
            &key,
            &jwe.iv,
            jwe.header_b64.as_bytes(),
            &jwe.ciphertext,
            &jwe.tag,
        )
        .expect("the ACS decrypts the CReq");
        let creq: Value = serde_json::from_slice(&pt).unwrap();
        assert_eq!(creq["messageType"], "CReq");
        assert_eq!(creq["messageVersion"], self.version.as_str());
        assert_eq!(creq["sdkTransID"], self.sdk_trans_id.as_str());
        assert_eq!(creq["acsTransID"], self.acs_trans_id.as_str());
        assert_eq!(
            creq["threeDSServerTransID"],
            self.three_ds_server_trans_id.as_str()
        );
        assert_eq!(
            creq["sdkCounterStoA"],
            format!("{:03}", self.expected_counter).as_str()
        );
        self.creqs.push(creq.clone());
        creq
    }

    /// Encrypts `cres` (its counter is set to the last CReq's unless present).
    pub fn seal_cres(&mut self, mut cres: Value) -> Vec<u8> {
        let counter = self.expected_counter;
        if cres.get("acsCounterAtoS").is_none() {
            cres["acsCounterAtoS"] = json!(format!("{counter:03}"));
        }
        self.expected_counter = counter.wrapping_add(1);
        self.seal_raw(cres.to_string().as_bytes(), counter)
    }

    /// Encrypts arbitrary bytes as a CRes JWE for `counter`.
    pub fn seal_raw(&mut self, plaintext: &[u8], counter: u8) -> Vec<u8> {
        use rand_core::Rng;
        let enc = if self.gcm { "A128GCM" } else { "A128CBC-HS256" };
        let header = json!({"alg": "dir", "enc": enc, "kid": self.acs_trans_id});
        let header_b64 = b64url(header.to_string().as_bytes());
        let iv: Vec<u8> = if self.gcm {
            let mut iv = vec![0xFFu8; 11];
            iv.push(counter);
            iv
        } else {
            let mut iv = vec![0u8; 16];
            self.rng.fill_bytes(&mut iv);
            iv
        };
        let key = direction_key(self.gcm, &self.session_key, false);
        let (ct, tag) = seal(self.gcm, &key, &iv, header_b64.as_bytes(), plaintext);
        format!(
            "{header_b64}..{}.{}.{}",
            b64url(&iv),
            b64url(&ct),
            b64url(&tag)
        )
        .into_bytes()
    }

    /// The ids and type members of every CRes.
    pub fn cres_base(&self, complete: bool) -> Value {
        json!({
            "messageType": "CRes",
            "messageVersion": self.version,
            "threeDSServerTransID": self.three_ds_server_trans_id,
            "acsTransID": self.acs_trans_id,
            "sdkTransID": self.sdk_trans_id,
            "challengeCompletionInd": if complete { "Y" } else { "N" },
        })
    }

    /// A final CRes.
    pub fn cres_final(&self, status: &str) -> Value {
        let mut c = self.cres_base(true);
        c["transStatus"] = json!(status);
        c
    }

    /// A challenge CRes of UI type `ui` ("01"–"07") with every required member.
    pub fn cres_screen(&self, ui: &str) -> Value {
        let v23 = self.version == "2.3.1";
        let mut c = self.cres_base(false);
        c["acsUiType"] = json!(ui);
        let native = |c: &mut Value| {
            c["challengeInfoHeader"] = json!("Verify the payment");
            c["challengeInfoText"] = json!("We sent a code to your phone **** 321");
        };
        match ui {
            "01" => {
                native(&mut c);
                if v23 {
                    c["challengeEntryBox"] = json!({"challengeDataEntryLabel": "Code"});
                } else {
                    c["challengeInfoLabel"] = json!("Code");
                }
                c["submitAuthenticationLabel"] = json!("Submit");
                c["resendInformationLabel"] = json!("Send a new code");
            }
            "02" | "03" => {
                native(&mut c);
                c["challengeInfoLabel"] = json!("Choose");
                c["challengeSelectInfo"] =
                    json!([{"phon": "Mobile **** 321"}, {"mail": "Email a***@example.test"}]);
                c["submitAuthenticationLabel"] = json!("Next");
            }
            "04" => {
                native(&mut c);
                c["oobContinueLabel"] = json!("I have approved it");
            }
            "05" | "06" => {
                c["acsHTML"] = json!(b64url(
                    b"<html><body><form action=\"HTTPS://EMV3DS/challenge\"><input name=\"otp\"></form></body></html>"
                ));
            }
            "07" => {
                native(&mut c);
                c["infoContinueLabel"] = json!("Continue");
            }
            _ => panic!("unknown UI type {ui}"),
        }
        c
    }
}

/// The CReq/CRes exchange buffers of a test.
pub struct Buffers {
    pub out: Vec<u8>,
    pub plain: Vec<u8>,
}

impl Buffers {
    pub fn new() -> Self {
        Self {
            out: vec![0; 16 * 1024],
            plain: vec![0; 16 * 1024],
        }
    }
}

// --------------------------------------------------------------- the DS

pub const DS_ID: &str = "A000000802";
pub const SDK_APP_ID: &str = "b2385523-a66c-4907-ac3c-91848e8c0067";
pub const DEVICE_INFO: &[u8] =
    br#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;

/// The DS keys of the EMVCo samples.
pub struct DsKeys {
    pub ec_secret: p256::SecretKey,
    pub rsa_secret: rsa::PrivateKey,
}

pub fn ds_keys() -> DsKeys {
    let v = vectors();
    let rk = &v["keys"]["ds_rsa_private_jwk"];
    let n = |k: &str| rsa::BoxedUint::from_be_slice_vartime(&unb64url(rk[k].as_str().unwrap()));
    DsKeys {
        ec_secret: p256_secret_from_jwk(&v["keys"]["ds_ec_private_jwk"]),
        rsa_secret: rsa::PrivateKey::from_components(n("n"), n("e"), n("d"), vec![n("p"), n("q")])
            .unwrap(),
    }
}

impl DsKeys {
    pub fn ec_public(&self) -> threeds_core::keys::PublicKey {
        threeds_core::keys::PublicKey::P256(self.ec_secret.public_key())
    }
    pub fn rsa_public(&self) -> threeds_core::keys::PublicKey {
        use rsa::traits::PublicKeyParts;
        let pk = self.rsa_secret.to_public_key();
        threeds_core::keys::PublicKey::Rsa(
            threeds_core::keys::RsaPublicKey::from_components(
                &pk.n().to_be_bytes(),
                &pk.e().to_be_bytes(),
            )
            .unwrap(),
        )
    }

    /// Decrypts `sdkEncData` as the DS does (ECDH-ES with the EMV KDF, or RSA-OAEP-256).
    pub fn decrypt(&self, sdk_enc_data: &str) -> (Value, Vec<u8>) {
        let jwe = split_jwe(sdk_enc_data.as_bytes());
        let gcm = jwe.header["enc"] == "A128GCM";
        let cek = match jwe.header["alg"].as_str().unwrap() {
            "ECDH-ES" => {
                assert!(jwe.encrypted_key.is_empty());
                let epk = p256_public_from_jwk(&jwe.header["epk"]);
                let k = emv_kdf(&ecdh(&self.ec_secret, &epk), DS_ID.as_bytes());
                if gcm { k[..16].to_vec() } else { k.to_vec() }
            }
            "RSA-OAEP-256" => self
                .rsa_secret
                .decrypt(rsa::Oaep::<sha2::Sha256>::new(), &jwe.encrypted_key)
                .unwrap(),
            other => panic!("unexpected alg {other}"),
        };
        let pt = open(
            gcm,
            &cek,
            &jwe.iv,
            jwe.header_b64.as_bytes(),
            &jwe.ciphertext,
            &jwe.tag,
        )
        .expect("the DS decrypts sdkEncData");
        (jwe.header, pt)
    }
}

pub fn version_of(text: &str) -> threeds_core::message::MessageVersion {
    threeds_core::message::MessageVersion::from_wire(text).unwrap()
}

pub const VERSIONS: [&str; 3] = ["2.1.0", "2.2.0", "2.3.1"];

/// Auth parameters for `version` with the EC or RSA DS key.
pub fn params<'a>(
    version: &str,
    ds_key: &'a threeds_core::keys::PublicKey,
    gcm: bool,
    sdk_reference_number: &'a str,
) -> threeds_core::transaction::AuthParams<'a> {
    use threeds_core::message::{Interface, all_ui_types};
    let v = version_of(version);
    threeds_core::transaction::AuthParams {
        version: v,
        ds_key,
        ds_key_id: Some("UUIDkeyidentifierforDS"),
        ds_id: DS_ID,
        sdk_app_id: SDK_APP_ID,
        sdk_reference_number,
        timeouts: threeds_core::transaction::Timeouts::default(),
        device_info: DEVICE_INFO,
        use_aes_gcm: gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(v),
        requestor_app_url: None,
        oob_app_url_supported: false,
    }
}

/// A transaction through `begin` and a C ARes: ready for the first CReq.
pub struct Running {
    pub txn: threeds_core::transaction::Transaction,
    pub acs: TestAcs,
    pub clock: FakeClock,
    pub rng: ChaCha20Rng,
    pub bufs: Buffers,
}

pub fn start_challenge(version: &str, gcm: bool, sign: SignAlg) -> Running {
    use threeds_core::transaction::{AcsTrust, AresOutcome, Transaction};
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new(version, gcm, sign);
    let clock = FakeClock::new();
    let mut rng = rng(1);
    let mut bufs = Buffers::new();
    let mut txn = Transaction::new();
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params(version, &key, gcm, &sdk_ref);
    let req = txn.begin(&p, &mut rng, clock.now(), &mut bufs.out).unwrap();
    let areq = bufs.out[..req.len].to_vec();
    let ares = acs.ares(&areq, "C");
    let roots = threeds_core::pki::TrustAnchors::from_der(&[pki().root_der]).unwrap();
    let outcome = txn
        .handle_ares(&ares, &AcsTrust::roots(&roots), clock.now_unix())
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Challenge(_)), "{outcome:?}");
    Running {
        txn,
        acs,
        clock,
        rng,
        bufs,
    }
}

impl Running {
    /// Builds a CReq for `input`, lets the ACS open it, returns its JSON.
    pub fn creq(&mut self, input: threeds_core::transaction::ChallengeInput<'_>) -> Value {
        let creq = self
            .txn
            .build_creq(&input, &mut self.rng, self.clock.now(), &mut self.bufs.out)
            .unwrap();
        let body = self.bufs.out[..creq.len].to_vec();
        self.acs.open_creq(&body)
    }

    /// Hands `body` to the SDK as the CRes.
    pub fn cres(&mut self, body: &[u8]) -> threeds_core::transaction::CresOutcome<'_> {
        self.txn
            .handle_cres(body, &mut self.bufs.plain, self.clock.now())
            .unwrap()
    }

    /// The pending Erro as JSON (and marks it sent).
    pub fn erro(&mut self) -> Value {
        let len = self
            .txn
            .poll_erro(&mut self.bufs.out)
            .unwrap()
            .expect("an Erro is pending");
        serde_json::from_slice(&self.bufs.out[..len]).unwrap()
    }
}
