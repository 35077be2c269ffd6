//! The DS + 3DS Server role against independent truth: the EMVCo worked
//! samples, JWEs produced by Python (jwcrypto / cryptography), and ARes
//! signatures and chains checked by Python.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

mod common;

use common::{DsKey, Sdk};
use serde_json::{Value, json};
use threeds_sim::jose::content::Enc;
use threeds_sim::jose::jwe::{DsDecryptionKeys, decrypt_device_info};
use threeds_sim::jose::{jwk, kdf};
use threeds_sim::{Pki, PkiOptions, Sim, SimConfig, ViolationKind};

fn worked_samples() -> Value {
    let text =
        std::fs::read_to_string(common::vectors_path("emvco-app-crypto-worked-samples.json"))
            .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn example(doc: &Value, number: u32) -> &Value {
    let prefix = format!("Example {number}:");
    doc["examples"]
        .as_object()
        .unwrap()
        .values()
        .find(|e| e["name"].as_str().unwrap().starts_with(&prefix))
        .unwrap()
}

#[test]
fn worked_samples_1_to_4_device_info_decrypts_with_the_ds_keys() {
    let doc = worked_samples();
    let rsa = jwk::rsa_private_from_jwk(&doc["keys"]["ds_rsa_private_jwk"]).unwrap();
    let ec = jwk::ec_private_from_jwk(&doc["keys"]["ds_ec_private_jwk"]).unwrap();
    let keys = DsDecryptionKeys {
        rsa: Some((&rsa, None)),
        ec: Some((&ec, None)),
        ds_id: doc["directory_server_id"].as_str().unwrap(),
    };
    let expected: Value =
        serde_json::from_str(doc["device_info_plaintext"].as_str().unwrap()).unwrap();
    for (n, alg, enc) in [
        (1, "RSA-OAEP-256", Enc::A128CbcHs256),
        (2, "RSA-OAEP-256", Enc::A128Gcm),
        (3, "ECDH-ES", Enc::A128CbcHs256),
        (4, "ECDH-ES", Enc::A128Gcm),
    ] {
        let ex = example(&doc, n);
        let out = decrypt_device_info(ex["encDataFromSpec"].as_str().unwrap(), &keys)
            .unwrap_or_else(|e| panic!("example {n}: {e:?}"));
        assert_eq!(out.alg, alg, "example {n}");
        assert_eq!(out.enc, enc, "example {n}");
        let got: Value = serde_json::from_slice(&out.plaintext).unwrap();
        assert_eq!(got, expected, "example {n}");
        // A flipped ciphertext bit is refused with 302.
        let mut parts: Vec<String> = ex["encDataFromSpec"]
            .as_str()
            .unwrap()
            .split('.')
            .map(str::to_owned)
            .collect();
        let mut ct = threeds_sim::jose::b64::url_decode(&parts[3], "ct").unwrap();
        ct[0] ^= 1;
        parts[3] = threeds_sim::jose::b64::url(&ct);
        assert_eq!(
            decrypt_device_info(&parts.join("."), &keys)
                .unwrap_err()
                .code,
            "302",
            "example {n}"
        );
    }
}

#[test]
fn worked_samples_7_and_8_session_keys() {
    let doc = worked_samples();
    let keys = &doc["keys"];
    let v = doc["sdk_reference_number_examples_7_8"]
        .as_str()
        .unwrap()
        .as_bytes();
    let acs_priv = jwk::ec_private_from_jwk(&keys["acs_ephemeral_private_jwk_example_7"]).unwrap();
    let sdk_pub = jwk::ec_public_from_jwk(&keys["sdk_ephemeral_public_jwk_example_7"]).unwrap();
    let ex7 = kdf::ecdh_emv(&acs_priv, &sdk_pub, v);
    assert_eq!(
        hex::encode_upper(*ex7),
        example(&doc, 7)["expectedCek"].as_str().unwrap()
    );
    let sdk_priv = jwk::ec_private_from_jwk(&keys["sdk_ephemeral_private_jwk_example_8"]).unwrap();
    let acs_pub = jwk::ec_public_from_jwk(&keys["acs_ephemeral_public_jwk_example_8"]).unwrap();
    let ex8 = kdf::ecdh_emv(&sdk_priv, &acs_pub, v);
    assert_eq!(
        hex::encode_upper(*ex8),
        example(&doc, 8)["expectedCek"].as_str().unwrap()
    );
}

const PY_MAKE_JWES: &str = r#"
import sys, json, os, base64
from jwcrypto import jwe, jwk
from cryptography import x509
from cryptography.hazmat.primitives import hashes, hmac, padding
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
d = json.load(sys.stdin)
plain = d["plain"].encode()
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
out = []
rsa_key = jwk.JWK.from_pyca(x509.load_pem_x509_certificate(d["rsa_cert"].encode()).public_key())
for enc in ["A128CBC-HS256", "A128GCM"]:
    t = jwe.JWE(plain, json.dumps({"alg": "RSA-OAEP-256", "enc": enc}))
    t.add_recipient(rsa_key)
    out.append({"alg": "RSA-OAEP-256", "enc": enc, "jwe": t.serialize(compact=True)})
ds_pub = x509.load_pem_x509_certificate(d["ec_cert"].encode()).public_key()
for enc in ["A128CBC-HS256", "A128GCM"]:
    eph = ec.generate_private_key(ec.SECP256R1())
    z = eph.exchange(ec.ECDH(), ds_pub)
    v = d["ds_id"].encode()
    h = hashes.Hash(hashes.SHA256())
    h.update((1).to_bytes(4, "big") + z + (0).to_bytes(4, "big") * 2 + len(v).to_bytes(4, "big") + v + (256).to_bytes(4, "big"))
    k = h.finalize()
    n = eph.public_key().public_numbers()
    epk = {"kty": "EC", "crv": "P-256", "x": b64u(n.x.to_bytes(32, "big")), "y": b64u(n.y.to_bytes(32, "big"))}
    hdr = b64u(json.dumps({"alg": "ECDH-ES", "enc": enc, "epk": epk}, separators=(",", ":")).encode())
    if enc == "A128GCM":
        iv = os.urandom(12)
        sealed = AESGCM(k[:16]).encrypt(iv, plain, hdr.encode())
        ct, tag = sealed[:-16], sealed[-16:]
    else:
        iv = os.urandom(16)
        p = padding.PKCS7(128).padder()
        padded = p.update(plain) + p.finalize()
        e = Cipher(algorithms.AES(k[16:]), modes.CBC(iv)).encryptor()
        ct = e.update(padded) + e.finalize()
        m = hmac.HMAC(k[:16], hashes.SHA256())
        m.update(hdr.encode() + iv + ct + (len(hdr) * 8).to_bytes(8, "big"))
        tag = m.finalize()[:16]
    out.append({"alg": "ECDH-ES", "enc": enc, "jwe": ".".join([hdr, "", b64u(iv), b64u(ct), b64u(tag)])})
print(json.dumps(out))
"#;

#[test]
fn ds_decrypts_device_info_that_python_encrypted() {
    let pki = common::pki();
    let input = json!({
        "plain": common::DEVICE_INFO,
        "rsa_cert": pki.ds_enc_rsa.cert_pem(),
        "ec_cert": pki.ds_enc_ec.cert_pem(),
        "ds_id": "A000000802",
    });
    let jwes: Vec<Value> =
        serde_json::from_str(&common::run_python(PY_MAKE_JWES, &input.to_string())).unwrap();
    assert_eq!(jwes.len(), 4);
    let sim = common::sim();
    for item in &jwes {
        // Through the whole DS role: the JWE inside a real auth request.
        let sdk = Sdk::new("2.2.0");
        let mut req = sdk.auth_request(&pki, DsKey::Rsa, Enc::A128CbcHs256);
        req["sdkEncData"] = item["jwe"].clone();
        let ares = sim
            .handle_auth_request(req.to_string().as_bytes(), "frictionless-y")
            .body_json()
            .unwrap();
        assert_eq!(ares["messageType"], "ARes", "{item}: {ares}");
        let record = sim
            .records()
            .transaction(ares["acsTransID"].as_str().unwrap())
            .unwrap()
            .clone();
        assert_eq!(
            record.device_info,
            serde_json::from_str::<Value>(common::DEVICE_INFO).unwrap()
        );
        assert_eq!(record.device_info_alg.0, item["alg"].as_str().unwrap());
        assert_eq!(record.device_info_alg.1, item["enc"].as_str().unwrap());
    }
}

const PY_VERIFY_JWS: &str = r#"
import sys, json, base64, datetime
from jwcrypto import jws, jwk
from jwcrypto.common import JWException
from cryptography import x509
d = json.load(sys.stdin)
token = jws.JWS()
token.deserialize(d["jws"])
protected = d["jws"].split(".")[0]
header = json.loads(base64.urlsafe_b64decode(protected + "=" * (-len(protected) % 4)))
certs = [x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in header["x5c"]]
key = jwk.JWK.from_pyca(certs[0].public_key())
try:
    token.verify(key, alg=header["alg"])
    signature_ok = True
except JWException:
    signature_ok = False
root = x509.load_pem_x509_certificate(d["root"].encode())
chain_ok = True
try:
    chain = certs + [root]
    for child, parent in zip(chain, chain[1:]):
        child.verify_directly_issued_by(parent)
    now = datetime.datetime.now(datetime.timezone.utc)
    for c in chain:
        assert c.not_valid_before_utc <= now <= c.not_valid_after_utc
    for c in certs[1:] + [root]:
        assert c.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not certs[0].extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert certs[0].extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
except Exception:
    chain_ok = False
payload = json.loads(base64.urlsafe_b64decode(d["jws"].split(".")[1] + "=="))
print(json.dumps({"alg": header["alg"], "x5c_len": len(certs), "signature_ok": signature_ok, "chain_ok": chain_ok, "payload": payload}))
"#;

fn python_verify(jws: &str, pki: &Pki) -> Value {
    let input = json!({"jws": jws, "root": pki.ds_root.cert_pem()});
    serde_json::from_str(&common::run_python(PY_VERIFY_JWS, &input.to_string())).unwrap()
}

#[test]
fn acs_signed_content_verifies_in_python_ps256_and_es256() {
    let sim = common::sim();
    for (scenario, alg) in [("challenge-text", "PS256"), ("challenge-es256", "ES256")] {
        let mut sdk = Sdk::new("2.3.1");
        let ares = sdk.authenticate(&sim, scenario);
        assert_eq!(ares["transStatus"], "C");
        let report = python_verify(ares["acsSignedContent"].as_str().unwrap(), sim.pki());
        assert_eq!(report["alg"], alg);
        assert_eq!(report["signature_ok"], true, "{report}");
        assert_eq!(report["chain_ok"], true, "{report}");
        assert_eq!(report["x5c_len"], 1);
        let payload = &report["payload"];
        assert_eq!(
            payload["sdkEphemPubKey"],
            jwk::ec_public_jwk(&sdk.ephemeral.public_key())
        );
        jwk::ec_public_from_jwk(&payload["acsEphemPubKey"]).unwrap();
        assert_eq!(
            payload["acsURL"],
            format!("https://acs.sim.invalid/acs/{}", sdk.acs_trans_id())
        );
        // The session key the SDK derives is the ACS's.
        let acs_key = sim.session_key(&sdk.acs_trans_id()).unwrap();
        assert_eq!(*acs_key, sdk.session_key.unwrap());
    }
}

#[test]
fn ares_faults_are_visible_to_python() {
    let sim = common::sim();
    let mut sdk = Sdk::new("2.2.0");
    let bad = sdk.authenticate(&sim, "fault-ares-bad-signature");
    let report = python_verify(bad["acsSignedContent"].as_str().unwrap(), sim.pki());
    assert_eq!(report["signature_ok"], false);
    assert_eq!(report["chain_ok"], true);
    let mut sdk = Sdk::new("2.2.0");
    let rogue = sdk.authenticate(&sim, "fault-ares-untrusted-chain");
    let report = python_verify(rogue["acsSignedContent"].as_str().unwrap(), sim.pki());
    assert_eq!(report["signature_ok"], true);
    assert_eq!(report["chain_ok"], false);
    let mut sdk = Sdk::new("2.2.0");
    let wrong = sdk.authenticate(&sim, "fault-ares-wrong-sdk-key");
    let report = python_verify(wrong["acsSignedContent"].as_str().unwrap(), sim.pki());
    assert_ne!(
        report["payload"]["sdkEphemPubKey"],
        jwk::ec_public_jwk(&sdk.ephemeral.public_key())
    );
    let sdk = Sdk::new("2.3.1");
    let req = sdk.auth_request(sim.pki(), DsKey::Ec, Enc::A128Gcm);
    let invalid = sim
        .handle_auth_request(req.to_string().as_bytes(), "fault-ares-invalid-acs-key")
        .body_json()
        .unwrap();
    let report = python_verify(invalid["acsSignedContent"].as_str().unwrap(), sim.pki());
    assert_eq!(report["signature_ok"], true);
    assert!(jwk::ec_public_from_jwk(&report["payload"]["acsEphemPubKey"]).is_err());
    let other = sim
        .handle_auth_request(req.to_string().as_bytes(), "fault-ares-wrong-sdk-trans-id")
        .body_json()
        .unwrap();
    assert_eq!(other["messageType"], "ARes");
    assert_ne!(other["sdkTransID"], sdk.sdk_trans_id.as_str());
}

#[test]
fn intermediate_chain_validates_in_python() {
    let pki = std::sync::Arc::new(
        Pki::generate_with(PkiOptions {
            root_alg: threeds_sim::pki::KeyAlg::P256,
            intermediate: true,
        })
        .unwrap(),
    );
    let sim = Sim::new(
        std::sync::Arc::clone(&pki),
        SimConfig::with_builtin_scenarios().unwrap(),
    )
    .unwrap();
    let mut sdk = Sdk::new("2.3.1");
    let ares = sdk.authenticate(&sim, "challenge-es256");
    let report = python_verify(ares["acsSignedContent"].as_str().unwrap(), &pki);
    assert_eq!(report["x5c_len"], 2);
    assert_eq!(report["signature_ok"], true);
    assert_eq!(report["chain_ok"], true, "{report}");
}

#[test]
fn frictionless_and_decoupled_ares_per_version() {
    let sim = common::sim();
    for version in ["2.1.0", "2.2.0", "2.3.1"] {
        for (scenario, status) in [
            ("frictionless-y", "Y"),
            ("frictionless-a", "A"),
            ("frictionless-n", "N"),
            ("frictionless-u", "U"),
            ("frictionless-r", "R"),
            ("frictionless-i", "I"),
            ("decoupled", "D"),
        ] {
            let mut sdk = Sdk::new(version);
            for (key, enc) in [(DsKey::Rsa, Enc::A128CbcHs256), (DsKey::Ec, Enc::A128Gcm)] {
                let req = sdk.auth_request(sim.pki(), key, enc);
                let ares = sim
                    .handle_auth_request(req.to_string().as_bytes(), scenario)
                    .body_json()
                    .unwrap();
                if matches!(status, "I" | "D") && version == "2.1.0" {
                    assert_eq!(ares["messageType"], "Erro");
                    assert_eq!(ares["errorCode"], "102");
                    continue;
                }
                let ares = sdk.accept_ares(ares);
                assert_eq!(ares["messageType"], "ARes", "{ares}");
                assert_eq!(ares["messageVersion"], version);
                assert_eq!(ares["transStatus"], status);
                assert_eq!(ares["sdkTransID"], sdk.sdk_trans_id.as_str());
                for id in ["threeDSServerTransID", "acsTransID", "dsTransID"] {
                    assert!(threeds_sim::util::is_uuid(ares[id].as_str().unwrap()));
                }
                assert!(ares.get("acsSignedContent").is_none());
                match status {
                    "Y" | "A" => {
                        assert_eq!(ares["authenticationValue"].as_str().unwrap().len(), 28);
                        assert_eq!(ares["eci"], if status == "Y" { "05" } else { "06" });
                    }
                    "N" | "U" | "R" => assert!(ares["transStatusReason"].is_string()),
                    "D" => {
                        assert_eq!(ares["acsDecConInd"], "Y");
                        if version == "2.3.1" {
                            assert!(ares["cardholderInfo"]["text"].is_string());
                            assert_eq!(ares["authenticationMethod"], json!(["12"]));
                        } else {
                            assert!(ares["cardholderInfo"].is_string());
                            assert_eq!(ares["authenticationType"], "04");
                        }
                    }
                    _ => {}
                }
                assert_eq!(
                    ares.get("deviceInfoRecognisedVersion").is_some(),
                    version == "2.3.1"
                );
            }
        }
    }
}

#[test]
fn bad_auth_requests_get_an_erro_and_a_named_violation() {
    let sim = common::sim();
    let pki = common::pki();
    let sdk = Sdk::new("2.3.1");
    let good = sdk.auth_request(&pki, DsKey::Ec, Enc::A128CbcHs256);
    let cases: Vec<(Value, &str, ViolationKind)> = vec![
        (
            {
                let mut r = good.clone();
                r.as_object_mut().unwrap().remove("sdkTransID");
                r
            },
            "201",
            ViolationKind::MissingField,
        ),
        (
            {
                let mut r = good.clone();
                r["sdkMaxTimeout"] = "04".into();
                r
            },
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            {
                let mut r = good.clone();
                r["surprise"] = "x".into();
                r
            },
            "203",
            ViolationKind::UnknownField,
        ),
        (
            {
                let mut r = good.clone();
                r["messageVersion"] = "2.2.0".into();
                r
            },
            "203",
            ViolationKind::FieldNotInVersion,
        ),
        (
            {
                let mut r = good.clone();
                r["messageVersion"] = "3.0.0".into();
                r
            },
            "102",
            ViolationKind::UnsupportedVersion,
        ),
        (
            {
                let mut r = good.clone();
                r["sdkEphemPubKey"]["crv"] = "P-384".into();
                r
            },
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            {
                let mut r = good.clone();
                r["deviceRenderOptions"]["sdkUiType"] = json!(["01", "01"]);
                r
            },
            "203",
            ViolationKind::InvalidValue,
        ),
        (
            {
                let mut r = good.clone();
                r.as_object_mut().unwrap().remove("defaultSdkType");
                r
            },
            "201",
            ViolationKind::MissingField,
        ),
        (
            {
                let mut r = good.clone();
                let s = r["sdkEncData"].as_str().unwrap().to_owned();
                let last = if s.ends_with('A') { 'B' } else { 'A' };
                r["sdkEncData"] = format!("{}{last}", &s[..s.len() - 1]).into();
                r
            },
            "302",
            ViolationKind::DeviceInfoDecryption,
        ),
        (
            {
                let mut r = good.clone();
                r["sdkEncData"] = common::encrypt_device_info(
                    &pki,
                    "A000000802",
                    DsKey::Ec,
                    Enc::A128Gcm,
                    br#"{"DV":"1.0"}"#,
                )
                .into();
                r
            },
            "203",
            ViolationKind::BadDeviceInfo,
        ),
        (
            {
                let mut r = good.clone();
                r["sdkEncData"] = common::encrypt_device_info(
                    &pki,
                    "A000000999",
                    DsKey::Ec,
                    Enc::A128Gcm,
                    common::DEVICE_INFO.as_bytes(),
                )
                .into();
                r
            },
            "302",
            ViolationKind::DeviceInfoDecryption,
        ),
    ];
    for (i, (req, code, kind)) in cases.into_iter().enumerate() {
        let erro = sim
            .handle_auth_request(req.to_string().as_bytes(), "frictionless-y")
            .body_json()
            .unwrap();
        assert_eq!(erro["messageType"], "Erro", "case {i}");
        assert_eq!(erro["errorCode"], code, "case {i}: {erro}");
        let rejected = sim.records().rejected_auth_requests;
        assert_eq!(rejected.last().unwrap().violation.kind, kind, "case {i}");
    }
    // A kid that does not name the DS key: 311 in 2.3.1.
    let mut config = SimConfig::with_builtin_scenarios().unwrap();
    config.ds_rsa_kid = Some("ds-rsa-1".into());
    let sim = Sim::new(common::pki(), config).unwrap();
    let mut req = good.clone();
    let text = common::encrypt_device_info(
        &pki,
        "A000000802",
        DsKey::Rsa,
        Enc::A128CbcHs256,
        common::DEVICE_INFO.as_bytes(),
    );
    let mut parts: Vec<String> = text.split('.').map(str::to_owned).collect();
    let header = json!({"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "kid": "other"});
    parts[0] = threeds_sim::jose::b64::url(header.to_string().as_bytes());
    req["sdkEncData"] = parts.join(".").into();
    let erro = sim
        .handle_auth_request(req.to_string().as_bytes(), "frictionless-y")
        .body_json()
        .unwrap();
    assert_eq!(erro["errorCode"], "311", "{erro}");
    assert_eq!(erro["errorComponent"], "D");
}
