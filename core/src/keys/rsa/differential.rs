//! Differential tests against RustCrypto's `rsa` crate, an independent
//! implementation (a dev-dependency only): the raw public operation on both
//! limb widths, PSS and PKCS#1 v1.5 signatures it makes, and OAEP
//! ciphertexts it decrypts and reproduces byte for byte from the same seed.
//!
//! Key sizes cover the cases the encodings branch on: 2049 bits (EM one octet
//! shorter than the modulus in PSS), 2056 (a whole number of octets, odd
//! limb count on 64-bit), 3072 and 4096; exponents 3, 65537 and 2³² + 15.

use std::sync::OnceLock;
use std::vec;
use std::vec::Vec;

use ::rsa as reference;
use proptest::prelude::*;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use reference::signature::{RandomizedSigner, SignatureEncoding, Signer};
use reference::traits::PublicKeyParts;
use reference::{BoxedUint, PrivateKey};
use sha2::{Sha256, Sha384, Sha512};

use super::word::Word;
use super::{HashAlg, RsaError, RsaPublicKey, monty};

struct Pair {
    secret: PrivateKey,
    public: RsaPublicKey,
}

fn pairs() -> &'static [Pair] {
    static PAIRS: OnceLock<Vec<Pair>> = OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut rng = ChaCha20Rng::from_seed([42; 32]);
        let specs: [(usize, u64); 7] = [
            (2048, 65537),
            (2049, 65537),
            (2056, 65537),
            (3072, 65537),
            (4096, 65537),
            (2048, 3),
            (2048, (1 << 32) + 15),
        ];
        specs
            .iter()
            .map(|&(bits, e)| {
                let secret = PrivateKey::new_with_exp(&mut rng, bits, BoxedUint::from(e)).unwrap();
                let public = RsaPublicKey::from_components(
                    &secret.n().to_be_bytes(),
                    &secret.e().to_be_bytes(),
                )
                .unwrap();
                assert_eq!(public.bits() as usize, bits);
                assert_eq!(public.exponent(), e);
                Pair { secret, public }
            })
            .collect()
    })
}

fn raw_reference(pair: &Pair, x: &[u8]) -> Vec<u8> {
    let m = BoxedUint::from_be_slice_vartime(x);
    let c = reference::hazmat::rsa_encrypt(&pair.secret.to_public_key(), &m).unwrap();
    let bytes = c.to_be_bytes();
    // Left-pad (or trim the precision's leading zeros) to the modulus length.
    let k = pair.public.size();
    let mut out = vec![0u8; k];
    let tail = &bytes[bytes.len().saturating_sub(k)..];
    out[k - tail.len()..].copy_from_slice(tail);
    out
}

fn ours_raw<W: Word>(pair: &Pair, x: &[u8]) -> Result<Vec<u8>, monty::OpError> {
    let mut buf = x.to_vec();
    monty::public_op::<W>(pair.public.modulus(), pair.public.exponent(), &mut buf)?;
    Ok(buf)
}

fn sign_pss(pair: &Pair, hash: HashAlg, msg: &[u8], rng: &mut ChaCha20Rng) -> Vec<u8> {
    let k = pair.secret.clone();
    match hash {
        HashAlg::Sha256 => reference::pss::SigningKey::<Sha256>::new(k)
            .sign_with_rng(rng, msg)
            .to_vec(),
        HashAlg::Sha384 => reference::pss::SigningKey::<Sha384>::new(k)
            .sign_with_rng(rng, msg)
            .to_vec(),
        HashAlg::Sha512 => reference::pss::SigningKey::<Sha512>::new(k)
            .sign_with_rng(rng, msg)
            .to_vec(),
    }
}

fn sign_pkcs1(pair: &Pair, hash: HashAlg, msg: &[u8]) -> Vec<u8> {
    let k = pair.secret.clone();
    match hash {
        HashAlg::Sha256 => reference::pkcs1v15::SigningKey::<Sha256>::new(k)
            .sign(msg)
            .to_vec(),
        HashAlg::Sha384 => reference::pkcs1v15::SigningKey::<Sha384>::new(k)
            .sign(msg)
            .to_vec(),
        HashAlg::Sha512 => reference::pkcs1v15::SigningKey::<Sha512>::new(k)
            .sign(msg)
            .to_vec(),
    }
}

