//! `crypto::AWS_LC` against Wycheproof and against the core's default
//! provider: the same public keys, shared secrets and ES256 verdicts.

use p256::ecdsa::signature::Signer;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};
use threeds_core::crypto::{CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_std::crypto::AWS_LC;

fn vectors(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/../tests/vectors/wycheproof/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn hex(t: &serde_json::Value, k: &str) -> Vec<u8> {
    hex::decode(t[k].as_str().unwrap()).unwrap()
}

#[test]
fn wycheproof_ecdh_secp256r1_ecpoint() {
    let d = vectors("ecdh_secp256r1_ecpoint_test.json");
    let (mut valid, mut invalid) = (0, 0);
    for g in d["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            // The core hands a provider an uncompressed point and a scalar in
            // 1..n: other encodings and scalars never reach it.
            let (Ok(peer), Ok(secret)) = (
                P256Point::try_from(hex(t, "public")),
                <[u8; 32]>::try_from(hex(t, "private")),
            ) else {
                continue;
            };
            if RUST_CRYPTO.p256_public_key(&secret).is_err() {
                continue;
            }
            let ours = AWS_LC.p256_ecdh(&secret, &peer).ok();
            let default = RUST_CRYPTO.p256_ecdh(&secret, &peer).ok();
            assert_eq!(
                ours.as_deref(),
                default.as_deref(),
                "tcId {}: {}",
                t["tcId"],
                t["comment"]
            );
            match t["result"].as_str().unwrap() {
                "valid" => {
                    assert_eq!(
                        ours.unwrap().to_vec(),
                        hex(t, "shared"),
                        "tcId {}",
                        t["tcId"]
                    );
                    valid += 1;
                }
                "invalid" => {
                    assert!(ours.is_none(), "tcId {} accepted", t["tcId"]);
                    invalid += 1;
                }
                _ => {}
            }
        }
    }
    assert!(
        valid >= 100 && invalid >= 10,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn wycheproof_ecdsa_p256_sha256_p1363_message_and_prehash() {
    use sha2::Digest as _;
    let d = vectors("ecdsa_secp256r1_sha256_p1363_test.json");
    let (mut valid, mut invalid) = (0, 0);
    for g in d["testGroups"].as_array().unwrap() {
        let key: P256Point = hex(&g["publicKey"], "uncompressed").try_into().unwrap();
        for t in g["tests"].as_array().unwrap() {
            let Ok(sig) = <[u8; 64]>::try_from(hex(t, "sig")) else {
                continue;
            };
            let msg = hex(t, "msg");
            let prehash: [u8; 32] = sha2::Sha256::digest(&msg).into();
            let ours = AWS_LC.p256_verify_sha256(&key, &msg, &sig).is_ok();
            assert_eq!(
                ours,
                AWS_LC.p256_verify_prehash(&key, &prehash, &sig).is_ok()
            );
            assert_eq!(
                ours,
                RUST_CRYPTO.p256_verify_sha256(&key, &msg, &sig).is_ok()
            );
            match t["result"].as_str().unwrap() {
                "valid" => {
                    assert!(ours, "tcId {} refused", t["tcId"]);
                    valid += 1;
                }
                "invalid" => {
                    assert!(!ours, "tcId {} accepted", t["tcId"]);
                    invalid += 1;
                }
                _ => {}
            }
        }
    }
    assert!(
        valid >= 150 && invalid >= 60,
        "{valid} valid, {invalid} invalid"
    );
}

#[test]
fn random_scalars_points_and_signatures_agree_with_the_default() {
    let mut rng = ChaCha20Rng::from_seed([0x41; 32]);
    for round in 0..64 {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        rng.fill_bytes(&mut a);
        rng.fill_bytes(&mut b);
        let (Ok(pa), Ok(pb)) = (
            RUST_CRYPTO.p256_public_key(&a),
            RUST_CRYPTO.p256_public_key(&b),
        ) else {
            continue;
        };
        assert_eq!(AWS_LC.p256_public_key(&a).unwrap(), pa, "round {round}");
        let z = AWS_LC.p256_ecdh(&a, &pb).unwrap();
        assert_eq!(
            *z,
            *RUST_CRYPTO.p256_ecdh(&a, &pb).unwrap(),
            "round {round}"
        );
        assert_eq!(*z, *AWS_LC.p256_ecdh(&b, &pa).unwrap(), "round {round}");
        let mut off = pb;
        off[64] ^= 1;
        assert!(AWS_LC.p256_ecdh(&a, &off).is_err() && RUST_CRYPTO.p256_ecdh(&a, &off).is_err());

        let mut message = vec![0u8; (rng.next_u32() % 300) as usize];
        rng.fill_bytes(&mut message);
        let signer = p256::ecdsa::SigningKey::from_slice(&a).unwrap();
        let sig: p256::ecdsa::Signature = signer.sign(&message);
        let sig: [u8; 64] = sig.to_bytes().into();
        assert!(
            AWS_LC.p256_verify_sha256(&pa, &message, &sig).is_ok(),
            "round {round}"
        );
        let mut flipped = sig;
        let bit = rng.next_u32() as usize % 512;
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert!(AWS_LC.p256_verify_sha256(&pa, &message, &flipped).is_err());
        assert!(
            RUST_CRYPTO
                .p256_verify_sha256(&pa, &message, &flipped)
                .is_err()
        );
        assert!(AWS_LC.p256_verify_sha256(&off, &message, &sig).is_err());
    }
    // Scalars out of range: zero and n.
    let n =
        hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").unwrap();
    for s in [[0u8; 32], <[u8; 32]>::try_from(n).unwrap()] {
        assert!(AWS_LC.p256_public_key(&s).is_err());
    }
}

#[test]
fn the_emvco_example_8_session_key_through_aws_lc() {
    use threeds_core::jose::{EphemeralKeyPair, SessionKeys, jwk};
    let d =
        hex::decode("5449836690d75caf29f0dd029ddb31b3ddb8aba9d2d515c5012465e817d4a9dc").unwrap();
    let sdk = EphemeralKeyPair::from_private_bytes_with(&AWS_LC, &d).unwrap();
    let x =
        hex::decode("c1e349cb61ec70248ce801034c3834e1b88ebe1161cb25af38741f785fcfc4c4").unwrap();
    assert_eq!(jwk::p256_coordinates(sdk.public_key()).0.to_vec(), x);
    let acs = jwk::p256_from_coordinates(
        &hex::decode("808d060082c176eed3e776a4ac598cc8672c1779f974eecc9b03411ca5b9495d")
            .unwrap()
            .try_into()
            .unwrap(),
        &hex::decode("48b5bfc527dfce53d6ac7115237d031ccff87a0570b77350a9e503ee7305a69b")
            .unwrap()
            .try_into()
            .unwrap(),
    )
    .unwrap();
    let keys = SessionKeys::derive(&sdk, &acs, "A Dummy SDK Reference Number").unwrap();
    assert_eq!(
        hex::encode_upper(keys.as_bytes()),
        "4B57071C56A1393B613B05948621D2FAC5D37C30CBEF51D4642A8D1BB22A1C23"
    );
    // A key pair drawn on AWS-LC from a stream equals the default's from the same stream.
    let a = EphemeralKeyPair::generate_with(&AWS_LC, &mut ChaCha20Rng::from_seed([9; 32])).unwrap();
    let b = EphemeralKeyPair::generate(&mut ChaCha20Rng::from_seed([9; 32])).unwrap();
    assert_eq!(a.public_key(), b.public_key());
}

// RSA-OAEP key encryption (`RSA-OAEP-256`) on AWS-LC, checked by decryption
// with independent implementations: the `rsa` crate and Python
// `cryptography`/`jwcrypto`. The DS key is Wycheproof's RSA-OAEP-2048
// SHA-256 test key, whose private half the test holds.

mod common;

use std::io::Write as _;
use std::process::{Command, Stdio};

use rsa::pkcs8::DecodePrivateKey as _;
use threeds_core::keys::PublicKey;
use threeds_core::keys::rsa::RsaPublicKey;

struct DsKey {
    private: rsa::PrivateKey,
    public: RsaPublicKey,
    pem: String,
    jwk: String,
}

fn ds_key() -> DsKey {
    let d = vectors("rsa_oaep_2048_sha256_mgf1sha256_test.json");
    let g = &d["testGroups"][0];
    let private = rsa::PrivateKey::from_pkcs8_der(&hex(g, "privateKeyPkcs8")).unwrap();
    let public = RsaPublicKey::from_components(
        &hex(&g["privateKey"], "modulus"),
        &hex(&g["privateKey"], "publicExponent"),
    )
    .unwrap();
    DsKey {
        private,
        public,
        pem: g["privateKeyPem"].as_str().unwrap().to_owned(),
        jwk: g["privateKeyJwk"].to_string(),
    }
}

/// Runs `script` in the Python peer with `input` as JSON on stdin; returns
/// its stdout as JSON.
fn python(script: &str, input: &serde_json::Value) -> serde_json::Value {
    let mut child = Command::new(common::peer_python())
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "Python peer failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn aws_lc_rsa_oaep_decrypts_to_the_exact_cek_with_rsa_and_python() {
    let ds = ds_key();
    let k = ds.public.size();
    assert_eq!(k, 256);
    let mut rng = ChaCha20Rng::from_seed([0x52; 32]);
    let mut ciphertexts = Vec::new();
    let mut ceks = Vec::new();
    for round in 0..24 {
        // The two CEK lengths the core uses: A128GCM (16) and A128CBC-HS256 (32).
        let mut cek = vec![0u8; if round % 2 == 0 { 32 } else { 16 }];
        rng.fill_bytes(&mut cek);
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        let mut out = vec![0u8; k];
        let n = AWS_LC
            .rsa_oaep_sha256_encrypt(&ds.public, &cek, &seed, &mut out)
            .unwrap();
        assert_eq!(n, k);
        // AWS-LC draws its own seed: the same inputs twice give two
        // ciphertexts, unlike the default, which uses `seed`.
        let mut again = vec![0u8; k];
        AWS_LC
            .rsa_oaep_sha256_encrypt(&ds.public, &cek, &seed, &mut again)
            .unwrap();
        assert_ne!(out, again, "round {round}");
        let mut default = vec![0u8; k];
        RUST_CRYPTO
            .rsa_oaep_sha256_encrypt(&ds.public, &cek, &seed, &mut default)
            .unwrap();
        let mut default_again = vec![0u8; k];
        RUST_CRYPTO
            .rsa_oaep_sha256_encrypt(&ds.public, &cek, &seed, &mut default_again)
            .unwrap();
        assert_eq!(default, default_again);
        for c in [&out, &again, &default] {
            let plain = ds
                .private
                .decrypt(rsa::Oaep::<sha2::Sha256>::new(), c)
                .unwrap();
            assert_eq!(plain, cek, "round {round}");
        }
        ciphertexts.push(hex::encode(&out));
        ceks.push(hex::encode(&cek));
    }
    let script = r#"
import json, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
req = json.load(sys.stdin)
key = serialization.load_pem_private_key(req["pem"].encode(), password=None)
oaep = padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
print(json.dumps([key.decrypt(bytes.fromhex(c), oaep).hex() for c in req["ciphertexts"]]))
"#;
    let plain = python(
        script,
        &serde_json::json!({ "pem": ds.pem, "ciphertexts": ciphertexts }),
    );
    assert_eq!(plain, serde_json::json!(ceks));
}

#[test]
fn aws_lc_rsa_oaep_refuses_what_the_default_refuses() {
    let ds = ds_key();
    let k = ds.public.size();
    let seed = [7u8; 32];
    // The largest message OAEP-SHA-256 takes is k − 66 bytes; one more is
    // refused by both (the core never asks for it: its CEKs are 16 or 32).
    for (len, ok) in [(k - 66, true), (k - 65, false)] {
        let msg = vec![0x5a; len];
        let mut a = vec![0u8; k];
        let mut b = vec![0u8; k];
        assert_eq!(
            AWS_LC
                .rsa_oaep_sha256_encrypt(&ds.public, &msg, &seed, &mut a)
                .is_ok(),
            ok
        );
        assert_eq!(
            RUST_CRYPTO
                .rsa_oaep_sha256_encrypt(&ds.public, &msg, &seed, &mut b)
                .is_ok(),
            ok
        );
    }
    // An output shorter than the modulus is refused, not truncated.
    let mut short = vec![0u8; k - 1];
    assert!(
        AWS_LC
            .rsa_oaep_sha256_encrypt(&ds.public, &[1; 32], &seed, &mut short)
            .is_err()
    );
}

#[test]
fn a_transaction_on_aws_lc_sends_a_device_info_jwe_the_ds_decrypts() {
    use threeds_core::message::{Interface, MessageVersion, all_ui_types};
    use threeds_core::transaction::{AuthParams, Timeouts, Transaction};

    let ds = ds_key();
    let ds_public = PublicKey::Rsa(ds.public.clone());
    let device_info = br#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel 8","C003":"Android 15"},"DPNA":{},"SW":["SW01"]}"#;
    let version = MessageVersion::V2_2_0;
    let mut jwes = Vec::new();
    for (gcm, kid) in [(false, None), (true, Some("ds-key-2026"))] {
        let params = AuthParams {
            version,
            ds_key: &ds_public,
            ds_key_id: kid,
            ds_id: "A000000802",
            sdk_app_id: "9063b12c-fcde-43c7-b28e-8d0af5520e8a",
            sdk_reference_number: "3DS_LOA_SDK_SIMT_020200_00001",
            timeouts: Timeouts::default(),
            device_info,
            use_aes_gcm: gcm,
            sdk_interface: Interface::Both,
            sdk_ui_types: all_ui_types(version),
            requestor_app_url: None,
            oob_app_url_supported: false,
        };
        let begin = |provider: &'static dyn CryptoProvider| {
            let mut tx = Transaction::with_crypto(provider);
            let mut out = vec![0u8; 8192];
            let mut rng = ChaCha20Rng::from_seed([u8::from(gcm); 32]);
            let req = tx.begin(&params, &mut rng, 0, &mut out).unwrap();
            let areq: serde_json::Value = serde_json::from_slice(&out[..req.len]).unwrap();
            areq["sdkEncData"].as_str().unwrap().to_owned()
        };
        let jwe = begin(&AWS_LC);
        // From the same generator, the default draws the same CEK, IV and
        // ephemeral key, so everything but the encrypted key is equal: the
        // key encryption, and only it, ran on AWS-LC (whose OAEP seed is
        // its own).
        let default = begin(&RUST_CRYPTO);
        let (ours, theirs): (Vec<&str>, Vec<&str>) =
            (jwe.split('.').collect(), default.split('.').collect());
        assert_ne!(ours[1], theirs[1]);
        assert_eq!(
            [ours[0], ours[2], ours[3], ours[4]],
            [theirs[0], theirs[2], theirs[3], theirs[4]]
        );

        // The encrypted key, opened with the `rsa` crate, is a CEK of the
        // content encryption's length.
        let parts: Vec<&str> = jwe.split('.').collect();
        assert_eq!(parts.len(), 5);
        let ek = base64_url(parts[1]);
        assert_eq!(ek.len(), 256);
        let cek = ds
            .private
            .decrypt(rsa::Oaep::<sha2::Sha256>::new(), &ek)
            .unwrap();
        assert_eq!(cek.len(), if gcm { 16 } else { 32 });
        jwes.push(serde_json::json!({
            "jwe": jwe,
            "enc": if gcm { "A128GCM" } else { "A128CBC-HS256" },
            "kid": kid,
        }));
    }
    // The DS side: jwcrypto decrypts each JWE with the private JWK and sees
    // exactly the device information the transaction was given.
    let script = r#"
import json, sys
from jwcrypto import jwe, jwk
req = json.load(sys.stdin)
key = jwk.JWK(**json.loads(req["jwk"]))
out = []
for j in req["jwes"]:
    t = jwe.JWE()
    t.deserialize(j["jwe"], key=key)
    h = t.jose_header
    assert h["alg"] == "RSA-OAEP-256", h
    assert h["enc"] == j["enc"], h
    assert h.get("kid") == j["kid"], h
    out.append(t.payload.decode())
print(json.dumps(out))
"#;
    let plain = python(script, &serde_json::json!({ "jwk": ds.jwk, "jwes": jwes }));
    let text = core::str::from_utf8(device_info).unwrap();
    assert_eq!(plain, serde_json::json!([text, text]));
}

fn base64_url(s: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding as _};
    Base64UrlUnpadded::decode_vec(s).unwrap()
}
