//! Certificate and key loading in every supported format, from files and from
//! blobs, checked against Python `cryptography`'s view of the same files.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use threeds_core::keys::PublicKey;
use threeds_std::certs::{CertError, CertFormat, CertStore, Certificate, StoreType, usage_flags};

struct Fixture {
    dir: PathBuf,
    expected: Value,
}

/// Runs tests/certgen.py once for the whole file.
fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = common::scratch_dir("certs");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/certgen.py");
        let out = Command::new(common::peer_python())
            .arg(&script)
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "certgen.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let expected =
            serde_json::from_slice(&std::fs::read(dir.join("expected.json")).unwrap()).unwrap();
        Fixture { dir, expected }
    })
}

fn path(name: &str) -> PathBuf {
    fixture().dir.join(name)
}

fn blob(name: &str) -> Vec<u8> {
    std::fs::read(path(name)).unwrap()
}

fn password() -> &'static str {
    fixture().expected["password"].as_str().unwrap()
}

/// Every read-out against cryptography's view.
fn assert_matches(cert: &Certificate, which: &str) {
    let e = &fixture().expected[which];
    let s = |k: &str| e[k].as_str().unwrap().to_owned();
    assert_eq!(cert.subject(), s("subject"), "{which} subject");
    assert_eq!(cert.issuer(), s("issuer"), "{which} issuer");
    assert_eq!(cert.fingerprint_md5(), s("md5"), "{which} md5");
    assert_eq!(cert.fingerprint_sha1(), s("sha1"), "{which} sha1");
    assert_eq!(cert.fingerprint_sha256(), s("sha256"), "{which} sha256");
    assert_eq!(cert.serial_number(), s("serial"), "{which} serial");
    assert_eq!(
        cert.public_key_length() as u64,
        e["key_bits"].as_u64().unwrap(),
        "{which} key bits"
    );
    assert_eq!(cert.version(), s("version"));
    assert_eq!(cert.not_before_unix(), e["not_before"].as_u64().unwrap());
    assert_eq!(cert.not_after_unix(), e["not_after"].as_u64().unwrap());
    assert_eq!(cert.effective_date(), s("effective_date"));
    assert_eq!(cert.expiration_date(), s("expiration_date"));
    let san: Vec<String> = e["san"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(cert.subject_alt_name_list(), san, "{which} SAN");
    assert_eq!(cert.usage(), s("usage"), "{which} usage");
    assert_eq!(cert.extended_key_usage(), s("eku"), "{which} EKU");
    assert_eq!(hex::encode(cert.public_key_der()), s("spki_der_hex"));
}

fn open_file(t: StoreType, name: &str) -> CertStore {
    let p = path(name);
    CertStore::open(t, p.to_str().unwrap().as_bytes(), password())
        .unwrap_or_else(|e| panic!("{name} as {t:?}: {e}"))
}

fn open_blob(t: StoreType, name: &str) -> CertStore {
    CertStore::open(t, &blob(name), password()).unwrap_or_else(|e| panic!("{name} as {t:?}: {e}"))
}

#[test]
fn pem_and_der_certificates_from_file_and_blob() {
    for (t, name) in [
        (StoreType::PublicKeyFile, "leaf.pem"),
        (StoreType::PublicKeyFile, "leaf.der"),
        (StoreType::PublicKeyFile, "leaf.b64"),
        (StoreType::Auto, "leaf.pem"),
        (StoreType::Auto, "leaf.der"),
    ] {
        let store = open_file(t, name);
        assert_eq!(store.certificates().len(), 1);
        assert_matches(&store.certificates()[0], "leaf");
    }
    for (t, name) in [
        (StoreType::PublicKeyBlob, "leaf.pem"),
        (StoreType::PublicKeyBlob, "leaf.der"),
        (StoreType::PublicKeyBlob, "leaf.b64"),
        (StoreType::Auto, "leaf.der"),
        (StoreType::Auto, "leaf.b64"),
    ] {
        let store = open_blob(t, name);
        assert_matches(&store.certificates()[0], "leaf");
    }
}

#[test]
fn ca_and_ec_certificate_readouts() {
    let ca = open_blob(StoreType::Auto, "ca.pem");
    assert_matches(&ca.certificates()[0], "ca");
    // The CA's serial has its top bit set: DER's sign byte is not part of it.
    assert!(!ca.certificates()[0].serial_number().starts_with("00"));
    assert_eq!(
        ca.certificates()[0].usage_flags(),
        usage_flags::CERTIFICATE_SIGNING | usage_flags::CRL_SIGNING
    );
    let ec = open_blob(StoreType::Auto, "ec.pem");
    let cert = &ec.certificates()[0];
    assert_matches(cert, "ec");
    assert_eq!(cert.public_key_algorithm(), "ECDSA");
    assert!(matches!(cert.public_key().unwrap(), PublicKey::P256(_)));
    let leaf = open_blob(StoreType::Auto, "leaf.pem");
    assert_eq!(leaf.certificates()[0].public_key_algorithm(), "RSA");
    assert_eq!(leaf.certificates()[0].signature_algorithm(), "sha256RSA");
    assert_eq!(
        leaf.certificates()[0].usage_flags(),
        usage_flags::DIGITAL_SIGNATURE | usage_flags::KEY_ENCIPHERMENT
    );
}

#[test]
fn spki_public_keys_pem_and_der() {
    let leaf_key = open_blob(StoreType::Auto, "leaf.pem")
        .public_key("*")
        .unwrap();
    for (t, name) in [
        (StoreType::PublicKeyFile, "leaf_spki.pem"),
        (StoreType::PublicKeyFile, "leaf_spki.der"),
        (StoreType::Auto, "leaf_spki.der"),
    ] {
        let store = open_file(t, name);
        assert!(store.certificates().is_empty());
        assert_eq!(
            hex::encode(store.public_keys()[0].der()),
            fixture().expected["leaf"]["spki_der_hex"].as_str().unwrap()
        );
        assert_eq!(store.public_keys()[0].bits(), 2048);
        assert_eq!(store.public_key("").unwrap(), leaf_key);
    }
    let blob_store = open_blob(StoreType::PublicKeyBlob, "leaf_spki.pem");
    assert_eq!(blob_store.public_key("*").unwrap(), leaf_key);
    let ec = open_blob(StoreType::Auto, "ec_spki.der");
    assert_eq!(
        hex::encode(ec.public_keys()[0].der()),
        fixture().expected["ec"]["spki_der_hex"].as_str().unwrap()
    );
    assert!(matches!(ec.public_key("*").unwrap(), PublicKey::P256(_)));
}

#[test]
fn pkcs7_bundles_der_and_pem() {
    for store in [
        open_file(StoreType::P7bFile, "chain.p7b"),
        open_blob(StoreType::P7bBlob, "chain.p7b"),
        open_blob(StoreType::Auto, "chain.p7b"),
        open_file(StoreType::Auto, "chain.p7b.pem"),
    ] {
        assert_eq!(store.certificates().len(), 2);
        let leaf = store.find("CN=ds.example.test").unwrap();
        assert_matches(leaf, "leaf");
        assert_matches(store.find("Test Root CA").unwrap(), "ca");
    }
}

#[test]
fn pkcs12_aes_and_legacy_3des_with_password() {
    for name in ["store_aes.p12", "store_3des.p12"] {
        for store in [
            open_file(StoreType::PfxFile, name),
            open_blob(StoreType::PfxBlob, name),
            open_blob(StoreType::Auto, name),
        ] {
            assert!(store.has_private_key(), "{name}");
            assert_eq!(store.certificates().len(), 2, "{name}");
            let id = store.client_identity("ds.example").unwrap();
            assert_matches(&id.chain[0], "leaf");
            assert_matches(&id.chain[1], "ca");
        }
        let wrong = CertStore::open(StoreType::PfxBlob, &blob(name), "wrong password");
        assert!(
            matches!(wrong, Err(CertError::Pkcs12(_))),
            "{name}: {wrong:?}"
        );
    }
}

#[test]
fn pem_key_stores_pkcs8_and_sec1() {
    let store = open_file(StoreType::PemKeyFile, "leaf_key.pem");
    assert!(store.has_private_key());
    let id = store.client_identity("*").unwrap();
    assert_matches(&id.chain[0], "leaf");
    assert_eq!(id.chain.len(), 2);
    let ec = open_blob(StoreType::PemKeyBlob, "ec_key_sec1.pem");
    assert!(ec.has_private_key());
    assert_matches(&ec.certificates()[0], "ec");
    // The key is matched to its certificate, wherever it sits in the file.
    let ec_id = ec.client_identity("*").unwrap();
    assert_matches(&ec_id.chain[0], "ec");
    // A key of another certificate is refused.
    let mut mixed = blob("ec_key_sec1.pem");
    mixed.extend(blob("leaf.pem"));
    let mixed = CertStore::from_blob(&mixed, CertFormat::PemKey, "").unwrap();
    assert!(matches!(
        mixed.client_identity("ds.example"),
        Err(CertError::NoPrivateKey)
    ));
    assert_matches(&mixed.client_identity("*").unwrap().chain[0], "ec");
    assert_eq!(
        Certificate::from_pem(&blob("bundle.pem")).unwrap().der(),
        blob("leaf.der").as_slice()
    );
    // A certificate-only PEM is not a key store.
    assert!(CertStore::open(StoreType::PemKeyBlob, &blob("leaf.pem"), "").is_err());
}

#[test]
fn jwk_rsa_and_ec_keys_match_the_certificates() {
    let rsa_cert_key = open_blob(StoreType::Auto, "leaf.pem")
        .public_key("*")
        .unwrap();
    for store in [
        open_file(StoreType::JwkFile, "leaf.jwk"),
        open_blob(StoreType::JwkBlob, "leaf.jwk"),
        open_blob(StoreType::Auto, "leaf.jwk"),
    ] {
        assert_eq!(store.public_key("*").unwrap(), rsa_cert_key);
        assert_eq!(
            hex::encode(store.public_keys()[0].der()),
            fixture().expected["leaf"]["spki_der_hex"].as_str().unwrap()
        );
    }
    let ec_cert_key = open_blob(StoreType::Auto, "ec.pem")
        .public_key("*")
        .unwrap();
    let jwks = open_file(StoreType::Auto, "ec.jwks");
    assert_eq!(jwks.public_key("*").unwrap(), ec_cert_key);
    assert_eq!(
        hex::encode(jwks.public_keys()[0].der()),
        fixture().expected["ec"]["spki_der_hex"].as_str().unwrap()
    );
}

#[test]
fn subject_search_exact_then_contains_then_star() {
    let store = open_blob(StoreType::Auto, "bundle.pem");
    assert_eq!(store.certificates().len(), 3);
    let leaf_subject = fixture().expected["leaf"]["subject"].as_str().unwrap();
    assert_eq!(store.find(leaf_subject).unwrap().subject(), leaf_subject);
    assert_eq!(
        store.find("*").unwrap().subject(),
        leaf_subject,
        "* is the first"
    );
    assert_eq!(
        store.find("cn=test root").unwrap().subject(),
        fixture().expected["ca"]["subject"].as_str().unwrap()
    );
    assert_eq!(
        store.find("CN=\"acs-signing, EC\"").unwrap().subject(),
        fixture().expected["ec"]["subject"].as_str().unwrap()
    );
    assert!(store.find("CN=nobody").is_none());
    assert!(matches!(
        store.public_key("CN=nobody"),
        Err(CertError::NotFound)
    ));
}

#[test]
fn wrong_format_and_garbage_are_typed_errors() {
    assert!(matches!(
        CertStore::open(StoreType::PfxBlob, &blob("leaf.der"), ""),
        Err(CertError::UnrecognizedFormat)
    ));
    assert!(matches!(
        CertStore::open(StoreType::JwkBlob, &blob("leaf.pem"), ""),
        Err(CertError::UnrecognizedFormat)
    ));
    assert!(CertStore::from_blob(b"\x30\x03\x02\x01", CertFormat::Auto, "").is_err());
    assert!(CertStore::from_blob(b"not a certificate", CertFormat::Auto, "").is_err());
    assert!(CertStore::from_blob(b"{\"kty\":\"OKP\"}", CertFormat::Auto, "").is_err());
    assert!(
        CertStore::from_blob(b"-----BEGIN CERTIFICATE-----\nAAAA", CertFormat::Auto, "").is_err()
    );
    let missing = CertStore::open(StoreType::PfxFile, b"/nonexistent/x.p12", "");
    assert!(matches!(missing, Err(CertError::Io(_))));
    assert_eq!(StoreType::from_code(99), Some(StoreType::Auto));
    assert_eq!(StoreType::P7bBlob.code(), 12);
    assert_eq!(StoreType::from_code(0), None);
}

#[test]
fn der_ending_in_whitespace_bytes_is_not_trimmed() {
    // A signature's last byte is random: about 2 % of certificates end in a
    // byte that is ASCII whitespace. Force that case deterministically.
    let der = blob("leaf.der");
    for last in [b' ', b'\n', b'\t', b'\r', 0x0c] {
        let mut tweaked = der.clone();
        *tweaked.last_mut().unwrap() = last;
        // The tweaked signature is wrong, but the structure must still parse.
        let store = CertStore::from_blob(&tweaked, CertFormat::PublicKey, "").unwrap();
        assert_eq!(store.certificates().len(), 1);
    }
}
