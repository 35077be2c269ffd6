#![no_main]
//! Our RSA public operation against the `rsa` crate's (`crypto-bigint`), on
//! arbitrary odd moduli of 1 to 128 octets and the exponents a key may have.
//! Small moduli keep the target fast (tens of thousands of runs a second)
//! while still crossing every limb boundary and carry path of the
//! Montgomery code, which does not depend on the length beyond that; real
//! key sizes (2048–4096 bits) are covered by the differential proptests of
//! `core/src/keys/rsa/differential.rs`, and the padding verifiers by the
//! `jws` and `x509_chain` targets, which reach them with real keys.
//!
//! Input: byte 0 picks the exponent (bits 0–1), byte 1 the modulus length
//! (1 + b % 128); then the modulus and the value, as many octets each.
use rsa::BoxedUint;
use threeds_core::keys::RsaPublicKey;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [ctl, len, rest @ ..] = data else {
        return;
    };
    let k = 1 + usize::from(len % 128);
    let e: u64 = [3, 65537, (1 << 32) + 15, (1 << 33) - 1][usize::from(ctl & 3)];
    if rest.len() < 2 * k {
        return;
    }
    let (n, rest) = rest.split_at(k);
    let x = &rest[..k];
    let mut n = n.to_vec();
    n[k - 1] |= 1;
    if n[0] == 0 || n == [1] {
        // Refused: a leading zero octet, or n = 1.
        let mut buf = x.to_vec();
        assert!(RsaPublicKey::raw_public_op_for_fuzzing(&n, e, &mut buf).is_err());
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
});
