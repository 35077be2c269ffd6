//! The verifier's state machine, driven directly (the loopback tests in
//! `tests/tls.rs` cover it through real handshakes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::borrow::ToOwned;
use std::string::String;
use std::vec;
use std::vec::Vec;

use digest_010::Digest;
use embedded_tls::{
    CertificateEntryRef, CertificateRef, CertificateVerifyRef, SignatureScheme, TlsVerifier,
};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};
use threeds_core::pki::TrustAnchors;

use super::names::dns_name_matches;
use super::verifier::{ServerAuth, ServerVerifier};
use super::{CertificateFailure, CipherSuite};

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A CA and a leaf for `acs.test`, as DER.
fn pki() -> (Vec<u8>, Vec<u8>) {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap();
    let leaf = CertificateParams::new(vec!["acs.test".to_owned()])
        .unwrap()
        .signed_by(&KeyPair::generate().unwrap(), &ca)
        .unwrap();
    (ca.der().to_vec(), leaf.der().to_vec())
}

fn present(v: &mut ServerVerifier<'_>, leaf: &[u8]) -> Result<(), embedded_tls::TlsError> {
    let mut cert = CertificateRef::with_context(&[]);
    cert.add(CertificateEntryRef::X509(leaf)).unwrap();
    let transcript = <CipherSuite as embedded_tls::TlsCipherSuite>::Hash::new();
    TlsVerifier::<CipherSuite>::verify_certificate(v, &transcript, cert)
}

#[test]
fn never_called_means_not_authenticated() {
    let (ca, _) = pki();
    let anchors = TrustAnchors::from_der(&[ca]).unwrap();
    let v = ServerVerifier::new(ServerAuth::new(&anchors, now()), "acs.test");
    assert!(!v.authenticated());
}

#[test]
fn a_valid_certificate_without_certificate_verify_is_not_enough() {
    let (ca, leaf) = pki();
    let anchors = TrustAnchors::from_der(&[ca]).unwrap();
    let mut v = ServerVerifier::new(ServerAuth::new(&anchors, now()), "acs.test");
    present(&mut v, &leaf).unwrap();
    assert!(!v.authenticated(), "chain alone must not authenticate");
    let forged = CertificateVerifyRef {
        signature_scheme: SignatureScheme::EcdsaSecp256r1Sha256,
        signature: &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01],
    };
    assert!(TlsVerifier::<CipherSuite>::verify_signature(&mut v, forged).is_err());
    assert!(!v.authenticated());
    assert_eq!(v.failure(), Some(CertificateFailure::BadSignature));
}

#[test]
fn certificate_verify_without_certificate_is_refused() {
    let (ca, _) = pki();
    let anchors = TrustAnchors::from_der(&[ca]).unwrap();
    let mut v = ServerVerifier::new(ServerAuth::new(&anchors, now()), "acs.test");
    let sig = CertificateVerifyRef {
        signature_scheme: SignatureScheme::EcdsaSecp256r1Sha256,
        signature: &[],
    };
    assert!(TlsVerifier::<CipherSuite>::verify_signature(&mut v, sig).is_err());
    assert!(!v.authenticated());
}

#[test]
fn pkcs1_certificate_verify_is_refused_for_tls13() {
    let (ca, leaf) = pki();
    let anchors = TrustAnchors::from_der(&[ca]).unwrap();
    let mut v = ServerVerifier::new(ServerAuth::new(&anchors, now()), "acs.test");
    present(&mut v, &leaf).unwrap();
    let sig = CertificateVerifyRef {
        signature_scheme: SignatureScheme::RsaPkcs1Sha256,
        signature: &[0; 256],
    };
    assert!(TlsVerifier::<CipherSuite>::verify_signature(&mut v, sig).is_err());
    assert_eq!(
        v.failure(),
        Some(CertificateFailure::UnsupportedSignatureScheme(0x0401))
    );
}

#[test]
fn dns_names_and_wildcards() {
    assert!(dns_name_matches("acs.example.com", "ACS.example.com."));
    assert!(dns_name_matches("*.example.com", "acs.example.com"));
    assert!(!dns_name_matches("*.example.com", "example.com"));
    assert!(!dns_name_matches("*.example.com", "a.b.example.com"));
    assert!(!dns_name_matches("*.com", "example.com"));
    assert!(!dns_name_matches("a*.example.com", "ab.example.com"));
    assert!(!dns_name_matches("acs.example.com", "acs.example.com.evil"));
    assert!(!dns_name_matches("", ""));
}

#[test]
fn record_guard_refuses_tag_only_protected_records_across_any_chunking() {
    use super::record_guard::inspect_all;
    let mut ok = vec![23, 3, 3, 0, 17];
    ok.extend_from_slice(&[0xAA; 17]);
    let mut hello = vec![22, 3, 3, 0, 2, 2, 0];
    hello.extend_from_slice(&ok);
    let mut bad = hello.clone();
    bad.extend_from_slice(&[23, 3, 3, 0, 16]);
    bad.extend_from_slice(&[0xBB; 16]);
    for split in 0..=bad.len() {
        let (a, b) = bad.split_at(split);
        assert!(inspect_all(&[a, b]).is_err(), "split at {split}");
    }
    for split in 0..=hello.len() {
        let (a, b) = hello.split_at(split);
        assert!(inspect_all(&[a, b]).is_ok(), "split at {split}");
    }
    let bytewise: Vec<&[u8]> = bad.chunks(1).collect();
    assert!(inspect_all(&bytewise).is_err());
    // Plaintext records (alerts before keys) may be short.
    assert!(inspect_all(&[&[21, 3, 3, 0, 2, 2, 70]]).is_ok());
}
