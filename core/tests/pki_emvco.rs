//! The EMVCo worked-sample certificates: the ACS signing certificates chain to the DS root.

mod pki_common;

use pki_common::pem_to_der;
use threeds_core::keys::{KeyAlgorithm, PublicKey};
use threeds_core::pki::{ChainError, Position, TrustAnchors, verify_chain};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/emvco-app-crypto-worked-samples.json"
);

/// 2024-01-01T00:00:00Z, inside every certificate's 2017-11-21..2027-12-31 window.
const INSIDE: u64 = 1_704_067_200;

struct Samples {
    root: Vec<u8>,
    acs_rsa: Vec<u8>,
    acs_ec: Vec<u8>,
}

fn samples() -> Samples {
    let text = std::fs::read_to_string(VECTORS).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = &v["certificates"];
    let pem = |k: &str| pem_to_der(c[k].as_str().unwrap());
    Samples {
        root: pem("ds_root_cert_pem"),
        acs_rsa: pem("acs_rsa_signing_cert_pem"),
        acs_ec: pem("acs_ec_signing_cert_pem"),
    }
}

/// notBefore / notAfter of a DER certificate, read with an independent parser.
fn validity(der: &[u8]) -> (u64, u64) {
    use x509_cert::der::Decode;
    let cert = x509_cert::Certificate::from_der(der).unwrap();
    let v = cert.tbs_certificate().validity();
    (
        v.not_before.to_unix_duration().as_secs(),
        v.not_after.to_unix_duration().as_secs(),
    )
}

#[test]
fn acs_rsa_signing_cert_chains_to_ds_root() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    let key = verify_chain(&[&s.acs_rsa], &anchors, INSIDE).unwrap();
    assert_eq!(key.algorithm(), KeyAlgorithm::Rsa);
    assert_eq!(key.bits(), 2048);
    // The returned key is the leaf's SPKI key.
    let spki = {
        use x509_cert::der::{Decode, Encode};
        let cert = x509_cert::Certificate::from_der(&s.acs_rsa).unwrap();
        cert.tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap()
    };
    assert_eq!(key, PublicKey::from_spki_der(&spki).unwrap());
}

#[test]
fn acs_ec_signing_cert_chains_to_ds_root() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    let key = verify_chain(&[&s.acs_ec], &anchors, INSIDE).unwrap();
    assert_eq!(key.algorithm(), KeyAlgorithm::EcP256);
    assert_eq!(key.algorithm().curve(), Some("P-256"));
    assert_eq!(key.bits(), 256);
}

#[test]
fn root_included_in_chain_is_accepted() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    verify_chain(&[&s.acs_rsa, &s.root], &anchors, INSIDE).unwrap();
    verify_chain(&[&s.acs_ec, &s.root], &anchors, INSIDE).unwrap();
}

#[test]
fn validity_bounds_are_inclusive_and_enforced() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    for leaf in [&s.acs_rsa, &s.acs_ec] {
        let (nb, na) = validity(leaf);
        verify_chain(&[leaf], &anchors, nb).unwrap();
        verify_chain(&[leaf], &anchors, na).unwrap();
        assert_eq!(
            verify_chain(&[leaf], &anchors, nb - 1),
            Err(ChainError::NotYetValid {
                which: Position::Chain(0)
            })
        );
        assert_eq!(
            verify_chain(&[leaf], &anchors, na + 1),
            Err(ChainError::Expired {
                which: Position::Chain(0)
            })
        );
    }
    // Far outside both windows.
    assert_eq!(
        verify_chain(&[&s.acs_rsa], &anchors, 1_000_000_000),
        Err(ChainError::NotYetValid {
            which: Position::Chain(0)
        })
    );
    assert_eq!(
        verify_chain(&[&s.acs_rsa], &anchors, 2_000_000_000),
        Err(ChainError::Expired {
            which: Position::Chain(0)
        })
    );
}

#[test]
fn rejected_against_a_different_root() {
    let s = samples();
    // The ACS certificate is not a CA: as a "root" it is refused outright.
    assert_eq!(
        TrustAnchors::from_der(&[&s.acs_rsa]).err(),
        Some(ChainError::NotCa {
            which: Position::Anchor(0)
        })
    );
    // A real CA with a different name.
    let other = other_root();
    let anchors = TrustAnchors::from_der(&[&other]).unwrap();
    assert_eq!(
        verify_chain(&[&s.acs_rsa], &anchors, INSIDE),
        Err(ChainError::UnknownIssuer {
            which: Position::Chain(0)
        })
    );
    // The chain's own copy of the DS root does not make it trusted.
    assert_eq!(
        verify_chain(&[&s.acs_rsa, &s.root], &anchors, INSIDE),
        Err(ChainError::UnknownIssuer {
            which: Position::Chain(1)
        })
    );
}

#[test]
fn certificates_after_the_root_are_unused() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    // acs_rsa's issuer is the configured root, so the path ends there.
    assert_eq!(
        verify_chain(&[&s.acs_rsa, &s.acs_ec], &anchors, INSIDE),
        verify_chain(&[&s.acs_rsa], &anchors, INSIDE),
    );
}

#[test]
fn a_leaf_cannot_issue() {
    let s = samples();
    let anchors = TrustAnchors::from_der(&[&s.root]).unwrap();
    // acs_ec claims to be issued by "RSA Example DS"; offering acs_rsa as that
    // issuer fails on the name before anything else.
    let other = other_root();
    let anchors_other = TrustAnchors::from_der(&[&other]).unwrap();
    assert_eq!(
        verify_chain(&[&s.acs_ec, &s.acs_rsa], &anchors_other, INSIDE),
        Err(ChainError::UnknownIssuer {
            which: Position::Chain(0)
        })
    );
    verify_chain(&[&s.acs_ec], &anchors, INSIDE).unwrap();
}

/// A valid CA with another name, made by the independent Python peer.
fn other_root() -> Vec<u8> {
    let dir = pki_common::TempDir::new("pki-emvco");
    let status = std::process::Command::new(pki_common::peer_python())
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pki_peer.py"))
        .arg(&dir.0)
        .status()
        .expect("peer python runs");
    assert!(status.success(), "pki_peer.py failed");
    let text = std::fs::read_to_string(dir.0.join("chains.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let hex_root = v["cases"]["rsa_pkcs1"]["roots"][0].as_str().unwrap();
    hex::decode(hex_root).unwrap()
}