const HASHES: [HashAlg; 3] = [HashAlg::Sha256, HashAlg::Sha384, HashAlg::Sha512];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn raw_operation_matches_on_both_limb_widths(
        which in 0..7usize,
        bytes in proptest::collection::vec(any::<u8>(), 512),
    ) {
        let pair = &pairs()[which];
        let k = pair.public.size();
        // Below n: clear the top octet (n's is non-zero).
        let mut x = bytes[..k].to_vec();
        x[0] = 0;
        let want = raw_reference(pair, &x);
        prop_assert_eq!(ours_raw::<u32>(pair, &x).unwrap(), want.clone());
        prop_assert_eq!(ours_raw::<u64>(pair, &x).unwrap(), want);
    }

    #[test]
    fn signatures_made_by_the_reference_verify_and_tampering_fails(
        which in 0..7usize,
        hash in 0..3usize,
        msg in proptest::collection::vec(any::<u8>(), 0..300),
        flip in any::<(usize, u8)>(),
        seed in any::<u8>(),
    ) {
        let pair = &pairs()[which];
        let hash = HASHES[hash];
        let other_hash = HASHES[(HASHES.iter().position(|h| *h == hash).unwrap() + 1) % 3];
        let mut rng = ChaCha20Rng::from_seed([seed; 32]);
        let pss = sign_pss(pair, hash, &msg, &mut rng);
        let pkcs1 = sign_pkcs1(pair, hash, &msg);
        prop_assert_eq!(pair.public.verify_pss(hash, &msg, &pss), Ok(()));
        prop_assert_eq!(pair.public.verify_pkcs1v15(hash, &msg, &pkcs1), Ok(()));
        // The other scheme, the other hash, another message, a flipped bit.
        let bad = Err(RsaError::BadSignature);
        prop_assert_eq!(pair.public.verify_pkcs1v15(hash, &msg, &pss), bad);
        prop_assert_eq!(pair.public.verify_pss(hash, &msg, &pkcs1), bad);
        prop_assert_eq!(pair.public.verify_pss(other_hash, &msg, &pss), bad);
        prop_assert_eq!(pair.public.verify_pkcs1v15(other_hash, &msg, &pkcs1), bad);
        let mut other_msg = msg.clone();
        other_msg.push(0);
        prop_assert_eq!(pair.public.verify_pss(hash, &other_msg, &pss), bad);
        prop_assert_eq!(pair.public.verify_pkcs1v15(hash, &other_msg, &pkcs1), bad);
        let (pos, bit) = flip;
        for sig in [pss, pkcs1] {
            let mut t = sig.clone();
            let at = pos % t.len();
            t[at] ^= 1 << (bit % 8);
            prop_assert_eq!(pair.public.verify_pss(hash, &msg, &t), bad);
            prop_assert_eq!(pair.public.verify_pkcs1v15(hash, &msg, &t), bad);
        }
    }

    #[test]
    fn oaep_ciphertexts_decrypt_and_match_the_reference_from_the_same_seed(
        which in 0..7usize,
        msg in proptest::collection::vec(any::<u8>(), 0..190),
        seed in any::<u8>(),
    ) {
        let pair = &pairs()[which];
        let mut out = vec![0u8; 600];
        let n = pair
            .public
            .encrypt_oaep_sha256(&mut ChaCha20Rng::from_seed([seed; 32]), &msg, &mut out)
            .unwrap();
        prop_assert_eq!(n, pair.public.size());
        let ct = &out[..n];
        let opened = pair.secret.decrypt(reference::Oaep::<Sha256>::new(), ct).unwrap();
        prop_assert_eq!(&opened, &msg);
        let theirs = pair
            .secret
            .to_public_key()
            .oaep_encrypt_with_rng::<Sha256, _>(&mut ChaCha20Rng::from_seed([seed; 32]), &msg)
            .unwrap();
        prop_assert_eq!(ct, &theirs[..]);
    }
}

#[test]
fn oaep_message_length_limit_and_buffer() {
    let pair = &pairs()[0];
    let k = pair.public.size();
    let mut rng = ChaCha20Rng::from_seed([1; 32]);
    let mut out = vec![0u8; k];
    let max = vec![7u8; k - 66];
    assert_eq!(
        pair.public.encrypt_oaep_sha256(&mut rng, &max, &mut out),
        Ok(k)
    );
    let over = vec![7u8; k - 65];
    assert_eq!(
        pair.public.encrypt_oaep_sha256(&mut rng, &over, &mut out),
        Err(RsaError::MessageTooLong)
    );
    let mut short = vec![0u8; k - 1];
    assert_eq!(
        pair.public
            .encrypt_oaep_sha256(&mut rng, b"cek", &mut short),
        Err(RsaError::BufferTooSmall)
    );
}

