//! `crypto::RING` against the core's default provider and against
//! Wycheproof: the same verdict on every ES256 input, valid or not.

use p256::ecdsa::signature::Signer;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};
use threeds_core::crypto::{CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_std::crypto::RING;

fn verdicts(key: &P256Point, message: &[u8], sig: &[u8; 64]) -> (bool, bool) {
    (
        RING.p256_verify_sha256(key, message, sig).is_ok(),
        RUST_CRYPTO.p256_verify_sha256(key, message, sig).is_ok(),
    )
}

#[test]
fn wycheproof_ecdsa_p256_sha256_p1363() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/wycheproof/ecdsa_secp256r1_sha256_p1363_test.json"
    );
    let d: serde_json::Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let hex = |t: &serde_json::Value, k: &str| hex::decode(t[k].as_str().unwrap()).unwrap();
    let (mut valid, mut invalid, mut wrong_length) = (0, 0, 0);
    for g in d["testGroups"].as_array().unwrap() {
        let key: P256Point = hex(&g["publicKey"], "uncompressed").try_into().unwrap();
        for t in g["tests"].as_array().unwrap() {
            let Ok(sig) = <[u8; 64]>::try_from(hex(t, "sig")) else {
                // The core refuses these before any provider sees them.
                wrong_length += 1;
                continue;
            };
            let (ring, default) = verdicts(&key, &hex(t, "msg"), &sig);
            assert_eq!(ring, default, "tcId {}: {}", t["tcId"], t["comment"]);
            match t["result"].as_str().unwrap() {
                "valid" => {
                    assert!(ring, "tcId {} refused", t["tcId"]);
                    valid += 1;
                }
                "invalid" => {
                    assert!(!ring, "tcId {} accepted", t["tcId"]);
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
    assert!(wrong_length > 0);
}

/// The group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

#[test]
fn random_keys_messages_and_signatures_get_the_same_verdict() {
    let mut rng = ChaCha20Rng::from_seed([0x21; 32]);
    for round in 0..64 {
        let mut secret = [0u8; 32];
        rng.fill_bytes(&mut secret);
        let Ok(signer) = p256::ecdsa::SigningKey::from_slice(&secret) else {
            continue;
        };
        let key = RUST_CRYPTO.p256_public_key(&secret).unwrap();
        assert_eq!(RING.p256_public_key(&secret).unwrap(), key);
        let mut message = vec![0u8; (rng.next_u32() % 300) as usize];
        rng.fill_bytes(&mut message);
        let sig: p256::ecdsa::Signature = signer.sign(&message);
        let sig: [u8; 64] = sig.to_bytes().into();
        assert_eq!(
            verdicts(&key, &message, &sig),
            (true, true),
            "round {round}"
        );

        let mut flipped = sig;
        let bit = rng.next_u32() as usize % 512;
        flipped[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            verdicts(&key, &message, &flipped),
            (false, false),
            "round {round}"
        );

        let mut other = message.clone();
        other.push(0);
        assert_eq!(
            verdicts(&key, &other, &sig),
            (false, false),
            "round {round}"
        );

        for (at, value) in [(0, [0u8; 32]), (32, [0u8; 32]), (0, N), (32, N)] {
            let mut s = sig;
            s[at..at + 32].copy_from_slice(&value);
            assert_eq!(
                verdicts(&key, &message, &s),
                (false, false),
                "round {round}"
            );
        }

        let mut off_curve = key;
        off_curve[64] ^= 1;
        assert_eq!(
            verdicts(&off_curve, &message, &sig),
            (false, false),
            "round {round}"
        );

        // ECDH is delegated: the same secret as the default.
        let peer = RUST_CRYPTO.p256_public_key(&N.map(|b| b ^ 0x55)).unwrap();
        assert_eq!(
            *RING.p256_ecdh(&secret, &peer).unwrap(),
            *RUST_CRYPTO.p256_ecdh(&secret, &peer).unwrap()
        );
    }
}
