//! `PublicKey::from_spki_der` against Wycheproof's P-256 SPKI keys and peer-made RSA keys.

mod pki_common;

use threeds_core::keys::{KeyAlgorithm, KeyError, PublicKey};

const ECDH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/wycheproof/ecdh_secp256r1_test.json"
);

#[test]
fn wycheproof_p256_public_keys() {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ECDH).unwrap()).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in v["testGroups"].as_array().unwrap() {
        for t in group["tests"].as_array().unwrap() {
            let spki = hex::decode(t["public"].as_str().unwrap()).unwrap();
            let got = PublicKey::from_spki_der(&spki);
            let id = &t["tcId"];
            match t["result"].as_str().unwrap() {
                "valid" => {
                    let key = got.unwrap_or_else(|e| panic!("tcId {id}: {e:?}"));
                    assert_eq!(key.algorithm(), KeyAlgorithm::EcP256);
                    assert_eq!(key.bits(), 256);
                    valid += 1;
                }
                "invalid" => {
                    assert!(got.is_err(), "tcId {id} accepted");
                    let flags: Vec<&str> = t["flags"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| f.as_str().unwrap())
                        .collect();
                    if flags == ["InvalidCurveAttack"] {
                        assert_eq!(got, Err(KeyError::InvalidPoint), "tcId {id}");
                    }
                    if flags == ["WrongCurve"] {
                        assert_eq!(got, Err(KeyError::UnsupportedAlgorithm), "tcId {id}");
                    }
                    invalid += 1;
                }
                _ => {}
            }
        }
    }
    assert_eq!((valid, invalid), (330, 52));
}

/// RSA SPKIs made by Python `cryptography` with known sizes.
#[test]
fn rsa_sizes_from_peer() {
    let script = r#"
import sys
from cryptography.hazmat.primitives.asymmetric import rsa, ec
from cryptography.hazmat.primitives import serialization as s
for bits in (1024, 2048, 3072, 4096):
    k = rsa.generate_private_key(public_exponent=65537, key_size=bits).public_key()
    print(bits, k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo).hex())
k = ec.generate_private_key(ec.SECP384R1()).public_key()
print(384, k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo).hex())
"#;
    let out = std::process::Command::new(pki_common::peer_python())
        .arg("-c")
        .arg(script)
        .output()
        .expect("peer python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut seen = 0;
    for line in text.lines() {
        let (bits, hex_der) = line.split_once(' ').unwrap();
        let bits: u32 = bits.parse().unwrap();
        let got = PublicKey::from_spki_der(&hex::decode(hex_der).unwrap());
        match bits {
            1024 => assert_eq!(got, Err(KeyError::WeakKey { bits: 1024 })),
            384 => assert_eq!(got, Err(KeyError::UnsupportedAlgorithm)),
            _ => {
                let key = got.unwrap();
                assert_eq!(key.algorithm(), KeyAlgorithm::Rsa);
                assert_eq!(key.algorithm().name(), "RSA");
                assert_eq!(key.bits(), bits);
            }
        }
        seen += 1;
    }
    assert_eq!(seen, 5);
}

#[test]
fn trailing_garbage_and_empty_are_malformed() {
    assert_eq!(PublicKey::from_spki_der(&[]), Err(KeyError::Malformed));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(ECDH).unwrap()).unwrap();
    let first = &v["testGroups"][0]["tests"][0];
    let mut spki = hex::decode(first["public"].as_str().unwrap()).unwrap();
    PublicKey::from_spki_der(&spki).unwrap();
    spki.push(0);
    assert_eq!(PublicKey::from_spki_der(&spki), Err(KeyError::Malformed));
}
