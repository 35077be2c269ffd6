//! The reference's behaviour on `StdClient`: every scenario, every message
//! version and both content encryptions, over real TLS to the simulator's
//! HTTPS server. Each read-out, log line and packet event is compared byte
//! for byte with what the simulator recorded on its side of the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod std_client;

use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::LogType;
use threeds_std::HttpsTransport;
use threeds_std::certs::{Certificate, StoreType};
use threeds_std::https::RootSource;

use std_client::{Fixture, OTP, VERSIONS, assert_wire_equality, run_challenge, text};

#[test]
fn reference_behaviour_on_std_client_over_https() {
    let fx = Fixture::start();
    let scenarios: Vec<String> = fx
        .running
        .sim()
        .config()
        .scenarios
        .names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    assert!(scenarios.len() >= 30, "{scenarios:?}");
    let mut runs = 0;
    for version in VERSIONS {
        for gcm in [false, true] {
            for scenario in &scenarios {
                // Waits of its own (a slow ACS) belong to the deadline suites.
                if scenario == "fault-slow" {
                    continue;
                }
                let what = format!("{scenario} {version} gcm={gcm}");
                let mut c = fx.client(version, gcm, None);
                let before = fx.running.connections();
                let auth = fx.authenticate(&mut c, scenario);
                let ares_line = c
                    .events()
                    .lines(LogType::ARes)
                    .first()
                    .map(|s| s.to_string());
                if let Err(e) = auth {
                    // Refused ARes (or not valid for this version): nothing reached the ACS.
                    assert!(ares_line.is_some(), "{what}: {e}");
                    assert!(c.events().lines(LogType::CReq).is_empty(), "{what}");
                    assert_eq!(fx.running.connections(), before, "{what}");
                    continue;
                }
                c.config("XPath=/json/messageType").unwrap();
                assert_eq!(c.config("XText").unwrap(), "ARes", "{what}");
                let tx = fx.record(&mut c);
                assert_eq!(
                    ares_line.as_deref(),
                    Some(tx.ares.to_string().as_str()),
                    "{what}"
                );
                if c.transaction_status() != "C" {
                    continue;
                }
                let result = run_challenge(&mut c);
                let tx = fx.record(&mut c);
                assert_wire_equality(&mut c, &tx, &what);
                // The 2.2.0 and 2.3.1 fields a rebuilt CReq line used to miss
                // are in every line (and so in what the ACS decrypted).
                for line in c.events().lines(LogType::CReq) {
                    if version != "2.1.0" {
                        assert!(
                            line.contains("\"threeDSRequestorAppURL\""),
                            "{what}: {line}"
                        );
                    }
                    if version == "2.3.1" {
                        assert!(line.contains("\"oobAppURLInd\""), "{what}: {line}");
                    }
                }
                match (result, tx.outcome.as_deref()) {
                    (Ok(()), Some(status)) => assert_eq!(c.transaction_status(), status, "{what}"),
                    (Err(e), _) => assert!(
                        scenario.starts_with("fault-")
                            || e.code == ErrorCode::InvalidOperation && scenario.contains("html"),
                        "{what}: {e}"
                    ),
                    (Ok(()), None) => panic!("{what}: completed without an outcome"),
                }
                // One server-authentication event per TLS connection the
                // ACS accepted, each with the verifier's verdict.
                let ev = c.events();
                let connections = fx.running.connections() - before;
                assert!(connections >= 1, "{what}");
                assert_eq!(ev.server_certs.len(), connections, "{what}");
                for (der, status) in &ev.server_certs {
                    assert_eq!(der, &fx.pki.tls_server.cert_der, "{what}");
                    assert_eq!(status, "OK", "{what}");
                }
                assert!(
                    ev.ssl_status.iter().any(|m| m.contains("handshake")),
                    "{what}: {:?}",
                    ev.ssl_status
                );
                runs += 1;
            }
        }
    }
    assert!(runs >= 60, "{runs} challenges run");
    fx.running.stop();
}

