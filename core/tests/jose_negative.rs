//! Negative tests: every malformed input is a typed error, never a panic.

mod jose_support;

use jose_support::*;
use proptest::prelude::*;
use threeds_core::jose::base64url::{self, Base64Error};
use threeds_core::jose::{
    ContentEncryption, EphemeralKeyError, EphemeralKeyPair, JweError, JwkError, Jws, JwsError,
    content, jwe, jwk,
};

fn enc_header(json: &str) -> String {
    b64u_enc(json.as_bytes())
}

#[test]
fn base64url_is_strict() {
    let mut buf = [0u8; 64];
    assert_eq!(base64url::decode("AAAA", &mut buf).unwrap(), &[0, 0, 0]);
    for bad in [
        "AA==", "AA=", "a+bc", "a/bc", "AA AA", "AA\nAA", "A", "AB", "AAB", "ÿÿÿÿ",
    ] {
        assert_eq!(
            base64url::decode(bad, &mut buf),
            Err(Base64Error::InvalidEncoding),
            "{bad:?}"
        );
    }
    assert_eq!(
        base64url::decode("AAAAAAAA", &mut [0u8; 5]),
        Err(Base64Error::BufferTooSmall)
    );
    assert_eq!(
        base64url::decode_array::<3>("AAAAAA"),
        Err(Base64Error::InvalidEncoding)
    );
    let mut std_buf = [0u8; 8];
    assert_eq!(
        base64url::decode_standard("AA==", &mut std_buf).unwrap(),
        &[0]
    );
    for bad in ["AA", "AB==", "A-_=", "AA= "] {
        assert_eq!(
            base64url::decode_standard(bad, &mut std_buf),
            Err(Base64Error::InvalidEncoding),
            "{bad:?}"
        );
    }
    assert_eq!(
        base64url::encode(&[1, 2, 3, 4], &mut [0u8; 5]),
        Err(Base64Error::BufferTooSmall)
    );
}

const X: &str = "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0";
const Y: &str = "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps";

