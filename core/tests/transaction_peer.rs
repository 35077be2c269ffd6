//! A challenge against an independent JOSE peer (Python `jwcrypto` and
//! `cryptography`): the peer opens every CReq the state machine builds and
//! seals every CRes it handles.
//!
//! The interpreter comes from `THREEDS_PEER_PYTHON`; when unset, from
//! `<workspace>/.venv/bin/python`. A missing or broken interpreter FAILS.

mod transaction_support;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use threeds_core::message::{ChallengeAnswer, TransStatus};
use threeds_core::transaction::{ChallengeInput, CresOutcome};
use transaction_support::*;

const PEER: &str = r#"
import sys, json, base64
from jwcrypto import jwe, jwk
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

req = json.load(sys.stdin)
key = bytes.fromhex(req["key"])
if req["cmd"] == "open":
    t = jwe.JWE()
    t.deserialize(req["jwe"], key=jwk.JWK(kty="oct", k=b64u(key)))
    print(json.dumps({"header": t.jose_header, "plaintext": t.payload.decode()}))
elif req["cmd"] == "seal":
    header = json.dumps({"alg": "dir", "enc": req["enc"], "kid": req["kid"]})
    if req["enc"] == "A128GCM":
        # The ACS->SDK IV is eleven 0xFF bytes and the counter byte.
        iv = bytes([0xFF] * 11 + [req["counter"]])
        h = b64u(header.encode())
        ct = AESGCM(key).encrypt(iv, req["plaintext"].encode(), h.encode())
        out = f"{h}..{b64u(iv)}.{b64u(ct[:-16])}.{b64u(ct[-16:])}"
    else:
        t = jwe.JWE(req["plaintext"].encode(), protected=header)
        t.add_recipient(jwk.JWK(kty="oct", k=b64u(key)))
        out = t.serialize(compact=True)
    print(json.dumps({"jwe": out}))
"#;

fn python() -> PathBuf {
    match std::env::var_os("THREEDS_PEER_PYTHON") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/python"));
            assert!(
                p.exists(),
                "no peer interpreter: set THREEDS_PEER_PYTHON or create {} \
                 (with jwcrypto and cryptography)",
                p.display()
            );
            p
        }
    }
}

fn peer(req: Value) -> Value {
    let mut child = Command::new(python())
        .arg("-c")
        .arg(PEER)
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

#[test]
fn the_peer_opens_our_creqs_and_we_open_its_cres() {
    for gcm in [false, true] {
        let mut r = start_challenge("2.3.1", gcm, SignAlg::Es256);
        let enc = if gcm { "A128GCM" } else { "A128CBC-HS256" };
        let to_acs = hex::encode(direction_key(gcm, &r.acs.session_key, true));
        let to_sdk = hex::encode(direction_key(gcm, &r.acs.session_key, false));
        let answers = [
            ChallengeAnswer::Initial,
            ChallengeAnswer::Text {
                first: Some("123456"),
                second: None,
            },
        ];
        for (counter, answer) in answers.into_iter().enumerate() {
            let creq = r
                .txn
                .build_creq(
                    &ChallengeInput::new(answer),
                    &mut r.rng,
                    r.clock.now(),
                    &mut r.bufs.out,
                )
                .unwrap();
            let token = core::str::from_utf8(&r.bufs.out[..creq.len])
                .unwrap()
                .to_string();
            let opened = peer(json!({"cmd": "open", "key": to_acs, "jwe": token}));
            assert_eq!(opened["header"]["kid"], r.acs.acs_trans_id.as_str());
            assert_eq!(opened["header"]["enc"], enc);
            let plain: Value = serde_json::from_str(opened["plaintext"].as_str().unwrap()).unwrap();
            assert_eq!(plain["sdkCounterStoA"], format!("{counter:03}").as_str());
            let mut cres = if counter == 0 {
                r.acs.cres_screen("01")
            } else {
                r.acs.cres_final("Y")
            };
            cres["acsCounterAtoS"] = json!(format!("{counter:03}"));
            let sealed = peer(json!({
                "cmd": "seal", "key": to_sdk, "enc": enc, "kid": r.acs.acs_trans_id,
                "counter": counter, "plaintext": cres.to_string(),
            }));
            let body = sealed["jwe"].as_str().unwrap().as_bytes().to_vec();
            let outcome = r.cres(&body);
            if counter == 0 {
                assert!(matches!(outcome, CresOutcome::Screen { .. }), "{outcome:?}");
            } else {
                assert_eq!(outcome, CresOutcome::Completed(TransStatus::Authenticated));
            }
        }
    }
}
