//! Known-answer and differential self-test of the Cortex-M4 P-256 backend
//! against the core's default (RustCrypto), run on the emulated Cortex-M4
//! before the transcript (feature `cm4-selftest`). The backend's assembly
//! only exists on ARM, so this is where it is tested.
//!
//! Known answers: the EMVCo worked sample's SDK key pair and session key
//! (Examples 7/8) and a Wycheproof ECDSA P-256/SHA-256 vector. Differential:
//! random scalars, points, messages and signatures (valid, bit-flipped,
//! out-of-range `r`/`s`, off-curve keys) must get the same answer from both.

use cortex_m_semihosting::hprintln;
use p256::ecdsa::signature::hazmat::PrehashSigner;
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng as _, SeedableRng as _};
use threeds_core::crypto::{CryptoProvider, P256Point, RUST_CRYPTO};
use threeds_core::jose::{EphemeralKeyPair, SessionKeys, jwk};
use threeds_embedded::crypto::CORTEX_M4;

/// Random cases of each kind.
const ROUNDS: usize = 24;

fn hex<const N: usize>(s: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let nib = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => 0,
    };
    for (o, pair) in out.iter_mut().zip(s.as_bytes().chunks(2)) {
        *o = (nib(pair[0]) << 4) | nib(pair[1]);
    }
    out
}

fn point(x: &str, y: &str) -> P256Point {
    let mut p = [4u8; 65];
    p[1..33].copy_from_slice(&hex::<32>(x));
    p[33..].copy_from_slice(&hex::<32>(y));
    p
}

struct Check {
    failures: u32,
    checks: u32,
}

impl Check {
    fn that(&mut self, ok: bool, what: &str) {
        self.checks += 1;
        if !ok {
            self.failures += 1;
            hprintln!("  selftest FAIL: {}", what);
        }
    }
}

fn known_answers(c: &mut Check) {
    // EMVCo Examples 7/8: the SDK ephemeral key, the ACS key of Example 8,
    // the published session key.
    let d = hex::<32>("5449836690d75caf29f0dd029ddb31b3ddb8aba9d2d515c5012465e817d4a9dc");
    let sdk_pub = point(
        "c1e349cb61ec70248ce801034c3834e1b88ebe1161cb25af38741f785fcfc4c4",
        "7bc96708ef80952b53f8d2555fe72b841ed04588628b1d378a594939500ec9c9",
    );
    c.that(
        CORTEX_M4.p256_public_key(&d) == Ok(sdk_pub),
        "EMVCo Example 8 public key",
    );
    let acs_x = hex::<32>("808d060082c176eed3e776a4ac598cc8672c1779f974eecc9b03411ca5b9495d");
    let acs_y = hex::<32>("48b5bfc527dfce53d6ac7115237d031ccff87a0570b77350a9e503ee7305a69b");
    let session = EphemeralKeyPair::from_private_bytes_with(&CORTEX_M4, &d)
        .ok()
        .zip(jwk::p256_from_coordinates(&acs_x, &acs_y).ok())
        .and_then(|(sdk, acs)| {
            SessionKeys::derive(&sdk, &acs, "A Dummy SDK Reference Number").ok()
        });
    c.that(
        session.is_some_and(|k| {
            *k.as_bytes()
                == hex::<32>("4b57071c56a1393b613b05948621d2fac5d37c30cbef51d4642a8d1bb22a1c23")
        }),
        "EMVCo Example 8 session key",
    );
    // Wycheproof ecdsa_secp256r1_sha256 tcId 3 (msg 313233343030).
    let key = point(
        "04aaec73635726f213fb8a9e64da3b8632e41495a944d0045b522eba7240fad5",
        "87d9315798aaa3a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e8365d525d",
    );
    let hash = hex::<32>("bb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023");
    let mut sig = hex::<64>(
        "a8ea150cb80125d7381c4c1f1da8e9de2711f9917060406a73d7904519e51388f3ab9fa68bd47973a73b2d40480c2ba50c22c9d76ec217257288293285449b86",
    );
    c.that(
        CORTEX_M4.p256_verify_prehash(&key, &hash, &sig).is_ok(),
        "Wycheproof tcId 3 valid",
    );
    sig[63] ^= 1;
    c.that(
        CORTEX_M4.p256_verify_prehash(&key, &hash, &sig).is_err(),
        "Wycheproof tcId 3 with a flipped bit",
    );
}

/// The group order n, big-endian.
const N: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

fn same_verdict(c: &mut Check, key: &P256Point, hash: &[u8; 32], sig: &[u8; 64], what: &str) {
    let a = CORTEX_M4.p256_verify_prehash(key, hash, sig).is_ok();
    let b = RUST_CRYPTO.p256_verify_prehash(key, hash, sig).is_ok();
    c.that(a == b, what);
}