fn ec_jwk(extra: &str, x: &str, y: &str) -> String {
    format!(r#"{{"kty":"EC","crv":"P-256","x":"{x}","y":"{y}"{extra}}}"#)
}

#[test]
fn jwk_rejections() {
    assert!(jwk::p256_from_json(ec_jwk("", X, Y).as_bytes()).is_ok());
    let cases: Vec<(String, JwkError)> = vec![
        (ec_jwk(r#","d":"AAAA""#, X, Y), JwkError::PrivateKeyMaterial),
        (ec_jwk(r#","x":"AAAA""#, X, Y), JwkError::DuplicateMember),
        (
            ec_jwk("", &b64u_enc(&[1u8; 31]), Y),
            JwkError::InvalidLength("x"),
        ),
        (ec_jwk("", &X[..42], Y), JwkError::InvalidBase64("x")),
        (
            ec_jwk("", &b64u_enc(&[1u8; 33]), Y),
            JwkError::InvalidLength("x"),
        ),
        (
            ec_jwk("", X, &format!("{}B", &Y[..42])),
            JwkError::InvalidBase64("y"),
        ),
        (
            ec_jwk("", X, &format!("{}A", &Y[..42])),
            JwkError::InvalidPoint,
        ),
        (ec_jwk("", "A+bc", Y), JwkError::InvalidBase64("x")),
        (
            format!(r#"{{"kty":"RSA","crv":"P-256","x":"{X}","y":"{Y}"}}"#),
            JwkError::UnsupportedKeyType,
        ),
        (
            format!(r#"{{"kty":"EC","crv":"P-384","x":"{X}","y":"{Y}"}}"#),
            JwkError::UnsupportedCurve,
        ),
        (
            format!(r#"{{"kty":"EC","crv":"P-256","x":"{X}"}}"#),
            JwkError::MissingMember("y"),
        ),
        (
            format!(r#"{{"kty":"EC","crv":"P-256","x":1,"y":"{Y}"}}"#),
            JwkError::WrongType("x"),
        ),
        (
            format!(r#"{{"crv":"P-256","x":"{X}","y":"{Y}"}}"#),
            JwkError::MissingMember("kty"),
        ),
        ("[]".to_owned(), JwkError::NotAnObject),
        ("{".to_owned(), JwkError::NotAnObject),
    ];
    for (text, err) in cases {
        assert_eq!(jwk::p256_from_json(text.as_bytes()), Err(err), "{text}");
    }
    // RSA: leading zero, too small a modulus, private members.
    assert_eq!(
        jwk::rsa_from_json(br#"{"kty":"RSA","n":"AAEC","e":"AQAB"}"#).err(),
        Some(JwkError::InvalidLength("n"))
    );
    assert_eq!(
        jwk::rsa_from_json(br#"{"kty":"RSA","n":"AQIDBA","e":"AQAB"}"#).err(),
        Some(JwkError::InvalidRsaKey)
    );
    assert_eq!(
        jwk::rsa_from_json(br#"{"kty":"RSA","n":"AQIDBA","e":"AQAB","p":"AQ"}"#).err(),
        Some(JwkError::PrivateKeyMaterial)
    );
}

#[test]
fn ephemeral_key_errors() {
    assert_eq!(
        EphemeralKeyPair::generate(&mut FailingRng).err(),
        Some(EphemeralKeyError::Rng(threeds_core::platform::RngFailure))
    );
    assert_eq!(
        EphemeralKeyPair::from_private_bytes(&[0u8; 32]).err(),
        Some(EphemeralKeyError::InvalidPrivateKey)
    );
    assert_eq!(
        EphemeralKeyPair::from_private_bytes(&[1u8; 31]).err(),
        Some(EphemeralKeyError::InvalidPrivateKey)
    );
    assert_eq!(
        EphemeralKeyPair::from_private_bytes(&[0xFFu8; 32]).err(),
        Some(EphemeralKeyError::InvalidPrivateKey)
    );
    let k = EphemeralKeyPair::generate(&mut chacha(9)).unwrap();
    let again = EphemeralKeyPair::from_private_bytes(&*k.private_bytes()).unwrap();
    assert_eq!(k.public_key(), again.public_key());
    let ds = *k.public_key();
    let mut out = [0u8; 1024];
    assert_eq!(
        jwe::encrypt_ecdh_es(
            ContentEncryption::A128Gcm,
            &ds,
            b"A000000802",
            None,
            &mut FailingRng,
            b"{}",
            &mut out
        ),
        Err(JweError::Rng)
    );
    assert_eq!(
        jwe::encrypt_dir_random_iv(
            ContentEncryption::A128CbcHs256,
            &[0; 32],
            "k",
            &mut FailingRng,
            b"{}",
            &mut out
        ),
        Err(JweError::Rng)
    );
}

const KEY: [u8; 32] = [7u8; 32];

fn dir_token(enc: ContentEncryption) -> String {
    let mut out = vec![0u8; 1024];
    let iv = vec![1u8; enc.iv_len()];
    let n = jwe::encrypt_dir(
        enc,
        &KEY[..enc.key_len()],
        "kid-1",
        &iv,
        b"{\"a\":1}",
        &mut out,
    )
    .unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

fn with_header(token: &str, header: &str) -> String {
    let mut p: Vec<String> = token.split('.').map(str::to_owned).collect();
    p[0] = enc_header(header);
    p.join(".")
}

#[test]
fn jwe_dir_rejections() {
    let enc = ContentEncryption::A128CbcHs256;
    let tok = dir_token(enc);
    let mut out = vec![0u8; 1024];
    let mut dec =
        |t: &str| jwe::decrypt_dir(t, enc, &KEY, Some("kid-1"), &mut out).map(<[u8]>::to_vec);
    assert_eq!(dec(&tok).unwrap(), b"{\"a\":1}");
    let p: Vec<&str> = tok.split('.').collect();
    assert_eq!(dec(&p[..4].join(".")), Err(JweError::SegmentCount));
    assert_eq!(dec(&format!("{tok}.")), Err(JweError::SegmentCount));
    assert_eq!(
        dec(&format!("{}=.{}", p[0], p[1..].join("."))),
        Err(JweError::Base64("header"))
    );
    assert_eq!(
        dec(&with_header(&tok, "not json")),
        Err(JweError::HeaderNotJson)
    );
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"RSA-OAEP-256","enc":"A128CBC-HS256","kid":"kid-1"}"#
        )),
        Err(JweError::UnsupportedAlg)
    );
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"dir","enc":"A256GCM","kid":"kid-1"}"#
        )),
        Err(JweError::UnexpectedEnc)
    );
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"dir","enc":"A128CBC-HS256","kid":"kid-1","zip":"DEF"}"#
        )),
        Err(JweError::CompressionNotSupported)
    );
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"dir","enc":"A128CBC-HS256","kid":"kid-1","crit":["exp"],"exp":1}"#
        )),
        Err(JweError::CritNotSupported)
    );
    assert_eq!(
        dec(&with_header(&tok, r#"{"alg":"dir","enc":"A128CBC-HS256"}"#)),
        Err(JweError::MissingHeader("kid"))
    );
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"dir","alg":"dir","enc":"A128CBC-HS256","kid":"kid-1"}"#
        )),
        Err(JweError::DuplicateHeaderMember)
    );
    let big = format!(
        r#"{{"alg":"dir","enc":"A128CBC-HS256","kid":"{}"}}"#,
        "k".repeat(2000)
    );
    assert_eq!(dec(&with_header(&tok, &big)), Err(JweError::HeaderTooLarge));
    assert_eq!(
        dec(&[p[0], "AAAA", p[2], p[3], p[4]].join(".")),
        Err(JweError::UnexpectedEncryptedKey)
    );
    assert_eq!(
        dec(&[p[0], p[1], "AAAA", p[3], p[4]].join(".")),
        Err(JweError::InvalidIv)
    );
    assert_eq!(
        dec(&[p[0], p[1], p[2], p[3], "AAAA"].join(".")),
        Err(JweError::InvalidTag)
    );
    assert_eq!(
        dec(&[p[0], p[1], p[2], p[3], &b64u_enc(&[0u8; 16])].join(".")),
        Err(JweError::DecryptionFailed)
    );
    assert_eq!(
        dec(&[p[0], p[1], p[2], &b64u_enc(&[0u8; 15]), p[4]].join(".")),
        Err(JweError::DecryptionFailed)
    );
    // Header tampering breaks the AAD.
    assert_eq!(
        dec(&with_header(
            &tok,
            r#"{"alg":"dir","enc":"A128CBC-HS256","kid":"kid-1","x":1}"#
        )),
        Err(JweError::DecryptionFailed)
    );
    // Output buffer too small.
    assert_eq!(
        jwe::decrypt_dir(&tok, enc, &KEY, None, &mut [0u8; 4]),
        Err(JweError::BufferTooSmall)
    );
    assert_eq!(
        jwe::decrypt_dir(&tok, enc, &KEY[..16], None, &mut [0u8; 64]),
        Err(JweError::InvalidKeyLength)
    );
}

