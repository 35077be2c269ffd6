//! Helpers shared by the simulator suites: one PKI per test binary, the
//! Python peer, and a minimal hand-built SDK side (auth request, CReq, CRes);
//! `sim_net` is the in-memory network of the end-to-end suites.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    missing_docs
)]

pub mod sim_net;

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use p256::elliptic_curve::Generate as _;
use serde_json::{Value, json};
use sha2::Sha256;
use threeds_sim::jose::content::{self, Enc};
use threeds_sim::jose::jwe::CompactJwe;
use threeds_sim::jose::{b64, jwk, kdf};
use threeds_sim::{Pki, Sim, SimConfig};

pub fn pki() -> Arc<Pki> {
    static PKI: OnceLock<Arc<Pki>> = OnceLock::new();
    Arc::clone(PKI.get_or_init(|| Arc::new(Pki::generate().expect("PKI"))))
}

pub fn sim() -> Sim {
    Sim::new(pki(), SimConfig::with_builtin_scenarios().unwrap()).unwrap()
}

pub fn vectors_path(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors")).join(name)
}

/// The Python peer: `THREEDS_PEER_PYTHON` (must work when set), else
/// `<workspace>/.venv/bin/python` (must exist).
pub fn python() -> PathBuf {
    let path = match std::env::var_os("THREEDS_PEER_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/python"));
            assert!(
                p.exists(),
                "no Python peer: set THREEDS_PEER_PYTHON or create {} with cryptography + jwcrypto",
                p.display()
            );
            p
        }
    };
    let ok = Command::new(&path)
        .args(["-c", "import cryptography, jwcrypto"])
        .status();
    assert!(
        matches!(ok, Ok(s) if s.success()),
        "Python peer {} is broken (needs cryptography + jwcrypto)",
        path.display()
    );
    path
}

