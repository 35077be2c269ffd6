//! The simulator's CReq/CRes encryption against the EMVCo worked samples
//! (Examples 9–12) and against Python jwcrypto/cryptography in both
//! directions.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::Sdk;
use serde_json::{Value, json};
use threeds_sim::jose::b64;
use threeds_sim::jose::content::{self, Enc};
use threeds_sim::jose::jwe::CompactJwe;

#[test]
fn worked_samples_9_to_12_creq_and_cres() {
    let text =
        std::fs::read_to_string(common::vectors_path("emvco-app-crypto-worked-samples.json"))
            .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    for n in 9..=12 {
        let prefix = format!("Example {n}:");
        let ex = doc["examples"]
            .as_object()
            .unwrap()
            .values()
            .find(|e| e["name"].as_str().unwrap().starts_with(&prefix))
            .unwrap();
        let s = |k: &str| ex[k].as_str().unwrap().to_owned();
        let compact = format!(
            "{}..{}.{}.{}",
            s("expectedJwtHeader"),
            s("expectedVI"),
            s("expectedCiphertext"),
            s("expectedAuthTag")
        );
        let jwe = CompactJwe::parse(&compact).unwrap();
        let cek = hex::decode(s("cekHex")).unwrap();
        let message = if n <= 10 {
            s("creqMessage")
        } else {
            s("cresMessage")
        };
        assert_eq!(
            jwe.decrypt_with(&cek).unwrap(),
            message.as_bytes(),
            "example {n}"
        );
        // Encrypting with the same IV reproduces the published ciphertext and tag.
        let enc = Enc::from_name(jwe.header_str("enc").unwrap()).unwrap();
        let iv = hex::decode(s("ivHex")).unwrap();
        let sealed = content::encrypt(
            enc,
            &cek,
            &iv,
            s("expectedJwtHeader").as_bytes(),
            message.as_bytes(),
        )
        .unwrap();
        assert_eq!(
            b64::url(&sealed.ciphertext),
            s("expectedCiphertext"),
            "example {n}"
        );
        assert_eq!(b64::url(&sealed.tag), s("expectedAuthTag"), "example {n}");
    }
}

const PY_PEER: &str = r#"
import sys, json, base64
from jwcrypto import jwe, jwk
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
d = json.load(sys.stdin)
key = bytes.fromhex(d["key"])
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
out = {}
if d["op"] == "decrypt_cres":
    if d["enc"] == "A128GCM":
        k = jwk.JWK(kty="oct", k=b64u(key[16:]))
    else:
        k = jwk.JWK(kty="oct", k=b64u(key))
    t = jwe.JWE()
    t.deserialize(d["jwe"], key=k)
    out["plain"] = t.payload.decode()
    out["header"] = json.loads(t.objects["protected"])
else:
    header = {"alg": "dir", "enc": d["enc"], "kid": d["kid"]}
    if d["enc"] == "A128GCM":
        hdr = b64u(json.dumps(header).encode())
        iv = bytes(11) + bytes([d["counter"]])
        sealed = AESGCM(key[:16]).encrypt(iv, d["plain"].encode(), hdr.encode())
        out["jwe"] = ".".join([hdr, "", b64u(iv), b64u(sealed[:-16]), b64u(sealed[-16:])])
    else:
        t = jwe.JWE(d["plain"].encode(), json.dumps(header))
        t.add_recipient(jwk.JWK(kty="oct", k=b64u(key)))
        out["jwe"] = t.serialize(compact=True)
print(json.dumps(out))
"#;

fn peer(input: &Value) -> Value {
    serde_json::from_str(&common::run_python(PY_PEER, &input.to_string())).unwrap()
}

#[test]
fn python_plays_the_sdk_side_of_a_challenge() {
    let sim = common::sim();
    for (version, enc) in [("2.2.0", Enc::A128CbcHs256), ("2.3.1", Enc::A128Gcm)] {
        let mut sdk = Sdk::new(version);
        sdk.enc = enc;
        sdk.authenticate(&sim, "challenge-text");
        let key = hex::encode(sdk.session_key.unwrap());
        for (counter, fields) in [
            (0u8, json!({})),
            (1, json!({"challengeDataEntry": "123456"})),
        ] {
            let creq = sdk.creq(fields);
            let made = peer(
                &json!({"op": "encrypt_creq", "enc": enc.name(), "kid": sdk.acs_trans_id(), "key": key, "counter": counter, "plain": creq.to_string()}),
            );
            let answer = sim.handle_creq(
                &sdk.acs_trans_id(),
                Some("application/jose; charset=UTF-8"),
                made["jwe"].as_str().unwrap().as_bytes(),
            );
            sdk.counter += 1;
            assert!(
                answer.content_type.starts_with("application/jose"),
                "{}",
                answer.body_text()
            );
            let opened = peer(
                &json!({"op": "decrypt_cres", "enc": enc.name(), "key": key, "jwe": answer.body_text()}),
            );
            assert_eq!(opened["header"]["alg"], "dir");
            assert_eq!(opened["header"]["kid"], sdk.acs_trans_id().as_str());
            let cres: Value = serde_json::from_str(opened["plain"].as_str().unwrap()).unwrap();
            assert_eq!(cres["acsCounterAtoS"], format!("{counter:03}"));
            if counter == 1 {
                assert_eq!(cres["transStatus"], "Y");
            }
        }
        let record = sim.transaction(&sdk.acs_trans_id()).unwrap();
        assert!(record.violations.is_empty(), "{:?}", record.violations);
        assert_eq!(record.outcome.as_deref(), Some("Y"));
    }
}
