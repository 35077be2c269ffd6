//! Wycheproof vectors through the JOSE layer. Every case whose algorithms
//! we support must give the expected verdict; counts are asserted so the
//! tests cannot pass on zero cases.

mod jose_support;

use jose_support::*;
use serde_json::Value;
use threeds_core::jose::jws::verify_signature;
use threeds_core::jose::{
    ContentEncryption, EphemeralKeyPair, Jws, JwsAlg, content, jwe, jwk, kdf,
};
use threeds_core::json;
use threeds_core::keys::PublicKey;

fn wp(name: &str) -> Value {
    load(&format!("wycheproof/{name}"))
}

fn tests(g: &Value) -> &Vec<Value> {
    g["tests"].as_array().unwrap()
}

fn h(t: &Value, k: &str) -> Vec<u8> {
    hex::decode(s(t, k)).unwrap()
}

/// Runs one AEAD case: decryption verdict, and byte-exact encryption for
/// valid cases.
fn aead_case(enc: ContentEncryption, t: &Value) -> bool {
    let (key, iv, aad, msg, ct, tag) = (
        h(t, "key"),
        h(t, "iv"),
        h(t, "aad"),
        h(t, "msg"),
        h(t, "ct"),
        h(t, "tag"),
    );
    let mut buf = ct.clone();
    let dec = content::decrypt_in_place(enc, &key, &iv, &aad, &mut buf, &tag);
    let ok = matches!(dec, Ok(n) if buf[..n] == msg[..]);
    if ok {
        let mut b = msg.clone();
        b.resize(msg.len() + 16, 0);
        let (n, t2) = content::encrypt_in_place(enc, &key, &iv, &aad, &mut b, msg.len()).unwrap();
        assert_eq!(&b[..n], &ct[..]);
        assert_eq!(&t2[..], &tag[..]);
    }
    ok
}

fn verdict(t: &Value, ours: bool) -> bool {
    match s(t, "result") {
        "valid" => {
            assert!(
                ours,
                "tcId {} should be accepted: {}",
                t["tcId"], t["comment"]
            );
            true
        }
        "invalid" => {
            assert!(
                !ours,
                "tcId {} should be rejected: {}",
                t["tcId"], t["comment"]
            );
            true
        }
        _ => false, // "acceptable": either verdict
    }
}

#[test]
fn a128cbc_hs256_all() {
    let d = wp("a128cbc_hs256_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        for t in tests(g) {
            let ours = aead_case(ContentEncryption::A128CbcHs256, t);
            verdict(t, ours);
            n += 1;
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 50, "only {n} cases");
}