#[test]
fn out_of_range_and_wrongly_sized_signatures_are_refused() {
    let pair = &pairs()[0];
    let n = pair.public.modulus().to_vec();
    let bad = Err(RsaError::BadSignature);
    for hash in HASHES {
        // s = n and s = 2^(8k) − 1 are not below n (RFC 8017 §5.2.2 step 1).
        assert_eq!(pair.public.verify_pss(hash, b"m", &n), bad);
        assert_eq!(
            pair.public
                .verify_pkcs1v15(hash, b"m", &vec![0xff; n.len()]),
            bad
        );
        // Zero and one are in range but are no signature.
        let mut one = vec![0u8; n.len()];
        assert_eq!(pair.public.verify_pss(hash, b"m", &one), bad);
        *one.last_mut().unwrap() = 1;
        assert_eq!(pair.public.verify_pkcs1v15(hash, b"m", &one), bad);
    }
    let sig = sign_pss(
        pair,
        HashAlg::Sha256,
        b"m",
        &mut ChaCha20Rng::from_seed([2; 32]),
    );
    // A leading zero octet more, or one less, changes nothing about the value
    // but is not a k-octet signature.
    let mut longer = vec![0u8];
    longer.extend_from_slice(&sig);
    assert_eq!(pair.public.verify_pss(HashAlg::Sha256, b"m", &longer), bad);
    if sig[0] == 0 {
        assert_eq!(
            pair.public.verify_pss(HashAlg::Sha256, b"m", &sig[1..]),
            bad
        );
    }
    assert_eq!(pair.public.verify_pss(HashAlg::Sha256, b"m", &sig), Ok(()));
}

#[test]
fn key_construction_rules() {
    use crate::keys::KeyError;
    let pair = &pairs()[0];
    let n = pair.public.modulus();
    let e = [0x01, 0x00, 0x01];
    // Leading zero octets are ignored.
    let mut padded = vec![0, 0];
    padded.extend_from_slice(n);
    assert_eq!(
        RsaPublicKey::from_components(&padded, &[0, 1, 0, 1]).as_ref(),
        Ok(&pair.public)
    );
    // Even modulus; exponents 1, even, too large.
    let mut even = n.to_vec();
    *even.last_mut().unwrap() &= 0xfe;
    assert_eq!(
        RsaPublicKey::from_components(&even, &e),
        Err(KeyError::Malformed)
    );
    for bad_e in [&[1u8][..], &[0x01, 0x00, 0x00], &[0x02, 0, 0, 0, 1], &[]] {
        assert_eq!(
            RsaPublicKey::from_components(n, bad_e),
            Err(KeyError::Malformed)
        );
    }
    assert!(RsaPublicKey::from_components(n, &[0x01, 0xff, 0xff, 0xff, 0xff]).is_ok());
    // Sizes.
    let short = [&[0x80][..], &[0x11; 253], &[0x01]].concat(); // 255 octets: 2040 bits
    assert_eq!(
        RsaPublicKey::from_components(&short, &e),
        Err(KeyError::WeakKey { bits: 2040 })
    );
    let mut huge = vec![0xffu8; 1025];
    huge[1024] = 0xfd;
    assert_eq!(
        RsaPublicKey::from_components(&huge, &e),
        Err(KeyError::TooLarge { bits: 8200 })
    );
    // PKCS#1 DER as the reference encodes it.
    use reference::pkcs1::EncodeRsaPublicKey;
    let der = pair.secret.to_public_key().to_pkcs1_der().unwrap();
    assert_eq!(
        RsaPublicKey::from_pkcs1_der(der.as_bytes()).as_ref(),
        Ok(&pair.public)
    );
    let mut trailing = der.as_bytes().to_vec();
    trailing.push(0);
    assert_eq!(
        RsaPublicKey::from_pkcs1_der(&trailing),
        Err(KeyError::Malformed)
    );
    // Debug shows the size, not the modulus.
    let shown = std::format!("{:?}", pair.public);
    assert!(
        shown.contains("bits: 2048") && !shown.contains("modulus"),
        "{shown}"
    );
}