fn differential(c: &mut Check) {
    let mut rng = ChaCha20Rng::from_seed([0x5e; 32]);
    for _ in 0..ROUNDS {
        // Key generation: the same scalar from the same stream.
        let seed: [u8; 32] = {
            let mut s = [0u8; 32];
            rng.fill_bytes(&mut s);
            s
        };
        let a_cm4 = EphemeralKeyPair::generate_with(&CORTEX_M4, &mut ChaCha20Rng::from_seed(seed));
        let a_rc = EphemeralKeyPair::generate_with(&RUST_CRYPTO, &mut ChaCha20Rng::from_seed(seed));
        let b = EphemeralKeyPair::generate_with(&RUST_CRYPTO, &mut rng);
        let (Ok(a_cm4), Ok(a_rc), Ok(b)) = (a_cm4, a_rc, b) else {
            c.that(false, "key generation");
            continue;
        };
        c.that(a_cm4.public_key() == a_rc.public_key(), "public key");
        // ECDH: both backends, and both directions.
        let z1 = a_cm4.diffie_hellman(b.public_key()).ok();
        let z2 = a_rc.diffie_hellman(b.public_key()).ok();
        let z3 = b.diffie_hellman(a_cm4.public_key()).ok();
        c.that(
            z1.is_some() && z1.as_deref() == z2.as_deref() && z2.as_deref() == z3.as_deref(),
            "ECDH",
        );
        // ECDSA: a valid signature, then malformed ones.
        let mut hash = [0u8; 32];
        rng.fill_bytes(&mut hash);
        let Ok(signer) = p256::ecdsa::SigningKey::from_slice(&a_rc.private_bytes()[..]) else {
            c.that(false, "signing key");
            continue;
        };
        let Ok(sig): Result<p256::ecdsa::Signature, _> = signer.sign_prehash(&hash) else {
            c.that(false, "sign");
            continue;
        };
        let sig: [u8; 64] = sig.to_bytes().into();
        let mut key = [0u8; 65];
        key.copy_from_slice(
            &RUST_CRYPTO
                .p256_public_key(&a_rc.private_bytes())
                .unwrap_or([0; 65]),
        );
        c.that(
            CORTEX_M4.p256_verify_prehash(&key, &hash, &sig).is_ok(),
            "valid signature",
        );
        same_verdict(c, &key, &hash, &sig, "valid signature, both");
        let mut bad = sig;
        let i = (hash[0] & 63) as usize;
        bad[i] ^= 1 << (hash[1] & 7);
        same_verdict(c, &key, &hash, &bad, "flipped signature bit");
        let mut h2 = hash;
        h2[(hash[2] & 31) as usize] ^= 0x80;
        same_verdict(c, &key, &h2, &sig, "other message");
        for (range, value) in [
            (0..32, [0u8; 32]),
            (32..64, [0u8; 32]),
            (0..32, N),
            (32..64, N),
        ] {
            let mut s = sig;
            s[range].copy_from_slice(&value);
            same_verdict(c, &key, &hash, &s, "r or s out of 1..n");
        }
        // A key off the curve: both refuse ECDH and verification.
        let mut off = key;
        off[64] ^= 1;
        let secret = a_rc.private_bytes();
        c.that(
            CORTEX_M4.p256_ecdh(&secret, &off).is_err()
                && RUST_CRYPTO.p256_ecdh(&secret, &off).is_err(),
            "off-curve ECDH refused",
        );
        same_verdict(c, &off, &hash, &sig, "off-curve key");
        c.that(
            CORTEX_M4.p256_verify_prehash(&off, &hash, &sig).is_err(),
            "off-curve key refused",
        );
    }
    // Scalars out of range: zero and n.
    let p = point(
        "c1e349cb61ec70248ce801034c3834e1b88ebe1161cb25af38741f785fcfc4c4",
        "7bc96708ef80952b53f8d2555fe72b841ed04588628b1d378a594939500ec9c9",
    );
    for s in [[0u8; 32], N] {
        c.that(
            CORTEX_M4.p256_public_key(&s).is_err(),
            "scalar out of range (keygen)",
        );
        c.that(
            CORTEX_M4.p256_ecdh(&s, &p).is_err(),
            "scalar out of range (ECDH)",
        );
    }
}

/// Runs every check; `true` when all pass.
pub fn run() -> bool {
    let mut c = Check {
        failures: 0,
        checks: 0,
    };
    known_answers(&mut c);
    differential(&mut c);
    hprintln!(
        "selftest p256-cortex-m4 vs rustcrypto: {} checks, {} failed",
        c.checks,
        c.failures
    );
    c.failures == 0
}