/// A ciphertext whose HMAC is valid but whose padding is not: the error is
/// the same opaque one as a bad tag (no padding oracle).
#[test]
fn valid_tag_bad_padding_is_opaque() {
    use cbc::cipher::{BlockModeEncrypt, KeyIvInit, block_padding::NoPadding};
    use hmac::{Hmac, KeyInit, Mac};
    let iv = [3u8; 16];
    let aad = b"aad";
    let mut block = [0u8; 16]; // last byte 0x00: invalid PKCS#7
    let e = cbc::Encryptor::<aes::Aes128>::new_from_slices(&KEY[16..], &iv).unwrap();
    let ct = e
        .encrypt_padded::<NoPadding>(&mut block, 16)
        .unwrap()
        .to_vec();
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(&KEY[..16]).unwrap();
    mac.update(aad);
    mac.update(&iv);
    mac.update(&ct);
    mac.update(&(aad.len() as u64 * 8).to_be_bytes());
    let tag = mac.finalize().into_bytes();
    let mut buf = ct.clone();
    assert_eq!(
        content::decrypt_in_place(
            ContentEncryption::A128CbcHs256,
            &KEY,
            &iv,
            aad,
            &mut buf,
            &tag[..16]
        ),
        Err(content::ContentError::DecryptionFailed)
    );
}