#[test]
fn a_refused_server_certificate_sends_no_creq() {
    let fx = Fixture::start();
    let mut c = fx.client("2.2.0", false, Some(false));
    fx.authenticate(&mut c, "challenge-text").unwrap();
    let before = fx.running.connections();
    let err = c.send_challenge_request().unwrap_err();
    assert_eq!(err.code, ErrorCode::HttpProtocol, "{err}");
    let tx = fx.record(&mut c);
    assert!(tx.creq_bodies.is_empty(), "no CReq reached the ACS");
    assert!(tx.creqs.is_empty());
    let ev = c.events();
    assert_eq!(ev.server_certs.len(), 1);
    assert_eq!(
        ev.server_certs[0].1, "OK",
        "the verifier accepted; the app refused"
    );
    assert!(fx.running.connections() > before);
    // The transaction is over: no second attempt.
    assert_eq!(
        c.send_challenge_request().unwrap_err().code,
        ErrorCode::InvalidOperation
    );
    fx.running.stop();
}

#[test]
fn an_accepted_untrusted_certificate_continues() {
    // The client trusts no CA at all: the verifier fails the certificate and
    // the application's `accept = true` overrides it, as in the reference.
    let fx = Fixture::start();
    let transport = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .build()
        .unwrap();
    let mut c = fx.client("2.3.1", true, Some(true));
    *c.transport_mut() = transport;
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    assert_eq!(c.transaction_status(), "Y");
    let ev = c.events();
    assert!(!ev.server_certs.is_empty());
    assert_ne!(ev.server_certs[0].1, "OK", "verification failed first");
    fx.running.stop();
}

#[test]
fn masked_creq_lines_hide_exactly_the_entries() {
    let fx = Fixture::start();
    let mut c = fx.client("2.3.1", false, None);
    c.config("MaskSensitive=Yes").unwrap();
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    let tx = fx.record(&mut c);
    let lines = c.events().lines(LogType::CReq);
    assert_eq!(lines.len(), tx.creq_plaintexts.len());
    for (line, plain) in lines.iter().zip(&tx.creq_plaintexts) {
        let masked = text(plain).replace(
            &format!("\"challengeDataEntry\":\"{OTP}\""),
            "\"challengeDataEntry\":\"******\"",
        );
        assert_eq!(*line, masked);
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("\"challengeDataEntry\":\"******\""))
    );
    assert!(lines.iter().all(|l| !l.contains(OTP)));
    fx.running.stop();
}

