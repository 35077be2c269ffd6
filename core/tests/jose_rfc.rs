//! RFC 7518 B.1 and C, RFC 7515 A.3, RFC 7520 cookbook 5.5 and 5.6.

mod jose_support;

use jose_support::*;
use threeds_core::jose::{
    ContentEncryption, EphemeralKeyPair, Jws, JwsAlg, content, jwe, jwk, kdf,
};

const RFC: &str = "rfc/rfc-appendix-vectors.json";

#[test]
fn rfc7518_b1_a128cbc_hs256() {
    let d = load(RFC);
    let v = &d["rfc7518_B1"];
    let h = |k: &str| hex::decode(s(v, k)).unwrap();
    let p = h("P_hex");
    let mut buf = vec![0u8; p.len() + 16];
    buf[..p.len()].copy_from_slice(&p);
    let (n, tag) = content::encrypt_in_place(
        ContentEncryption::A128CbcHs256,
        &h("K_hex"),
        &h("IV_hex"),
        &h("A_hex"),
        &mut buf,
        p.len(),
    )
    .unwrap();
    assert_eq!(&buf[..n], &h("E_hex")[..]);
    assert_eq!(&tag[..], &h("T_hex")[..]);
    let mut ct = h("E_hex");
    let m = content::decrypt_in_place(
        ContentEncryption::A128CbcHs256,
        &h("K_hex"),
        &h("IV_hex"),
        &h("A_hex"),
        &mut ct,
        &h("T_hex"),
    )
    .unwrap();
    assert_eq!(&ct[..m], &p[..]);
    // A flipped tag bit is the single opaque error.
    let mut ct = h("E_hex");
    let mut t = h("T_hex");
    t[0] ^= 0x80;
    assert_eq!(
        content::decrypt_in_place(
            ContentEncryption::A128CbcHs256,
            &h("K_hex"),
            &h("IV_hex"),
            &h("A_hex"),
            &mut ct,
            &t
        ),
        Err(content::ContentError::DecryptionFailed)
    );
}

#[test]
fn rfc7518_c_ecdh_es_kdf() {
    let d = load(RFC);
    let v = &d["rfc7518_C"];
    // Z through our JWK parse + ephemeral ECDH.
    let alice =
        EphemeralKeyPair::from_private_bytes(&b64u(s(&v["alice_ephemeral_jwk"], "d"))).unwrap();
    let bob = jwk::p256_from_json(public_jwk_text(&v["bob_static_jwk"]).as_bytes()).unwrap();
    let z = alice.diffie_hellman(&bob).unwrap();
    assert_eq!(hex::encode(*z), s(v, "Z_hex"));
    let bits = v["keydatalen_bits"].as_u64().unwrap() as usize;
    let mut out = vec![0u8; bits / 8];
    kdf::ecdh_es_kdf(
        &*z,
        s(v, "enc"),
        s(v, "apu_utf8").as_bytes(),
        s(v, "apv_utf8").as_bytes(),
        &mut out,
    )
    .unwrap();
    assert_eq!(b64u_enc(&out), s(v, "derived_key_b64u"));
    // The alice public JWK we emit equals the header's epk.
    let ours: serde_json::Value = serde_json::from_str(&alice.public_jwk()).unwrap();
    assert_eq!(ours, v["header"]["epk"]);
}

#[test]
fn rfc7515_a3_es256_verifies() {
    let d = load(RFC);
    let v = &d["rfc7515_A3"];
    let key = jwk::p256_from_json(public_jwk_text(&v["jwk"]).as_bytes()).unwrap();
    let mut hbuf = [0u8; 256];
    let jws = Jws::parse(s(v, "compact"), &mut hbuf).unwrap();
    assert_eq!(jws.alg(), JwsAlg::Es256);
    assert_eq!(jws.x5c_len(), 0);
    jws.verify(&threeds_core::keys::PublicKey::P256(key))
        .unwrap();
    // And the private JWK itself is refused by the public parser.
    assert_eq!(
        jwk::p256_from_json(v["jwk"].to_string().as_bytes()),
        Err(jwk::JwkError::PrivateKeyMaterial)
    );
}

const COOKBOOK_5_5: &str =
    "rfc7520-cookbook/jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json";
const COOKBOOK_5_6: &str = "rfc7520-cookbook/jwe/5_6.direct_encryption_using_aes-gcm.json";

#[test]
fn rfc7520_5_5_ecdh_es_rfc_kdf_and_cbc_hs256() {
    let d = load(COOKBOOK_5_5);
    let epk = &d["encrypting_key"]["epk"];
    let eph = EphemeralKeyPair::from_private_bytes(&b64u(s(epk, "d"))).unwrap();
    let recipient = jwk::p256_from_json(public_jwk_text(&d["input"]["key"]).as_bytes()).unwrap();
    let z = eph.diffie_hellman(&recipient).unwrap();
    // RFC 7518 KDF (not the EMV one): AlgorithmID = enc, empty apu/apv.
    let mut cek = [0u8; 32];
    kdf::ecdh_es_kdf(&*z, s(&d["input"], "enc"), b"", b"", &mut cek).unwrap();
    assert_eq!(b64u_enc(&cek), s(&d["encrypting_key"], "cek"));
    let ec = &d["encrypting_content"];
    let aad = s(ec, "protected_b64u").as_bytes();
    let iv = b64u(s(&d["generated"], "iv"));
    let pt = s(&d["input"], "plaintext").as_bytes();
    let mut buf = vec![0u8; pt.len() + 16];
    buf[..pt.len()].copy_from_slice(pt);
    let (n, tag) = content::encrypt_in_place(
        ContentEncryption::A128CbcHs256,
        &cek,
        &iv,
        aad,
        &mut buf,
        pt.len(),
    )
    .unwrap();
    assert_eq!(b64u_enc(&buf[..n]), s(ec, "ciphertext"));
    assert_eq!(b64u_enc(&tag), s(ec, "tag"));
}

#[test]
fn rfc7520_5_6_dir_a128gcm() {
    let d = load(COOKBOOK_5_6);
    let key = b64u(s(&d["input"]["key"], "k"));
    let kid = s(&d["input"]["key"], "kid");
    let compact = s(&d["output"], "compact");
    let mut out = vec![0u8; 1024];
    let pt = jwe::decrypt_dir(
        compact,
        ContentEncryption::A128Gcm,
        &key,
        Some(kid),
        &mut out,
    )
    .unwrap();
    assert_eq!(pt, s(&d["input"], "plaintext").as_bytes());
    // Content encryption reproduces the ciphertext and tag.
    let ec = &d["encrypting_content"];
    let p = s(&d["input"], "plaintext").as_bytes();
    let mut buf = p.to_vec();
    let (n, tag) = content::encrypt_in_place(
        ContentEncryption::A128Gcm,
        &key,
        &b64u(s(&d["generated"], "iv")),
        s(ec, "protected_b64u").as_bytes(),
        &mut buf,
        p.len(),
    )
    .unwrap();
    assert_eq!(b64u_enc(&buf[..n]), s(ec, "ciphertext"));
    assert_eq!(b64u_enc(&tag), s(ec, "tag"));
    // Wrong key: opaque failure; A128CBC-HS256 expected: enc mismatch.
    let mut bad = key.clone();
    bad[3] ^= 4;
    assert_eq!(
        jwe::decrypt_dir(
            compact,
            ContentEncryption::A128Gcm,
            &bad,
            Some(kid),
            &mut out
        ),
        Err(jwe::JweError::DecryptionFailed)
    );
}