#[test]
fn encryption_parameter_errors() {
    let mut out = vec![0u8; 1024];
    assert_eq!(
        jwe::encrypt_dir(
            ContentEncryption::A128CbcHs256,
            &[0; 31],
            "k",
            &[0; 16],
            b"x",
            &mut out
        ),
        Err(JweError::InvalidKeyLength)
    );
    assert_eq!(
        jwe::encrypt_dir(
            ContentEncryption::A128Gcm,
            &[0; 16],
            "k",
            &[0; 16],
            b"x",
            &mut out
        ),
        Err(JweError::InvalidIv)
    );
    assert_eq!(
        jwe::encrypt_dir(
            ContentEncryption::A128Gcm,
            &[0; 16],
            "k",
            &[0; 12],
            &[1; 100],
            &mut out[..150]
        ),
        Err(JweError::BufferTooSmall)
    );
    // Exactly the computed size is enough.
    let need = jwe::compact_len(
        ContentEncryption::A128Gcm,
        r#"{"alg":"dir","enc":"A128GCM","kid":"k"}"#.len(),
        0,
        100,
    )
    .unwrap();
    assert_eq!(
        jwe::encrypt_dir(
            ContentEncryption::A128Gcm,
            &[0; 16],
            "k",
            &[0; 12],
            &[1; 100],
            &mut out[..need]
        ),
        Ok(need)
    );
    assert_eq!(
        jwe::encrypt_dir(
            ContentEncryption::A128Gcm,
            &[0; 16],
            "k",
            &[0; 12],
            &[1; 100],
            &mut out[..need - 1]
        ),
        Err(JweError::BufferTooSmall)
    );
}

fn jws_with(header: &str) -> String {
    format!("{}.e30.{}", enc_header(header), b64u_enc(&[1u8; 64]))
}