#[test]
fn tls_properties_read_the_session_and_pin_in_every_form() {
    use base64ct::{Base64, Encoding as _};
    use threeds_std::TlsProperties as _;
    let fx = Fixture::start();
    let leaf = Certificate::from_der(&fx.pki.tls_server.cert_der).unwrap();
    // After a challenge, the `ssl_server_cert_*` read-outs are the
    // simulator's certificate; `SSLNegotiated*` the session.
    let mut c = fx.client("2.2.0", false, None);
    assert_eq!(c.ssl_server_cert_encoded(), "");
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    assert_eq!(c.ssl_server_cert().unwrap().der(), leaf.der());
    assert_eq!(c.ssl_server_cert_encoded(), leaf.to_pem());
    assert_eq!(c.ssl_server_cert_subject(), leaf.subject());
    assert_eq!(c.ssl_server_cert_issuer(), leaf.issuer());
    let server_readouts = [
        (c.ssl_server_cert_effective_date(), leaf.effective_date()),
        (c.ssl_server_cert_expiration_date(), leaf.expiration_date()),
        (c.ssl_server_cert_fingerprint(), leaf.fingerprint_md5()),
        (
            c.ssl_server_cert_fingerprint_sha1(),
            leaf.fingerprint_sha1(),
        ),
        (
            c.ssl_server_cert_fingerprint_sha256(),
            leaf.fingerprint_sha256(),
        ),
        (c.ssl_server_cert_thumbprint_md5(), leaf.fingerprint_md5()),
        (c.ssl_server_cert_thumbprint_sha1(), leaf.fingerprint_sha1()),
        (
            c.ssl_server_cert_thumbprint_sha256(),
            leaf.fingerprint_sha256(),
        ),
        (c.ssl_server_cert_serial_number(), leaf.serial_number()),
        (
            c.ssl_server_cert_signature_algorithm(),
            leaf.signature_algorithm(),
        ),
        (c.ssl_server_cert_public_key(), leaf.public_key_pem()),
        (
            c.ssl_server_cert_public_key_algorithm(),
            leaf.public_key_algorithm(),
        ),
        (
            c.ssl_server_cert_subject_alt_names(),
            leaf.subject_alt_names(),
        ),
        (c.ssl_server_cert_usage(), leaf.usage()),
        (
            c.ssl_server_cert_extended_key_usage(),
            leaf.extended_key_usage(),
        ),
        (c.ssl_server_cert_version(), leaf.version().to_owned()),
    ];
    for (i, (got, want)) in server_readouts.iter().enumerate() {
        assert_eq!(got, want, "read-out {i}");
    }
    assert_eq!(
        c.ssl_server_cert_public_key_length(),
        leaf.public_key_length()
    );
    assert_eq!(c.ssl_server_cert_usage_flags(), leaf.usage_flags());
    assert!(c.ssl_server_cert_public_key_length() >= 256);
    assert!(!c.ssl_server_cert_fingerprint_sha256().is_empty());
    assert!(["TLS1.2", "TLS1.3"].contains(&c.ssl_negotiated_version().as_str()));
    assert!(!c.ssl_negotiated_cipher_suite().is_empty());
    // The same through the reference's config names.
    assert_eq!(
        c.config("SSLNegotiatedVersion").unwrap(),
        c.ssl_negotiated_version()
    );
    assert_eq!(
        c.config("SSLNegotiatedCipherSuite").unwrap(),
        c.ssl_negotiated_cipher_suite()
    );
    assert_eq!(
        c.config("SSLNegotiatedCipherStrength").unwrap(),
        c.ssl_negotiated_cipher_strength().to_string()
    );
    assert_eq!(
        c.config("SSLNegotiatedKeyExchange").unwrap(),
        c.ssl_negotiated_key_exchange()
    );
    // The transport's own settings read back; what it cannot do stays
    // unsupported, naming what it can.
    assert_eq!(c.config("SSLEnabledProtocols").unwrap(), "15360");
    for command in ["SSLCheckCRL", "SSLCheckCRL=1", "SSLEnabledCipherSuites=*"] {
        let e = c.config(command).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidOperation, "{e}");
        assert!(e.message.contains("does not implement"), "{e}");
        assert!(e.message.contains("SSLEnabledProtocols"), "{e}");
    }

    // A client that trusts no CA: refused, and nothing reaches the ACS…
    let untrusting = || {
        HttpsTransport::builder()
            .roots(RootSource::Empty)
            .build()
            .unwrap()
    };
    let mut c = fx.client("2.3.1", true, None);
    *c.transport_mut() = untrusting();
    fx.authenticate(&mut c, "challenge-text").unwrap();
    assert_eq!(
        c.send_challenge_request().unwrap_err().code,
        ErrorCode::HttpProtocol
    );
    assert!(fx.record(&mut c).creq_bodies.is_empty());
    // …unless `ssl_accept_server_cert_encoded` names the server's
    // certificate, in any of the reference's forms.
    let base64 = Base64::encode_string(leaf.der());
    for form in [
        leaf.to_pem().into_bytes(),
        base64.into_bytes(),
        leaf.der().to_vec(),
    ] {
        let mut c = fx.client("2.3.1", true, None);
        *c.transport_mut() = untrusting();
        c.set_ssl_accept_server_cert_encoded(&form).unwrap();
        assert_eq!(c.ssl_accept_server_cert_encoded(), leaf.to_pem());
        fx.authenticate(&mut c, "challenge-text").unwrap();
        run_challenge(&mut c).unwrap();
        assert_eq!(c.transaction_status(), "Y");
        let (der, status) = &c.events().server_certs[0];
        assert_eq!(der, leaf.der());
        assert_ne!(status, "OK", "chain validation failed; the pin accepted");
        let accept_readouts = [
            (c.ssl_accept_server_cert_subject(), leaf.subject()),
            (c.ssl_accept_server_cert_issuer(), leaf.issuer()),
            (
                c.ssl_accept_server_cert_effective_date(),
                leaf.effective_date(),
            ),
            (
                c.ssl_accept_server_cert_expiration_date(),
                leaf.expiration_date(),
            ),
            (
                c.ssl_accept_server_cert_fingerprint(),
                leaf.fingerprint_md5(),
            ),
            (
                c.ssl_accept_server_cert_fingerprint_sha1(),
                leaf.fingerprint_sha1(),
            ),
            (
                c.ssl_accept_server_cert_fingerprint_sha256(),
                leaf.fingerprint_sha256(),
            ),
            (
                c.ssl_accept_server_cert_thumbprint_md5(),
                leaf.fingerprint_md5(),
            ),
            (
                c.ssl_accept_server_cert_thumbprint_sha1(),
                leaf.fingerprint_sha1(),
            ),
            (
                c.ssl_accept_server_cert_thumbprint_sha256(),
                leaf.fingerprint_sha256(),
            ),
            (
                c.ssl_accept_server_cert_serial_number(),
                leaf.serial_number(),
            ),
            (
                c.ssl_accept_server_cert_signature_algorithm(),
                leaf.signature_algorithm(),
            ),
            (c.ssl_accept_server_cert_public_key(), leaf.public_key_pem()),
            (
                c.ssl_accept_server_cert_public_key_algorithm(),
                leaf.public_key_algorithm(),
            ),
            (
                c.ssl_accept_server_cert_subject_alt_names(),
                leaf.subject_alt_names(),
            ),
            (c.ssl_accept_server_cert_usage(), leaf.usage()),
            (
                c.ssl_accept_server_cert_extended_key_usage(),
                leaf.extended_key_usage(),
            ),
            (
                c.ssl_accept_server_cert_version(),
                leaf.version().to_owned(),
            ),
        ];
        for (i, (got, want)) in accept_readouts.iter().enumerate() {
            assert_eq!(got, want, "accept read-out {i}");
        }
        assert_eq!(
            c.ssl_accept_server_cert_public_key_length(),
            leaf.public_key_length()
        );
        assert_eq!(c.ssl_accept_server_cert_usage_flags(), leaf.usage_flags());
    }
    // The same from a certificate store of the reference's types.
    let mut c = fx.client("2.1.0", false, None);
    *c.transport_mut() = untrusting();
    c.set_ssl_accept_server_cert_store(StoreType::Auto, leaf.to_pem().as_bytes(), "", "*")
        .unwrap();
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    assert_eq!(c.transaction_status(), "Y");
    // An empty value removes the pin.
    c.set_ssl_accept_server_cert_encoded(b"").unwrap();
    assert_eq!(c.ssl_accept_server_cert_encoded(), "");
    // A value that is no certificate is refused.
    let mut c = fx.client("2.3.1", true, None);
    assert!(
        c.set_ssl_accept_server_cert_encoded(b"not a certificate")
            .is_err()
    );
    fx.running.stop();
}

