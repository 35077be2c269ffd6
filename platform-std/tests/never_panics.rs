//! Hostile inputs to the loaders give typed errors, never panics.

use proptest::prelude::*;
use threeds_std::certs::{CertFormat, CertStore, StoreType, parse_pem_certificates};

/// A small valid certificate to mutate (generated with rcgen at test time).
fn sample_der() -> Vec<u8> {
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["x.test".to_owned()]).unwrap();
    params.self_signed(&key).unwrap().der().to_vec()
}

fn all_loaders(data: &[u8]) {
    for format in [
        CertFormat::Auto,
        CertFormat::Pkcs12,
        CertFormat::PemKey,
        CertFormat::PublicKey,
        CertFormat::Pkcs7,
        CertFormat::Jwk,
    ] {
        if let Ok(store) = CertStore::from_blob(data, format, "pw") {
            for c in store.certificates() {
                let _ = (c.subject(), c.issuer(), c.serial_number(), c.usage());
                let _ = (
                    c.subject_alt_names(),
                    c.extended_key_usage(),
                    c.public_key(),
                );
                let _ = (c.effective_date(), c.public_key_length());
            }
            let _ = store.public_key("*");
        }
    }
    let _ = parse_pem_certificates(data);
    let _ = CertStore::open(StoreType::Auto, data, "");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        all_loaders(&data);
    }

    #[test]
    fn mutated_certificates(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
                            cut in any::<usize>()) {
        let mut der = sample_der();
        for (at, v) in flips {
            let i = at % der.len();
            der[i] ^= v;
        }
        der.truncate(cut % (der.len() + 1));
        all_loaders(&der);
    }

    #[test]
    fn json_and_pem_shaped_text(s in "\\{\"kty\":\"(RSA|EC|oct)\",\"(n|e|x|y|crv)\":\"[A-Za-z0-9_-]{0,40}\"\\}|-----BEGIN [A-Z ]{0,20}-----\n[A-Za-z0-9+/=\n]{0,80}-----END [A-Z ]{0,20}-----") {
        all_loaders(s.as_bytes());
    }
}

#[test]
fn transport_and_platform_are_send() {
    fn is_send<T: Send>() {}
    is_send::<threeds_std::HttpsTransport>();
    is_send::<threeds_std::StdPlatform>();
}