#[test]
fn aes_gcm_128_96_128() {
    let d = wp("aes_gcm_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        let num = |k: &str| g[k].to_string().trim_matches('"').to_owned();
        if num("keySize") != "128" || num("ivSize") != "96" || num("tagSize") != "128" {
            continue;
        }
        for t in tests(g) {
            let ours = aead_case(ContentEncryption::A128Gcm, t);
            verdict(t, ours);
            n += 1;
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 30, "only {n} cases");
}

fn ecdh_through_jwk(public: Option<p256::PublicKey>, private: &[u8], t: &Value) -> (bool, usize) {
    let Some(public) = public else {
        return (false, 1);
    };
    let Ok(me) = EphemeralKeyPair::from_private_bytes(private) else {
        return (false, 1);
    };
    let Ok(z) = me.diffie_hellman(&public) else {
        return (false, 1);
    };
    (hex::encode(*z) == s(t, "shared"), 1)
}

#[test]
fn ecdh_secp256r1_webcrypto_through_jwk() {
    let d = wp("ecdh_secp256r1_webcrypto_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        for t in tests(g) {
            let pubtext = t["public"].to_string();
            let public = jwk::p256_from_json(pubtext.as_bytes()).ok();
            let d_ = b64u(s(&t["private"], "d"));
            let (ours, c) = ecdh_through_jwk(public, &d_, t);
            if verdict(t, ours) {
                n += c;
            }
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 20, "only {n} cases");
}

#[test]
fn ecdh_secp256r1_ecpoint_through_coordinates() {
    let d = wp("ecdh_secp256r1_ecpoint_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        for t in tests(g) {
            let p = h(t, "public");
            // A JWK carries affine x/y: only uncompressed points map onto it.
            let public = if p.len() == 65 && p[0] == 4 {
                jwk::p256_from_coordinates(
                    p[1..33].try_into().unwrap(),
                    p[33..].try_into().unwrap(),
                )
                .ok()
            } else if s(t, "result") == "valid" {
                continue; // compressed encoding: not representable as a JWK
            } else {
                None
            };
            let mut priv_ = h(t, "private");
            while priv_.len() > 32 && priv_[0] == 0 {
                priv_.remove(0);
            }
            while priv_.len() < 32 {
                priv_.insert(0, 0);
            }
            let (ours, c) = ecdh_through_jwk(public, &priv_, t);
            if verdict(t, ours) {
                n += c;
            }
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 20, "only {n} cases");
}

#[test]
fn ecdsa_p256_sha256_p1363_through_es256() {
    let d = wp("ecdsa_secp256r1_sha256_p1363_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        // Through our JWK parse when the group has a JWK, else through the
        // same coordinate check from the uncompressed point.
        let key = match g.get("publicKeyJwk") {
            Some(j) => jwk::p256_from_json(j.to_string().as_bytes()),
            None => {
                let p = hex::decode(s(&g["publicKey"], "uncompressed")).unwrap();
                jwk::p256_from_coordinates(
                    p[1..33].try_into().unwrap(),
                    p[33..].try_into().unwrap(),
                )
            }
        };
        for t in tests(g) {
            let ours = match &key {
                Ok(k) => verify_signature(
                    JwsAlg::Es256,
                    &PublicKey::P256(*k),
                    &h(t, "msg"),
                    &h(t, "sig"),
                )
                .is_ok(),
                Err(_) => false,
            };
            if verdict(t, ours) {
                n += 1;
            }
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 200, "only {n} cases");
}

#[test]
fn rsa_pss_2048_sha256_mgf1_32_through_ps256() {
    let d = wp("rsa_pss_2048_sha256_mgf1_32_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        let key =
            PublicKey::Rsa(jwk::rsa_from_json(g["publicKeyJwk"].to_string().as_bytes()).unwrap());
        for t in tests(g) {
            let ours = verify_signature(JwsAlg::Ps256, &key, &h(t, "msg"), &h(t, "sig")).is_ok();
            if verdict(t, ours) {
                n += 1;
            }
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 50, "only {n} cases");
}

/// Our whole JWS pipeline: JWK parse (+ purpose check) then strict parse
/// then verify. `None` when the key or algorithm is outside our support.
fn jws_pipeline(key: &Value, token: &str) -> Option<bool> {
    let kty = key.get("kty")?.as_str()?;
    let text = public_jwk_text(key);
    let obj_v = json::parse(text.as_bytes()).ok()?;
    let obj = obj_v.as_object()?;
    let (pk, alg) = match kty {
        "EC" if key.get("crv")?.as_str()? == "P-256" => {
            (jwk::p256_from_object(&obj).map(PublicKey::P256), "ES256")
        }
        "RSA" => (jwk::rsa_from_object(&obj).map(PublicKey::Rsa), "PS256"),
        _ => return None,
    };
    let mut hbuf = vec![0u8; 8192];
    let parsed = Jws::parse(token, &mut hbuf);
    // Only tokens claiming an algorithm we support (or rejected by our
    // policy) and keys meant for it count.
    let Ok(pk) = pk else { return Some(false) };
    let Ok(jws) = parsed else { return Some(false) };
    if jws.alg().name() != alg {
        return Some(false);
    }
    if jwk::check_purpose(&obj, jwk::KeyPurpose::Verify(alg)).is_err() {
        return Some(false);
    }
    Some(jws.verify(&pk).is_ok())
}

fn token_alg(token: &str) -> Option<String> {
    let h = token.split('.').next()?;
    let v: Value = serde_json::from_slice(&try_b64u(h).ok()?).ok()?;
    v.get("alg")?.as_str().map(str::to_owned)
}

fn group_key(g: &Value) -> Option<&Value> {
    let k = g.get("public").or(g.get("private"))?;
    match k.get("keys") {
        Some(keys) => keys.get(0),
        None => Some(k),
    }
}

fn run_jws_file(name: &str, min: usize) {
    let d = wp(name);
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        let Some(key) = group_key(g) else { continue };
        for t in tests(g) {
            let Some(token) = t.get("jws").and_then(Value::as_str) else {
                continue;
            };
            let supported_alg = matches!(token_alg(token).as_deref(), Some("ES256" | "PS256"));
            let Some(ours) = jws_pipeline(key, token) else {
                continue;
            };
            // A "valid" token in an algorithm we deliberately refuse (HS256,
            // RS256, …) is out of scope; every "invalid" one must be refused.
            if s(t, "result") == "valid" && !supported_alg {
                assert!(!ours);
                continue;
            }
            if verdict(t, ours) {
                n += 1;
            }
        }
    }
    eprintln!("{name}: {n} cases");
    assert!(n >= min, "{name}: only {n} cases");
}

#[test]
fn json_web_signature() {
    run_jws_file("json_web_signature_test.json", 300);
}

#[test]
fn json_web_key() {
    run_jws_file("json_web_key_test.json", 9);
}

/// Test-side JWE opening for the algorithms we produce (recipient side:
/// the core itself only decrypts `dir`). Uses our JWK parse, KDF, ECDH and
/// content decryption; RSA unwrapping uses the rsa crate.
fn jwe_pipeline(group: &Value, token: &str) -> Option<bool> {
    let parts: Vec<&str> = token.split('.').collect();
    let hv: Value = serde_json::from_slice(&try_b64u(parts.first()?).ok()?).ok()?;
    let alg = hv.get("alg")?.as_str()?;
    let enc = ContentEncryption::from_name(hv.get("enc")?.as_str()?)?;
    let private = group.get("private")?;
    let mut out = vec![0u8; 4096];
    match alg {
        "dir" => {
            let key = b64u(s(private, "k"));
            Some(jwe::decrypt_dir(token, enc, &key, None, &mut out).is_ok())
        }
        "ECDH-ES" | "RSA-OAEP-256" => {
            if parts.len() != 5 {
                return Some(false);
            }
            let cek = if alg == "ECDH-ES" {
                if !parts[1].is_empty() {
                    return Some(false);
                }
                let epk = hv.get("epk")?.to_string();
                let Ok(epk) = jwk::p256_from_json(epk.as_bytes()) else {
                    return Some(false);
                };
                let me = EphemeralKeyPair::from_private_bytes(&b64u(s(private, "d"))).ok()?;
                let z = me.diffie_hellman(&epk).ok()?;
                let apu = hv
                    .get("apu")
                    .and_then(Value::as_str)
                    .map(b64u)
                    .unwrap_or_default();
                let apv = hv
                    .get("apv")
                    .and_then(Value::as_str)
                    .map(b64u)
                    .unwrap_or_default();
                let mut cek = vec![0u8; enc.key_len()];
                kdf::ecdh_es_kdf(&*z, enc.name(), &apu, &apv, &mut cek).ok()?;
                cek
            } else {
                let Ok(ek) = try_b64u(parts[1]) else {
                    return Some(false);
                };
                match rsa_private(private).oaep_decrypt::<sha2::Sha256>(&ek) {
                    Ok(k) if k.len() == enc.key_len() => k,
                    _ => return Some(false),
                }
            };
            let dec = |p: &str| try_b64u(p).ok();
            let (Some(iv), Some(mut ct), Some(tag)) = (dec(parts[2]), dec(parts[3]), dec(parts[4]))
            else {
                return Some(false);
            };
            Some(
                content::decrypt_in_place(enc, &cek, &iv, parts[0].as_bytes(), &mut ct, &tag)
                    .is_ok(),
            )
        }
        _ => None,
    }
}

#[test]
fn json_web_encryption() {
    let d = wp("json_web_encryption_test.json");
    let mut n = 0;
    for g in d["testGroups"].as_array().unwrap() {
        for t in tests(g) {
            let Some(token) = t.get("jwe").and_then(Value::as_str) else {
                continue;
            };
            let Some(ours) = jwe_pipeline(g, token) else {
                continue;
            };
            if verdict(t, ours) {
                n += 1;
            }
        }
    }
    eprintln!("{n} cases");
    assert!(n >= 7, "only {n} cases");
    eprintln!("json_web_encryption: {n} supported cases");
}

/// `json_web_crypto_test.json` mixes JWS (HS256, `none`, ES256, RS256, key
/// sets) and JWE (A256KW, ECDH-ES+A128KW) tokens, most of them attacks. The
/// JWS go through our parse+verify pipeline with their group's key; only the
/// one valid ES256 token may pass, everything in an algorithm we refuse by
/// policy (HS*, RS*, `none`) must fail at parse. No JWE in the file uses `dir`,
/// the only JWE the SDK decrypts, so `decrypt_dir` must refuse every one.
#[test]
fn json_web_crypto() {
    run_jws_file("json_web_crypto_test.json", 25);
    let d = wp("json_web_crypto_test.json");
    let (mut jws_refused, mut jwe_refused) = (0, 0);
    for g in d["testGroups"].as_array().unwrap() {
        for t in tests(g) {
            if let Some(token) = t.get("jws").and_then(Value::as_str)
                && !matches!(token_alg(token).as_deref(), Some("ES256" | "PS256"))
            {
                let mut hbuf = vec![0u8; 8192];
                assert!(Jws::parse(token, &mut hbuf).is_err(), "tcId {}", t["tcId"]);
                jws_refused += 1;
            }
            if let Some(token) = t.get("jwe").and_then(Value::as_str) {
                let mut out = vec![0u8; 4096];
                for enc in [ContentEncryption::A128CbcHs256, ContentEncryption::A128Gcm] {
                    let key = vec![0u8; enc.key_len()];
                    assert!(
                        jwe::decrypt_dir(token, enc, &key, None, &mut out).is_err(),
                        "tcId {}",
                        t["tcId"]
                    );
                }
                jwe_refused += 1;
            }
        }
    }
    eprintln!("json_web_crypto: {jws_refused} JWS refused at parse, {jwe_refused} JWE refused");
    assert!(
        jws_refused >= 35 && jwe_refused >= 30,
        "{jws_refused} JWS, {jwe_refused} JWE"
    );
}
