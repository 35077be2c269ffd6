#![no_main]
//! Differential: the host crypto backends (`threeds_std::crypto::RING` and
//! `AWS_LC`) against the core's default (`RUST_CRYPTO`). Every input must
//! get the same answer from each; a signature made by an independent signer
//! must pass; an RSA-OAEP ciphertext must open, with an independent RSA
//! (the `rsa` crate), to the exact CEK.
//!
//! Input: byte 0 picks the mode.
//! - `0 mod 4`: a key derived from the next 32 bytes (skipped when not a
//!   valid scalar) signs the rest; byte 1 then picks a bit of the signature
//!   or the key to flip (or none), so near-valid inputs are reached, not only
//!   noise. AWS-LC must derive the same public key.
//! - `2 mod 4`: RSA-OAEP key encryption. Byte 1 picks the CEK length (16 or
//!   32, the core's two), then a 32-byte seed and the CEK. Both providers'
//!   ciphertexts are decrypted with the test key's private half.
//! - odd: a raw 65-byte point (on the curve or not), a raw 64-byte
//!   signature and the rest as the message; the signature's first half is
//!   also tried as an ECDH scalar against the point, and as a scalar to
//!   derive a public key from.
//!
//! The Cortex-M4 backend cannot run here (ARM assembly); its differential
//! test runs on the emulated M4 (`firmware/src/selftest.rs`).
use std::sync::OnceLock;

use p256::ecdsa::signature::Signer;
use threeds_core::crypto::{CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_core::keys::RsaPublicKey;
use threeds_std::crypto::{AWS_LC, RING};

/// Whether the backends agree on an ES256 verdict; returns it.
fn same_verdict(key: &P256Point, message: &[u8], sig: &[u8; 64]) -> bool {
    let ring = RING.p256_verify_sha256(key, message, sig).is_ok();
    let default = RUST_CRYPTO.p256_verify_sha256(key, message, sig).is_ok();
    assert_eq!(ring, default, "ring and the default disagree");
    // The core hands a provider only uncompressed points (it encodes them
    // itself after validation), so AWS-LC is held to those.
    if key[0] == 4 {
        let aws = AWS_LC.p256_verify_sha256(key, message, sig).is_ok();
        assert_eq!(aws, default, "aws-lc and the default disagree");
        let prehash: [u8; 32] = {
            use sha2::Digest as _;
            sha2::Sha256::digest(message).into()
        };
        assert_eq!(
            AWS_LC.p256_verify_prehash(key, &prehash, sig).is_ok(),
            default,
            "aws-lc's prehash verification disagrees"
        );
    }
    default
}

/// Wycheproof's RSA-OAEP-2048 SHA-256 test key
/// (`tests/vectors/wycheproof/rsa_oaep_2048_sha256_mgf1sha256_test.json`,
/// `prime1`/`prime2`, e = 65537).
const P: &str = "dc431050f782e894fb5248247d98cb7d58b8d1e24f3b55d041c56e4de086b0d5bb028bda42eeb5d234d5681e5809d415e6a289ad4cfbf78f978f6c35814f50eebff1c5b80a69f788e81e6bab5ddaa78369d659d143ec6f17e79813a575cfad9c569156b90113e2e9110ad9e7b48a1c9348a6e653321191290ea36cfb3a5b18f1";
const Q: &str = "bd1a81e7977f9898122273ae3222b598ea5fb19eb4eabc38308a5e32196603b2e500ffb79f5b886816611debc472fac45544070beb057c941378a6868af3b7a03d3f9880ec47d5e089b94fbde542aba9ae8d72c57088d7abf5b131f39098f7bc160f90536abc9492fd4e06f3ed7299d4b97bb03677207d95669f140cfbc20f25";

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex"))
        .collect()
}

