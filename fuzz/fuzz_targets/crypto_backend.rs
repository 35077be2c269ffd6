#![no_main]
//! Differential: the host crypto backend (`threeds_std::crypto::RING`)
//! against the core's default (`RUST_CRYPTO`) on ES256 verification.
//! Every input must get the same verdict from both; a signature made by an
//! independent signer must pass both.
//!
//! Input: byte 0 picks the mode.
//! - even: a key derived from the next 32 bytes (skipped when not a valid
//!   scalar) signs the rest; byte 1 then picks a bit of the signature or the
//!   key to flip (or none), so near-valid inputs are reached, not only noise.
//! - odd: a raw 65-byte point (on the curve or not), a raw 64-byte
//!   signature and the rest as the message.
//!
//! The Cortex-M4 backend cannot run here (ARM assembly); its differential
//! test runs on the emulated M4 (`firmware/src/selftest.rs`).
use p256::ecdsa::signature::Signer;
use threeds_core::crypto::{CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_std::crypto::RING;

fn same_verdict(key: &P256Point, message: &[u8], sig: &[u8; 64]) -> bool {
    let ring = RING.p256_verify_sha256(key, message, sig).is_ok();
    let default = RUST_CRYPTO.p256_verify_sha256(key, message, sig).is_ok();
    assert_eq!(ring, default, "backends disagree");
    ring
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [mode, rest @ ..] = data else {
        return;
    };
    if mode & 1 == 0 {
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
    } else {
        if rest.len() < 65 + 64 {
            return;
        }
        let (key, rest) = rest.split_at(65);
        let (sig, message) = rest.split_at(64);
        let mut key: P256Point = key.try_into().expect("65 bytes");
        // Mostly uncompressed points, so the curve check is what decides.
        if mode & 2 == 0 {
            key[0] = 4;
        }
        same_verdict(&key, message, sig.try_into().expect("64 bytes"));
    }
});
