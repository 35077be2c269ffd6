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