fn rsa_key() -> &'static (rsa::PrivateKey, RsaPublicKey) {
    static KEY: OnceLock<(rsa::PrivateKey, RsaPublicKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        use rsa::traits::PublicKeyParts as _;
        let uint = |s: &str| rsa::BoxedUint::from_be_slice_vartime(&unhex(s));
        let private = rsa::PrivateKey::from_p_q(uint(P), uint(Q), rsa::BoxedUint::from(65_537u32))
            .expect("the test key");
        let public =
            RsaPublicKey::from_components(&private.n().to_be_bytes(), &private.e().to_be_bytes())
                .expect("a valid public key");
        (private, public)
    })
}

fn rsa_oaep(rest: &[u8]) {
    let [len, rest @ ..] = rest else {
        return;
    };
    let cek_len = if len & 1 == 0 { 16 } else { 32 };
    if rest.len() < 32 + cek_len {
        return;
    }
    let (seed, rest) = rest.split_at(32);
    let cek = &rest[..cek_len];
    let seed: &[u8; 32] = seed.try_into().expect("32 bytes");
    let (private, public) = rsa_key();
    for provider in [&AWS_LC as &dyn CryptoProvider, &RUST_CRYPTO] {
        let mut out = vec![0u8; public.size()];
        let n = provider
            .rsa_oaep_sha256_encrypt(public, cek, seed, &mut out)
            .expect("a valid CEK is encrypted");
        assert_eq!(n, public.size(), "{}: ciphertext length", provider.name());
        let opened = private
            .decrypt(rsa::Oaep::<sha2::Sha256>::new(), &out)
            .expect("the ciphertext opens");
        assert_eq!(opened, cek, "{}: a different CEK", provider.name());
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [mode, rest @ ..] = data else {
        return;
    };
    match mode & 3 {
        0 => {
            let [flip, rest @ ..] = rest else {
                return;
            };
            if rest.len() < 32 {
                return;
            }
            let (secret, message) = rest.split_at(32);
            let Ok(signer) = p256::ecdsa::SigningKey::from_slice(secret) else {
                return;
            };
            let secret: &[u8; 32] = secret.try_into().expect("32 bytes");
            let mut key = RUST_CRYPTO.p256_public_key(secret).expect("a valid scalar");
            assert_eq!(
                AWS_LC.p256_public_key(secret).ok(),
                Some(key),
                "aws-lc derives another public key"
            );
            let sig: p256::ecdsa::Signature = signer.sign(message);
            let mut sig: [u8; 64] = sig.to_bytes().into();
            let bit = usize::from(*flip) * 3;
            match bit {
                0..512 => sig[bit / 8] ^= 1 << (bit % 8),
                512..632 => key[1 + (bit - 512) / 8 % 64] ^= 1 << (bit % 8),
                _ => assert!(
                    same_verdict(&key, message, &sig),
                    "a valid signature refused"
                ),
            }
            same_verdict(&key, message, &sig);
        }
        2 => rsa_oaep(rest),
        _ => {
            if rest.len() < 65 + 64 {
                return;
            }
            let (key, rest) = rest.split_at(65);
            let (sig, message) = rest.split_at(64);
            let mut key: P256Point = key.try_into().expect("65 bytes");
            // Mostly uncompressed points, so the curve check is what decides.
            if mode & 4 == 0 {
                key[0] = 4;
            }
            let sig: &[u8; 64] = sig.try_into().expect("64 bytes");
            same_verdict(&key, message, sig);
            // Any 32 bytes as a scalar: both refuse 0 and ≥ n, or agree.
            let scalar: &[u8; 32] = sig[..32].try_into().expect("32 bytes");
            let public = RUST_CRYPTO.p256_public_key(scalar).ok();
            assert_eq!(
                AWS_LC.p256_public_key(scalar).ok(),
                public,
                "public keys differ"
            );
            // ECDH with a valid scalar (what the core hands over) on any
            // uncompressed point: both refuse an off-curve one, or agree.
            if public.is_some() && key[0] == 4 {
                assert_eq!(
                    AWS_LC.p256_ecdh(scalar, &key).ok().as_deref(),
                    RUST_CRYPTO.p256_ecdh(scalar, &key).ok().as_deref(),
                    "shared secrets differ"
                );
            }
        }
    }
});