#[test]
fn certificates_in_pem_base64_and_der_forms() {
    use base64ct::{Base64, Encoding as _};
    let fx = Fixture::start();
    let pem = |der: &[u8]| Certificate::from_der(der).unwrap().to_pem();
    let ds = &fx.pki.ds_enc_ec.cert_der;
    let root = &fx.pki.ds_root.cert_der;
    let forms = |der: &[u8]| {
        [
            der.to_vec(),
            pem(der).into_bytes(),
            Base64::encode_string(der).into_bytes(),
            // Base64 wrapped at 64 columns, as files often hold it.
            Base64::encode_string(der)
                .as_bytes()
                .chunks(64)
                .collect::<Vec<_>>()
                .join(&b'\n'),
        ]
    };
    for (ds_form, root_form) in forms(ds).into_iter().zip(forms(root)) {
        let mut c = fx.client("2.2.0", true, None);
        c.set_directory_server_cert_encoded(&ds_form).unwrap();
        assert_eq!(c.directory_server_cert_encoded(), &ds[..]);
        c.set_acs_root_cert_count(1);
        c.set_acs_root_cert_encoded(0, &root_form).unwrap();
        assert_eq!(c.acs_root_cert_encoded(0).unwrap(), &root[..]);
        fx.authenticate(&mut c, "challenge-text").unwrap();
        run_challenge(&mut c).unwrap();
        assert_eq!(c.transaction_status(), "Y");
    }
    // Anything else is refused where it is set…
    let mut c = fx.client("2.2.0", true, None);
    let junk: &[&[u8]] = &[
        b"not a certificate",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
        b"-----BEGIN CERTIFICATE-----\nMIIB",
        &[0x30, 0x82, 0x01],
    ];
    for bad in junk {
        let e = c.set_directory_server_cert_encoded(bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
        let e = c.set_acs_root_cert_encoded(0, bad).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
        assert!(c.try_add_acs_root_cert(bad).is_err());
    }
    assert_eq!(c.acs_root_cert_count(), 1, "nothing was added");
    // …or, through the infallible `add_acs_root_cert`, by `check_auth_response`.
    c.add_acs_root_cert(b"not a certificate");
    let e = fx.authenticate(&mut c, "challenge-text").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
    assert!(e.message.contains("acs_root_cert"), "{e}");
    fx.running.stop();
}

#[test]
fn certificate_stores_feed_the_certificate_properties() {
    use threeds_std::CertStoreProperties as _;
    let fx = Fixture::start();
    let pem = |der: &[u8]| Certificate::from_der(der).unwrap().to_pem();
    let ds = &fx.pki.ds_enc_ec.cert_der;
    let root = &fx.pki.ds_root.cert_der;
    let mut c = fx.client("2.3.1", false, None);
    c.set_acs_root_cert_count(0);
    // A PEM bundle: the TLS CA and the DS root, both CA certificates.
    let bundle = format!("{}{}", pem(&fx.pki.tls_ca.cert_der), pem(root));
    assert_eq!(
        c.add_acs_root_cert_store(StoreType::Auto, bundle.as_bytes(), "")
            .unwrap(),
        2
    );
    assert_eq!(c.acs_root_cert_encoded(1).unwrap(), &root[..]);
    // The DS certificate picked by subject out of a two-certificate store.
    let subject = Certificate::from_der(ds).unwrap().subject();
    let store = format!("{}{}", pem(root), pem(ds));
    c.set_directory_server_cert_store(StoreType::Auto, store.as_bytes(), "", &subject)
        .unwrap();
    assert_eq!(c.directory_server_cert_encoded(), &ds[..]);
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    assert_eq!(c.transaction_status(), "Y");
    // Errors are 602, and a refused store adds nothing.
    let e = c
        .set_directory_server_cert_store(StoreType::Auto, store.as_bytes(), "", "CN=nobody")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
    let e = c
        .add_acs_root_cert_store(StoreType::Auto, b"no certificate here", "")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
    assert_eq!(c.acs_root_cert_count(), 2);

    // Per index, as the reference selects them: root 0 becomes the DS
    // root picked by subject out of the bundle; the next transaction
    // verifies the ACS against it.
    let root_subject = Certificate::from_der(root).unwrap().subject();
    c.set_acs_root_cert_count(1);
    c.set_acs_root_cert_store(0, StoreType::Auto, bundle.as_bytes(), "", &root_subject)
        .unwrap();
    assert_eq!(c.acs_root_cert_encoded(0).unwrap(), &root[..]);
    // One subject text for the core's and the std read-outs.
    assert_eq!(c.acs_root_cert_subject(0).unwrap(), root_subject);
    assert!(root_subject.contains(", "), "{root_subject}");
    c.reset_transaction_info();
    fx.authenticate(&mut c, "challenge-text").unwrap();
    run_challenge(&mut c).unwrap();
    assert_eq!(c.transaction_status(), "Y");
    let e = c
        .set_acs_root_cert_store(1, StoreType::Auto, bundle.as_bytes(), "", "*")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidIndex, "{e}");
    let e = c
        .set_acs_root_cert_store(0, StoreType::Auto, bundle.as_bytes(), "", "CN=nobody")
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCertificate, "{e}");
    assert_eq!(c.acs_root_cert_encoded(0).unwrap(), &root[..]);
    fx.running.stop();
}
