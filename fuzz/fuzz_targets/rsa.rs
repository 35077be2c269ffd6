#![no_main]
//! Our RSA public operation against the `rsa` crate's (`crypto-bigint`), on
//! arbitrary odd moduli of 1 to 64 octets (most inputs, so that the fuzzer
//! runs fast and meets every limb boundary) or of 256 to 512 octets, and the
//! exponents a key may have; with a real-size modulus, also one of the PSS
//! and PKCS#1 v1.5 verifiers on the same bytes as a signature.
//!
//! Input: byte 0 picks the exponent (bits 0–1) and the verifier (bits 2–4);
//! byte 1 the modulus length (below 0xf0: 1 + b % 64; from 0xf0: 256 + 16 ×
//! (b − 0xf0) + 1 of 241…); then the modulus and the value (as many octets
//! each), then the message.
use rsa::BoxedUint;
use threeds_core::keys::RsaPublicKey;
use threeds_core::keys::rsa::HashAlg;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [ctl, len, rest @ ..] = data else {
        return;
    };
    let k = if *len < 0xf0 {
        1 + usize::from(len % 64)
    } else {
        256 + 16 * usize::from(len - 0xf0)
    };
    let e: u64 = [3, 65537, (1 << 32) + 15, (1 << 33) - 1][usize::from(ctl & 3)];
    if rest.len() < 2 * k {
        return;
    }
    let (n, rest) = rest.split_at(k);
    let (x, msg) = rest.split_at(k);
    let mut n = n.to_vec();
    n[k - 1] |= 1;
    if n[0] == 0 || n == [1] {
        return;
    }

    let mut ours = x.to_vec();
    let result = RsaPublicKey::raw_public_op_for_fuzzing(&n, e, &mut ours);
    if x >= &n[..] {
        assert!(result.is_err(), "an input not below n was accepted");
        assert_eq!(ours, x, "a refused input was changed");
    } else {
        assert!(result.is_ok(), "an input below n was refused");
        let theirs =
            rsa::PublicKey::new_unchecked(BoxedUint::from_be_slice_vartime(&n), BoxedUint::from(e));
        let c = rsa::hazmat::rsa_encrypt(&theirs, &BoxedUint::from_be_slice_vartime(x))
            .expect("the reference operation")
            .to_be_bytes();
        let c = &c[c.len() - k..];
        assert_eq!(ours, c, "x^e mod n differs from the reference");
    }

    // A key of real size: the verifiers on x as a signature (no oracle, no panic).
    if let Ok(key) = RsaPublicKey::from_components(&n, &e.to_be_bytes()) {
        let hash =
            [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512][usize::from((ctl >> 2) & 3) % 3];
        let _ = if ctl & 0x10 == 0 {
            key.verify_pss(hash, msg, x)
        } else {
            key.verify_pkcs1v15(hash, msg, x)
        };
    }
});
