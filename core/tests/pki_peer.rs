//! Chains made by an independent generator (`tests/interop/pki_peer.py`,
//! Python `cryptography`), one per rule, each with its exact expected outcome.

mod pki_common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use threeds_core::keys::KeyAlgorithm;
use threeds_core::pki::{ChainError, MAX_PATH_LEN, Position, TrustAnchors, verify_chain};

struct Case {
    chain: Vec<Vec<u8>>,
    roots: Vec<Vec<u8>>,
}

struct Peer {
    now: u64,
    cases: BTreeMap<String, Case>,
}

fn peer() -> &'static Peer {
    static PEER: OnceLock<Peer> = OnceLock::new();
    PEER.get_or_init(|| {
        let dir = pki_common::TempDir::new("pki-peer");
        let python = pki_common::peer_python();
        let out = std::process::Command::new(&python)
            .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/pki_peer.py"))
            .arg(&dir.0)
            .output()
            .unwrap_or_else(|e| panic!("cannot run peer {}: {e}", python.display()));
        assert!(
            out.status.success(),
            "pki_peer.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(dir.0.join("chains.json")).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let hexes = |a: &serde_json::Value| -> Vec<Vec<u8>> {
            a.as_array()
                .unwrap()
                .iter()
                .map(|h| hex::decode(h.as_str().unwrap()).unwrap())
                .collect()
        };
        let cases = v["cases"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, c)| {
                let case = Case {
                    chain: hexes(&c["chain"]),
                    roots: hexes(&c["roots"]),
                };
                (name.clone(), case)
            })
            .collect();
        Peer {
            now: v["now"].as_u64().unwrap(),
            cases,
        }
    })
}

fn run(name: &str) -> Result<KeyAlgorithm, ChainError> {
    let p = peer();
    let case = p
        .cases
        .get(name)
        .unwrap_or_else(|| panic!("peer made no case {name}"));
    let anchors = TrustAnchors::from_der(&case.roots)?;
    verify_chain(&case.chain, &anchors, p.now).map(|k| k.algorithm())
}

use ChainError::*;
use Position::{Anchor, Chain};

#[test]
fn valid_chains() {
    for (name, alg) in [
        ("rsa_pkcs1", KeyAlgorithm::Rsa),
        ("rsa_pkcs1_with_root", KeyAlgorithm::Rsa),
        ("rsa_direct", KeyAlgorithm::Rsa),
        ("rsa_sha384_sha512", KeyAlgorithm::Rsa),
        ("rsa_pss", KeyAlgorithm::Rsa),
        ("p256_0", KeyAlgorithm::EcP256),
        ("p256_1", KeyAlgorithm::EcP256),
        ("p256_2", KeyAlgorithm::EcP256),
        ("p256_3", KeyAlgorithm::EcP256),
        ("ec_leaf_rsa_ca", KeyAlgorithm::EcP256),
        ("path_of_5", KeyAlgorithm::Rsa),
        ("leaf_without_key_usage", KeyAlgorithm::Rsa),
        ("unknown_noncritical_extension", KeyAlgorithm::Rsa),
        ("v1_leaf", KeyAlgorithm::Rsa),
        ("two_roots", KeyAlgorithm::Rsa),
        // EKU is not read unless the leaf EKU policy is set.
        ("eku_scheme_purpose", KeyAlgorithm::Rsa),
        ("eku_critical_server_auth", KeyAlgorithm::Rsa),
        ("eku_any", KeyAlgorithm::Rsa),
    ] {
        assert_eq!(run(name), Ok(alg), "{name}");
    }
}

#[test]
fn the_optional_leaf_eku_policy() {
    let p = peer();
    let with_policy = |name: &str| {
        let case = &p.cases[name];
        let anchors = TrustAnchors::from_der(&case.roots)
            .unwrap()
            .require_leaf_eku("1.3.6.1.4.1.55555.3.1")
            .unwrap();
        verify_chain(&case.chain, &anchors, p.now).map(|k| k.algorithm())
    };
    assert_eq!(with_policy("eku_scheme_purpose"), Ok(KeyAlgorithm::Rsa));
    for name in [
        "eku_critical_server_auth",
        "eku_any",
        "rsa_pkcs1",
        "leaf_without_key_usage",
    ] {
        assert_eq!(with_policy(name), Err(ExtendedKeyUsage), "{name}");
    }
    let anchors = TrustAnchors::from_der(&p.cases["rsa_pkcs1"].roots).unwrap();
    assert!(anchors.require_leaf_eku("not an oid").is_err());
}