/// Runs `script` with the Python peer, `input` on stdin; returns stdout.
pub fn run_python(script: &str, input: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new(python())
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub const DEVICE_INFO: &str = r#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel 8","C004":"14","C005":"en_GB","C006":"Europe/London","C008":["1080","2400"]},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;

/// The SDK side of one transaction, hand-built.
pub struct Sdk {
    pub version: String,
    pub ephemeral: p256::SecretKey,
    pub sdk_trans_id: String,
    pub reference: String,
    pub enc: Enc,
    pub session_key: Option<[u8; 32]>,
    pub ares: Value,
    pub counter: u32,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DsKey {
    Rsa,
    Ec,
}

pub fn encrypt_device_info(pki: &Pki, ds_id: &str, key: DsKey, enc: Enc, plain: &[u8]) -> String {
    let mut rng = rand::rng();
    let cek_len = if enc == Enc::A128Gcm { 16 } else { 32 };
    let (header, encrypted_key, cek) = match key {
        DsKey::Rsa => {
            let mut cek = vec![0u8; cek_len];
            rand::Rng::fill_bytes(&mut rng, &mut cek);
            let public = pki.ds_enc_rsa.rsa_key().unwrap().to_public_key();
            let ek = public
                .encrypt(&mut rng, rsa::Oaep::<Sha256>::new(), &cek)
                .unwrap();
            (json!({"alg": "RSA-OAEP-256", "enc": enc.name()}), ek, cek)
        }
        DsKey::Ec => {
            let eph = p256::SecretKey::generate_from_rng(&mut rng);
            let ds_pub = pki.ds_enc_ec.ec_key().unwrap().public_key();
            let derived = kdf::ecdh_emv(&eph, &ds_pub, ds_id.as_bytes());
            let header = json!({"alg": "ECDH-ES", "epk": jwk::ec_public_jwk(&eph.public_key()), "enc": enc.name()});
            (header, Vec::new(), derived[..cek_len].to_vec())
        }
    };
    let header_b64 = b64::url(header.to_string().as_bytes());
    let mut iv = vec![0u8; enc.iv_len()];
    rand::Rng::fill_bytes(&mut rng, &mut iv);
    let sealed = content::encrypt(enc, &cek, &iv, header_b64.as_bytes(), plain).unwrap();
    threeds_sim::jose::jwe::serialize(
        &header_b64,
        &encrypted_key,
        &iv,
        &sealed.ciphertext,
        &sealed.tag,
    )
}

impl Sdk {
    pub fn new(version: &str) -> Self {
        Self {
            version: version.into(),
            ephemeral: p256::SecretKey::generate_from_rng(&mut rand::rng()),
            sdk_trans_id: threeds_sim::util::new_uuid(),
            reference: "3DS_LOA_SDK_SIMT_020200_00001".into(),
            enc: Enc::A128CbcHs256,
            session_key: None,
            ares: Value::Null,
            counter: 0,
        }
    }

    pub fn auth_request(&self, pki: &Pki, key: DsKey, enc: Enc) -> Value {
        let sdk_ui: Vec<&str> = if self.version == "2.3.1" {
            vec!["01", "02", "03", "04", "05", "06", "07"]
        } else {
            vec!["01", "02", "03", "04", "05"]
        };
        let mut req = json!({
            "messageVersion": self.version,
            "sdkAppID": "9063b12c-fcde-43c7-b28e-8d0af5520e8a",
            "sdkEncData": encrypt_device_info(pki, "A000000802", key, enc, DEVICE_INFO.as_bytes()),
            "sdkEphemPubKey": jwk::ec_public_jwk(&self.ephemeral.public_key()),
            "sdkMaxTimeout": "05",
            "sdkReferenceNumber": self.reference,
            "sdkTransID": self.sdk_trans_id,
            "deviceRenderOptions": {"sdkInterface": "03", "sdkUiType": sdk_ui},
        });
        if self.version == "2.3.1" {
            req["sdkType"] = "01".into();
            req["defaultSdkType"] = json!({"sdkVariant": "01"});
        }
        req
    }

    /// Sends the auth request; for a challenge, derives the session key.
    pub fn authenticate(&mut self, sim: &Sim, scenario: &str) -> Value {
        let req = self.auth_request(sim.pki(), DsKey::Rsa, Enc::A128CbcHs256);
        let answer = sim.handle_auth_request(req.to_string().as_bytes(), scenario);
        assert_eq!(answer.status, 200);
        self.accept_ares(answer.body_json().unwrap())
    }

    pub fn accept_ares(&mut self, ares: Value) -> Value {
        if let Some(jws) = ares.get("acsSignedContent").and_then(Value::as_str) {
            let payload: Value = serde_json::from_slice(
                &b64::url_decode(jws.split('.').nth(1).unwrap(), "payload").unwrap(),
            )
            .unwrap();
            let acs_pub = jwk::ec_public_from_jwk(&payload["acsEphemPubKey"]).unwrap();
            let key = kdf::ecdh_emv(&self.ephemeral, &acs_pub, self.reference.as_bytes());
            self.session_key = Some(*key);
        }
        self.ares = ares.clone();
        ares
    }

    pub fn acs_trans_id(&self) -> String {
        self.ares["acsTransID"].as_str().unwrap().to_owned()
    }

    /// A CReq with the ids, version and the next counter, plus `fields`.
    pub fn creq(&self, fields: Value) -> Value {
        let mut creq = json!({
            "messageType": "CReq",
            "messageVersion": self.version,
            "threeDSServerTransID": self.ares["threeDSServerTransID"],
            "acsTransID": self.ares["acsTransID"],
            "sdkTransID": self.sdk_trans_id,
            "sdkCounterStoA": format!("{:03}", self.counter),
        });
        if self.version == "2.3.1" {
            creq["oobAppURLInd"] = "01".into();
        }
        for (k, v) in fields.as_object().unwrap() {
            if v.is_null() {
                creq.as_object_mut().unwrap().remove(k);
            } else {
                creq[k] = v.clone();
            }
        }
        creq
    }

    /// Encrypts a CReq the way the SDK must (kid = acsTransID; GCM IV = 0x00×11 ‖ counter).
    pub fn encrypt(&self, creq: &Value, kid: &str, iv: Option<Vec<u8>>) -> String {
        let key = self.session_key.unwrap();
        let counter: u8 = creq["sdkCounterStoA"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (k, default_iv): (&[u8], Vec<u8>) = match self.enc {
            Enc::A128CbcHs256 => {
                let mut iv = vec![0u8; 16];
                rand::Rng::fill_bytes(&mut rand::rng(), &mut iv);
                (&key[..], iv)
            }
            Enc::A128Gcm => {
                let mut iv = vec![0u8; 12];
                iv[11] = counter;
                (&key[..16], iv)
            }
        };
        threeds_sim::jose::jwe::encrypt_dir(
            self.enc,
            kid,
            k,
            &iv.unwrap_or(default_iv),
            creq.to_string().as_bytes(),
        )
        .unwrap()
    }

    /// Sends one CReq; returns (status, decrypted CRes or plain Erro JSON).
    pub fn send(&mut self, sim: &Sim, creq: &Value) -> (u16, Value) {
        let jwe = self.encrypt(creq, &self.acs_trans_id(), None);
        self.send_raw(sim, &jwe)
    }

    pub fn send_raw(&mut self, sim: &Sim, body: &str) -> (u16, Value) {
        let answer = sim.handle_creq(
            &self.acs_trans_id(),
            Some("application/jose; charset=UTF-8"),
            body.as_bytes(),
        );
        self.counter += 1;
        if answer.content_type.starts_with("application/jose") {
            (answer.status, self.decrypt_cres(&answer.body_text()))
        } else {
            (answer.status, answer.body_json().unwrap_or(Value::Null))
        }
    }

    pub fn decrypt_cres(&self, text: &str) -> Value {
        let jwe = CompactJwe::parse(text).unwrap();
        assert_eq!(jwe.header_str("alg"), Some("dir"));
        assert_eq!(jwe.header_str("kid"), Some(self.acs_trans_id().as_str()));
        let key = self.session_key.unwrap();
        let plain = match jwe.enc().unwrap() {
            Enc::A128CbcHs256 => jwe.decrypt_with(&key).unwrap(),
            Enc::A128Gcm => {
                assert_eq!(&jwe.iv[..11], &[0xFF; 11]);
                jwe.decrypt_with(&key[16..]).unwrap()
            }
        };
        serde_json::from_slice(&plain).unwrap()
    }
}