#[test]
fn jws_rejections() {
    let mut hbuf = vec![0u8; 4096];
    let mut parse = |t: &str| Jws::parse(t, &mut hbuf).map(|_| ());
    assert_eq!(parse(&jws_with(r#"{"alg":"ES256"}"#)), Ok(()));
    for alg in [
        "none", "HS256", "RS256", "ES384", "ES512", "PS384", "EdDSA", "es256", "",
    ] {
        assert_eq!(
            parse(&jws_with(&format!(r#"{{"alg":"{alg}"}}"#))),
            Err(JwsError::UnsupportedAlg),
            "{alg}"
        );
    }
    assert_eq!(
        parse(&jws_with(r#"{"alg":5}"#)),
        Err(JwsError::AlgNotString)
    );
    assert_eq!(
        parse(&jws_with(r#"{"typ":"JWT"}"#)),
        Err(JwsError::MissingAlg)
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","alg":"none"}"#)),
        Err(JwsError::DuplicateHeaderMember)
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","crit":["b64"],"b64":false}"#)),
        Err(JwsError::CritNotSupported)
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","jwk":{}}"#)),
        Err(JwsError::ForbiddenHeader("jwk"))
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","jku":"https://x"}"#)),
        Err(JwsError::ForbiddenHeader("jku"))
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"PS256","x5u":"https://x"}"#)),
        Err(JwsError::ForbiddenHeader("x5u"))
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","x5c":[]}"#)),
        Err(JwsError::X5cCount)
    );
    assert_eq!(
        parse(&jws_with(
            r#"{"alg":"ES256","x5c":["AA==","AA==","AA==","AA==","AA==","AA=="]}"#
        )),
        Err(JwsError::X5cCount)
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","x5c":[1]}"#)),
        Err(JwsError::X5cMalformed)
    );
    assert_eq!(
        parse(&jws_with(r#"{"alg":"ES256","x5c":"AA=="}"#)),
        Err(JwsError::X5cMalformed)
    );
    assert_eq!(parse("a.b"), Err(JwsError::SegmentCount));
    assert_eq!(
        parse(&format!("{}.x", jws_with(r#"{"alg":"ES256"}"#))),
        Err(JwsError::SegmentCount)
    );
    assert_eq!(
        parse(&format!("{}.e30=.AAAA", enc_header(r#"{"alg":"ES256"}"#))),
        Err(JwsError::Base64("payload"))
    );
    assert_eq!(
        parse(&format!("{}.e30.AA+A", enc_header(r#"{"alg":"ES256"}"#))),
        Err(JwsError::Base64("signature"))
    );
    assert_eq!(parse("!!!!.e30.AAAA"), Err(JwsError::Base64("header")));
    assert_eq!(
        parse(&format!("{}.e30.AAAA", enc_header("[1]"))),
        Err(JwsError::HeaderNotJson)
    );
    // Header larger than the caller's buffer.
    let t = jws_with(r#"{"alg":"ES256"}"#);
    assert_eq!(
        Jws::parse(&t, &mut [0u8; 4]).err(),
        Some(JwsError::HeaderTooLarge)
    );

    // x5c entries: bad base64 and a `\/` escape that must be undone.
    let t = jws_with(r#"{"alg":"ES256","x5c":["AA=","A\/8="]}"#);
    let jws = Jws::parse(&t, &mut hbuf).unwrap();
    let mut der = [0u8; 16];
    assert_eq!(jws.x5c_der(0, &mut der), Err(JwsError::X5cBase64));
    assert_eq!(jws.x5c_der(1, &mut der).unwrap(), &[3, 0xff]);
    assert_eq!(jws.x5c_der(2, &mut der), Err(JwsError::X5cMissing));
}

#[test]
fn es256_signature_forms() {
    let k = EphemeralKeyPair::generate(&mut chacha(4)).unwrap();
    let key = threeds_core::keys::PublicKey::P256(*k.public_key());
    let mut hbuf = vec![0u8; 256];
    // DER-encoded (70..72 bytes) and short signatures are refused by length.
    for len in [0, 63, 65, 70, 71, 72] {
        let t = format!(
            "{}.e30.{}",
            enc_header(r#"{"alg":"ES256"}"#),
            b64u_enc(&vec![0x30; len])
        );
        let jws = Jws::parse(&t, &mut hbuf).unwrap();
        assert_eq!(jws.verify(&key), Err(JwsError::SignatureLength), "{len}");
    }
    // r = s = 0 is not a signature.
    let t = format!(
        "{}.e30.{}",
        enc_header(r#"{"alg":"ES256"}"#),
        b64u_enc(&[0u8; 64])
    );
    let jws = Jws::parse(&t, &mut hbuf).unwrap();
    assert_eq!(jws.verify(&key), Err(JwsError::BadSignature));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn parsers_never_panic(input in ".{0,300}") {
        let mut buf = vec![0u8; 1024];
        let _ = Jws::parse(&input, &mut buf);
        let _ = jwe::decrypt_dir(&input, ContentEncryption::A128Gcm, &[0; 16], Some("k"), &mut buf);
        let _ = jwk::p256_from_json(input.as_bytes());
        let _ = jwk::rsa_from_json(input.as_bytes());
        let _ = base64url::decode(&input, &mut buf);
        let _ = base64url::decode_standard(&input, &mut buf);
    }

    #[test]
    fn structured_inputs_never_panic(
        header in prop::sample::select(vec![
            r#"{"alg":"ES256"}"#, r#"{"alg":"PS256","x5c":["AA=="]}"#,
            r#"{"alg":"dir","enc":"A128GCM","kid":"k"}"#, r#"{"alg":"dir","enc":"A128CBC-HS256"}"#,
        ]),
        segs in prop::collection::vec("[A-Za-z0-9_-]{0,40}", 0..6),
        raw in prop::collection::vec(any::<u8>(), 0..200),
    ) {
        let mut t = enc_header(header);
        for s in &segs { t.push('.'); t.push_str(s); }
        let mut buf = vec![0u8; 2048];
        if let Ok(jws) = Jws::parse(&t, &mut buf) {
            let _ = jws.verify(&threeds_core::keys::PublicKey::P256(
                *EphemeralKeyPair::from_private_bytes(&[1u8; 32]).unwrap().public_key()));
            let mut d = [0u8; 64];
            let _ = jws.x5c_der(0, &mut d);
        }
        let mut out = vec![0u8; 2048];
        let _ = jwe::decrypt_dir(&t, ContentEncryption::A128Gcm, &[0; 16], None, &mut out);
        let _ = jwe::decrypt_dir(&t, ContentEncryption::A128CbcHs256, &[0; 32], None, &mut out);
        let mut b = raw.clone();
        let _ = content::decrypt_in_place(ContentEncryption::A128CbcHs256, &[0; 32], &[0; 16], b"", &mut b, &[0; 16]);
        let _ = jwk::p256_from_json(&raw);
    }

    #[test]
    fn dir_round_trip_any_plaintext(pt in prop::collection::vec(any::<u8>(), 0..300), gcm in any::<bool>()) {
        let enc = if gcm { ContentEncryption::A128Gcm } else { ContentEncryption::A128CbcHs256 };
        let key = &KEY[..enc.key_len()];
        let mut out = vec![0u8; 1024];
        let n = jwe::encrypt_dir_random_iv(enc, key, "kid", &mut chacha(5), &pt, &mut out).unwrap();
        let token = String::from_utf8(out[..n].to_vec()).unwrap();
        let mut back = vec![0u8; 1024];
        prop_assert_eq!(jwe::decrypt_dir(&token, enc, key, Some("kid"), &mut back).unwrap(), &pt[..]);
    }
}