#[test]
fn broken_chains_give_the_exact_error() {
    let expected = [
        ("expired_leaf", Expired { which: Chain(0) }),
        ("not_yet_valid_leaf", NotYetValid { which: Chain(0) }),
        ("expired_intermediate", Expired { which: Chain(1) }),
        ("expired_root", Expired { which: Anchor(0) }),
        ("intermediate_not_ca", NotCa { which: Chain(1) }),
        (
            "intermediate_no_basic_constraints",
            NotCa { which: Chain(1) },
        ),
        ("path_len_0_violated", PathLenExceeded { which: Chain(2) }),
        (
            "root_path_len_0_violated",
            PathLenExceeded { which: Anchor(0) },
        ),
        ("issuer_without_key_cert_sign", KeyUsage { which: Chain(1) }),
        (
            "leaf_without_digital_signature",
            KeyUsage { which: Chain(0) },
        ),
        ("leaf_is_ca", CaUsedAsLeaf),
        (
            "unknown_critical_extension",
            UnknownCriticalExtension { which: Chain(0) },
        ),
        ("v1_ca", UnsupportedVersion { which: Chain(1) }),
        ("sha1_signature", WeakAlgorithm { which: Chain(0) }),
        (
            "rsa_1024_leaf",
            WeakKey {
                which: Chain(0),
                bits: 1024,
            },
        ),
        (
            "rsa_1024_intermediate",
            WeakKey {
                which: Chain(1),
                bits: 1024,
            },
        ),
        ("p384_leaf", UnsupportedAlgorithm { which: Chain(0) }),
        ("tampered_signature", BadSignature { which: Chain(0) }),
        ("signed_by_stranger", BadSignature { which: Chain(0) }),
        ("wrong_root", UnknownIssuer { which: Chain(1) }),
        ("same_name_wrong_key_root", BadSignature { which: Chain(1) }),
        ("unrooted_self_signed", UnknownIssuer { which: Chain(2) }),
        ("path_of_6", ChainTooLong { max: MAX_PATH_LEN }),
        ("path_of_6_with_root", ChainTooLong { max: MAX_PATH_LEN }),
    ];
    let mut failures = Vec::new();
    for (name, want) in expected {
        let got = run(name);
        if got != Err(want) {
            failures.push(format!("{name}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_generated_case_is_asserted() {
    let asserted = 18 + 24;
    assert_eq!(
        peer().cases.len(),
        asserted,
        "a peer case has no expectation here"
    );
}

#[test]
fn time_is_the_callers() {
    let p = peer();
    let case = &p.cases["rsa_pkcs1"];
    let anchors = TrustAnchors::from_der(&case.roots).unwrap();
    // The generator issues everything valid from now - 1 day to now + 365 days.
    let day = 86_400;
    verify_chain(&case.chain, &anchors, p.now - day).unwrap();
    verify_chain(&case.chain, &anchors, p.now + 365 * day).unwrap();
    assert_eq!(
        verify_chain(&case.chain, &anchors, p.now - day - 1),
        Err(NotYetValid { which: Chain(0) })
    );
    assert_eq!(
        verify_chain(&case.chain, &anchors, p.now + 365 * day + 1),
        Err(Expired { which: Chain(0) })
    );
}

#[test]
fn anchors_must_be_cas() {
    let p = peer();
    let leaf = &p.cases["rsa_pkcs1"].chain[0];
    assert_eq!(
        TrustAnchors::from_der(&[leaf]).err(),
        Some(NotCa { which: Anchor(0) })
    );
    let v1 = &p.cases["v1_ca"].chain[1];
    assert_eq!(
        TrustAnchors::from_der(&[&p.cases["rsa_pkcs1"].roots[0], v1]).err(),
        Some(UnsupportedVersion { which: Anchor(1) })
    );
    assert_eq!(
        TrustAnchors::from_der::<&[u8]>(&[]).err(),
        Some(NoTrustAnchors)
    );
    let anchors = TrustAnchors::from_der(&p.cases["rsa_pkcs1"].roots).unwrap();
    assert_eq!(verify_chain::<&[u8]>(&[], &anchors, p.now), Err(EmptyChain));
}
