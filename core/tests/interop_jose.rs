//! Interop with an independent JOSE implementation (Python `jwcrypto` +
//! `cryptography`, driven through `tests/interop/jose_peer.py`).
//!
//! The interpreter comes from `THREEDS_PEER_PYTHON`; when unset, from
//! `<workspace>/.venv/bin/python`. A missing or broken interpreter FAILS.

mod jose_support;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use jose_support::*;
use serde_json::{Value, json};
use threeds_core::jose::{ContentEncryption, Jws, JwsAlg, JwsError, jwe, jwk};
use threeds_core::keys::PublicKey;

fn workspace() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn python() -> PathBuf {
    match std::env::var_os("THREEDS_PEER_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = workspace().join(".venv/bin/python");
            assert!(
                p.exists(),
                "no peer interpreter: set THREEDS_PEER_PYTHON or create {} \
                 (pip install -r tests/interop/requirements.txt)",
                p.display()
            );
            p
        }
    }
}

fn peer(req: Value) -> Value {
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/jose_peer.py");
    let mut child = Command::new(python())
        .arg(&script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start the peer interpreter (THREEDS_PEER_PYTHON)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(req.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "peer failed on {}: {}",
        req["cmd"],
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("peer output JSON")
}

const DEVICE_INFO: &str =
    r#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#;
const DS_ID: &str = "A000000802";

#[test]
fn peer_decrypts_our_rsa_oaep_256_jwe() {
    let keys = peer(json!({"cmd": "keys"}));
    let ds = jwk::rsa_from_json(public_jwk_text(&keys["rsa_private_jwk"]).as_bytes()).unwrap();
    let mut rng = chacha(1);
    for enc in [ContentEncryption::A128CbcHs256, ContentEncryption::A128Gcm] {
        for kid in [None, Some("ds-key-1")] {
            let mut out = vec![0u8; 4096];
            let n =
                jwe::encrypt_rsa_oaep(enc, &ds, kid, &mut rng, DEVICE_INFO.as_bytes(), &mut out)
                    .unwrap();
            let token = core::str::from_utf8(&out[..n]).unwrap();
            let r = peer(
                json!({"cmd": "decrypt", "kind": "rsa", "jwe": token, "jwk": keys["rsa_private_jwk"]}),
            );
            assert_eq!(b64u(s(&r, "plaintext_b64u")), DEVICE_INFO.as_bytes());
            assert_eq!(s(&r["header"], "alg"), "RSA-OAEP-256");
            assert_eq!(s(&r["header"], "enc"), enc.name());
            assert_eq!(r["header"].get("kid").and_then(Value::as_str), kid);
        }
    }
}

#[test]
fn peer_decrypts_our_ecdh_es_jwe_with_emv_kdf() {
    let keys = peer(json!({"cmd": "keys"}));
    let ds = jwk::p256_from_json(public_jwk_text(&keys["ec_private_jwk"]).as_bytes()).unwrap();
    let mut rng = chacha(2);
    for enc in [ContentEncryption::A128CbcHs256, ContentEncryption::A128Gcm] {
        let mut out = vec![0u8; 4096];
        let n = jwe::encrypt_ecdh_es(
            enc,
            &ds,
            DS_ID.as_bytes(),
            None,
            &mut rng,
            DEVICE_INFO.as_bytes(),
            &mut out,
        )
        .unwrap();
        let token = core::str::from_utf8(&out[..n]).unwrap();
        let r = peer(
            json!({"cmd": "decrypt", "kind": "ecdh", "jwe": token, "jwk": keys["ec_private_jwk"], "ds_id": DS_ID}),
        );
        assert_eq!(b64u(s(&r, "plaintext_b64u")), DEVICE_INFO.as_bytes());
        assert_eq!(s(&r["header"], "enc"), enc.name());
    }
}

#[test]
fn peer_decrypts_our_dir_jwe() {
    let mut rng = chacha(3);
    let creq = r#"{"messageType":"CReq","sdkCounterStoA":"000"}"#;
    for enc in [ContentEncryption::A128CbcHs256, ContentEncryption::A128Gcm] {
        let key: Vec<u8> = (0..enc.key_len() as u8)
            .map(|i| i.wrapping_mul(7))
            .collect();
        let mut out = vec![0u8; 4096];
        let n = if enc == ContentEncryption::A128Gcm {
            let iv = threeds_core::jose::session::gcm_counter_iv(
                threeds_core::jose::Direction::SdkToAcs,
                0,
            );
            jwe::encrypt_dir(enc, &key, "acs-trans-id", &iv, creq.as_bytes(), &mut out).unwrap()
        } else {
            jwe::encrypt_dir_random_iv(
                enc,
                &key,
                "acs-trans-id",
                &mut rng,
                creq.as_bytes(),
                &mut out,
            )
            .unwrap()
        };
        let token = core::str::from_utf8(&out[..n]).unwrap();
        let r = peer(
            json!({"cmd": "decrypt", "kind": "dir", "jwe": token, "key_b64u": b64u_enc(&key)}),
        );
        assert_eq!(b64u(s(&r, "plaintext_b64u")), creq.as_bytes());
        assert_eq!(s(&r["header"], "kid"), "acs-trans-id");
    }
}

#[test]
fn ps256_takes_every_rsa_size_a_chain_takes() {
    // 4104 bits: past the 4096-bit signature buffer PS256 once had, while
    // certificates took keys up to MAX_RSA_BITS.
    let payload = br#"{"acsURL":"https://acs.example/challenge"}"#;
    let r = peer(
        json!({"cmd": "sign", "alg": "PS256", "bits": 4104, "payload_b64u": b64u_enc(payload)}),
    );
    let mut hbuf = vec![0u8; 16384];
    let jws = Jws::parse(s(&r, "jws"), &mut hbuf).unwrap();
    let leaf = cert_public_key(&jws.x5c_chain().unwrap()[0]);
    assert_eq!(leaf.bits(), 4104);
    assert!(leaf.bits() <= threeds_core::keys::MAX_RSA_BITS);
    jws.verify(&leaf).unwrap();
}

#[test]
fn we_verify_peer_signed_jws_with_x5c_chain() {
    let payload = br#"{"acsURL":"https://acs.example/challenge"}"#;
    for alg in [JwsAlg::Ps256, JwsAlg::Es256] {
        let r = peer(json!({"cmd": "sign", "alg": alg.name(), "payload_b64u": b64u_enc(payload)}));
        let token = s(&r, "jws");
        let mut hbuf = vec![0u8; 16384];
        let jws = Jws::parse(token, &mut hbuf).unwrap();
        assert_eq!(jws.alg(), alg);
        assert_eq!(jws.x5c_len(), 3, "leaf, intermediate, root");
        let chain = jws.x5c_chain().unwrap();
        assert_eq!(b64u_enc(&chain[1]), s(&r, "intermediate_der_b64u"));
        let leaf = cert_public_key(&chain[0]);
        jws.verify(&leaf).unwrap();
        let mut pbuf = [0u8; 256];
        assert_eq!(jws.decode_payload(&mut pbuf).unwrap(), payload);
        // The intermediate's key (EC) does not verify the leaf's signature.
        let inter = cert_public_key(&chain[1]);
        assert!(matches!(
            jws.verify(&inter),
            Err(JwsError::BadSignature | JwsError::KeyMismatch)
        ));
        if let PublicKey::P256(_) = leaf {
            assert_eq!(alg, JwsAlg::Es256);
        }
    }
}
