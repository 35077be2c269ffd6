//! Malformed input never panics and is reported as `Malformed` with the right position.

mod pki_common;

use proptest::prelude::*;
use threeds_core::keys::PublicKey;
use threeds_core::pki::{ChainError, Position, TrustAnchors, verify_chain};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/emvco-app-crypto-worked-samples.json"
);
const INSIDE: u64 = 1_704_067_200;

fn samples() -> (Vec<u8>, Vec<u8>) {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(VECTORS).unwrap()).unwrap();
    let c = &v["certificates"];
    (
        pki_common::pem_to_der(c["ds_root_cert_pem"].as_str().unwrap()),
        pki_common::pem_to_der(c["acs_rsa_signing_cert_pem"].as_str().unwrap()),
    )
}

#[test]
fn every_truncation_is_malformed() {
    let (root, leaf) = samples();
    let anchors = TrustAnchors::from_der(&[&root]).unwrap();
    for len in 0..leaf.len() {
        assert_eq!(
            verify_chain(&[&leaf[..len]], &anchors, INSIDE),
            Err(ChainError::Malformed {
                which: Position::Chain(0)
            }),
            "truncated to {len}"
        );
        assert_eq!(
            verify_chain(&[&leaf[..], &leaf[..len]], &anchors, INSIDE),
            Err(ChainError::Malformed {
                which: Position::Chain(1)
            }),
        );
    }
    for len in 0..root.len() {
        assert_eq!(
            TrustAnchors::from_der(&[&root[..len]]).err(),
            Some(ChainError::Malformed {
                which: Position::Anchor(0)
            })
        );
    }
}

#[test]
fn trailing_bytes_are_malformed() {
    let (root, leaf) = samples();
    let anchors = TrustAnchors::from_der(&[&root]).unwrap();
    let mut long = leaf.clone();
    long.push(0);
    assert_eq!(
        verify_chain(&[&long], &anchors, INSIDE),
        Err(ChainError::Malformed {
            which: Position::Chain(0)
        })
    );
}

#[test]
fn every_single_byte_flip_is_rejected_without_panic() {
    let (root, leaf) = samples();
    let anchors = TrustAnchors::from_der(&[&root]).unwrap();
    for i in 0..leaf.len() {
        let mut bad = leaf.clone();
        bad[i] ^= 0x01;
        assert!(
            verify_chain(&[&bad], &anchors, INSIDE).is_err(),
            "flip at {i} accepted"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let (root, _) = samples();
        let anchors = TrustAnchors::from_der(&[&root]).unwrap();
        prop_assert!(verify_chain(&[&bytes], &anchors, INSIDE).is_err());
        let _ = TrustAnchors::from_der(&[&bytes]);
        let _ = PublicKey::from_spki_der(&bytes);
    }

    #[test]
    fn mutated_certificates_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let (root, leaf) = samples();
        let anchors = TrustAnchors::from_der(&[&root]).unwrap();
        let mut bad = leaf.clone();
        for (at, byte) in &edits {
            let i = at.index(bad.len());
            bad[i] = *byte;
        }
        let _ = verify_chain(&[&bad], &anchors, INSIDE);
        let _ = verify_chain(&[&bad[..cut.index(bad.len())]], &anchors, INSIDE);
        let _ = TrustAnchors::from_der(&[&bad]);
    }
}
