//! Real TLS on loopback: a rustls server with rcgen certificates, and the
//! transport's trust, pinning, hook, protocol, timeout, size and proxy paths.

mod common;

use core::time::Duration;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::tls::{Behaviour, Pki, ServerOptions, start_black_hole, start_proxy, start_server};
use threeds_core::platform::{HttpRequest, Transport, TransportError, TransportErrorKind};
use threeds_std::certs::{CertFormat, CertStore, Certificate};
use threeds_std::https::{
    HttpsTransportBuilder, PROTOCOL_TLS12, PROTOCOL_TLS13, ProxySettings, RootSource,
};
use threeds_std::{HttpsError, HttpsTransport};

const BODY: &[u8] = b"{\"creq\":1}";
static ONLY_TLS12: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS12];
static ONLY_TLS13: [&rustls::SupportedProtocolVersion; 1] = [&rustls::version::TLS13];

fn request(url: &str, timeout_ms: u64) -> HttpRequest<'_> {
    HttpRequest {
        url,
        content_type: "application/jose; charset=UTF-8",
        body: BODY,
        timeout_ms,
    }
}

fn trusting(pki: &Pki) -> HttpsTransportBuilder {
    HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_certs_pem(pki.ca_pem.as_bytes())
        .unwrap()
}

fn post(t: &mut HttpsTransport, url: &str, buf: &mut [u8]) -> Result<(u16, usize), HttpsError> {
    t.post(&request(url, 5_000), buf)
        .map(|r| (r.status, r.body_len))
}

fn url(port: u16) -> String {
    format!("https://localhost:{port}/acs/challenge")
}

#[test]
fn custom_ca_succeeds_and_reports_the_session() {
    let pki = Pki::new(false);
    let (port, bodies) = start_server(&pki, ServerOptions::default());
    let messages = Arc::new(Mutex::new(Vec::<String>::new()));
    let m = messages.clone();
    let mut t = trusting(&pki)
        .on_status(move |s| m.lock().unwrap().push(s.to_owned()))
        .build()
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(post(&mut t, &url(port), &mut buf).unwrap(), (200, 2));
    assert_eq!(&buf[..2], b"xx");
    assert_eq!(bodies.recv_timeout(Duration::from_secs(5)).unwrap(), BODY);
    let s = t.negotiated().unwrap();
    assert_eq!(s.version, "TLS1.3");
    assert!(s.cipher_suite.starts_with("TLS13_"), "{}", s.cipher_suite);
    assert!(s.cipher_strength >= 128);
    assert_eq!(s.server_certificates[0], pki.leaf_der);
    assert_eq!(s.host, "localhost");
    let server_cert = s.server_certificate().unwrap();
    assert_eq!(server_cert.subject(), "O=ACS Test, CN=localhost");
    assert_eq!(server_cert.subject_alt_names(), "localhost");
    let log = messages.lock().unwrap().join("\n");
    assert!(log.contains("handshake complete"), "{log}");
    assert!(log.contains("accepted"), "{log}");
}

#[test]
fn untrusted_certificate_fails_with_tls_kind() {
    let pki = Pki::new(false);
    let other = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    for builder in [
        trusting(&other),
        HttpsTransport::builder(), // Mozilla roots
        HttpsTransport::builder().roots(RootSource::Empty),
    ] {
        let mut t = builder.build().unwrap();
        let e = post(&mut t, &url(port), &mut [0u8; 64]).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
        assert!(e.message().contains("issuer"), "{e}");
    }
}

#[test]
fn wrong_host_name_fails() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let mut t = trusting(&pki).build().unwrap();
    let e = post(
        &mut t,
        &format!("https://127.0.0.1:{port}/"),
        &mut [0u8; 64],
    )
    .unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
    assert!(e.message().contains("host name"), "{e}");
}

#[test]
fn expired_certificate_fails() {
    let pki = Pki::new(true);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let mut t = trusting(&pki).build().unwrap();
    let e = post(&mut t, &url(port), &mut [0u8; 64]).unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
    assert!(e.message().contains("expired"), "{e}");
}

#[test]
fn pinned_certificate_is_accepted_without_a_ca_and_a_mismatch_fails() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let pin = Certificate::from_der(&pki.leaf_der).unwrap();
    let mut t = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .accept_server_cert(pin)
        .build()
        .unwrap();
    assert_eq!(post(&mut t, &url(port), &mut [0u8; 64]).unwrap().0, 200);

    let other = Pki::new(false);
    let mut t = trusting(&pki)
        .accept_server_cert(Certificate::from_der(&other.leaf_der).unwrap())
        .build()
        .unwrap();
    let e = post(&mut t, &url(port), &mut [0u8; 64]).unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Tls, "{e}");
    assert!(e.message().contains("accepted server certificate"), "{e}");
}

#[test]
fn hook_sees_the_verdict_and_can_override_it_both_ways() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let mut t = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .on_server_authentication(move |info| {
            s.lock().unwrap().push(info.clone());
            true
        })
        .build()
        .unwrap();
    assert_eq!(post(&mut t, &url(port), &mut [0u8; 64]).unwrap().0, 200);
    let info = seen.lock().unwrap()[0].clone();
    assert!(!info.accept);
    assert!(info.status.contains("issuer"), "{}", info.status);
    assert_eq!(info.cert_encoded, pki.leaf_der);
    assert_eq!(info.cert_subject, "O=ACS Test, CN=localhost");
    assert_eq!(info.cert_issuer, "CN=threeds test CA");
    assert_eq!(info.intermediates, vec![pki.ca_der.clone()]);

    // A verified certificate the application refuses.
    let mut t = trusting(&pki)
        .on_server_authentication(|info| {
            assert!(info.accept);
            assert_eq!(info.status, "OK");
            false
        })
        .build()
        .unwrap();
    let e = post(&mut t, &url(port), &mut [0u8; 64]).unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Tls);
    assert!(e.message().contains("rejected by the application"), "{e}");
}

#[test]
fn protocol_restriction_against_tls12_and_tls13_only_servers() {
    let pki = Pki::new(false);
    let (p12, _) = start_server(
        &pki,
        ServerOptions {
            versions: &ONLY_TLS12,
            ..Default::default()
        },
    );
    let (p13, _) = start_server(
        &pki,
        ServerOptions {
            versions: &ONLY_TLS13,
            ..Default::default()
        },
    );
    let mut only12 = trusting(&pki)
        .enabled_protocols(PROTOCOL_TLS12)
        .build()
        .unwrap();
    let mut only13 = trusting(&pki)
        .enabled_protocols(PROTOCOL_TLS13)
        .build()
        .unwrap();
    let mut both = trusting(&pki).build().unwrap();

    assert_eq!(post(&mut only12, &url(p12), &mut [0u8; 8]).unwrap().0, 200);
    assert_eq!(only12.negotiated().unwrap().version, "TLS1.2");
    assert!(post(&mut only12, &url(p13), &mut [0u8; 8]).is_err());

    assert_eq!(post(&mut only13, &url(p13), &mut [0u8; 8]).unwrap().0, 200);
    assert_eq!(only13.negotiated().unwrap().version, "TLS1.3");
    let e = post(&mut only13, &url(p12), &mut [0u8; 8]).unwrap_err();
    assert_ne!(e.kind(), TransportErrorKind::TimedOut);

    assert_eq!(post(&mut both, &url(p12), &mut [0u8; 8]).unwrap().0, 200);
    assert_eq!(both.negotiated().unwrap().version, "TLS1.2");
    assert!(
        both.negotiated()
            .unwrap()
            .cipher_suite
            .starts_with("TLS_ECDHE_")
    );

    assert!(trusting(&pki).enabled_protocols(0x00C0).build().is_err());
}

#[test]
fn silent_server_and_black_hole_time_out_quickly() {
    let pki = Pki::new(false);
    let (port, _) = start_server(
        &pki,
        ServerOptions {
            behaviour: Behaviour::Silent,
            ..Default::default()
        },
    );
    let hole = start_black_hole();
    let mut t = trusting(&pki).build().unwrap();
    for u in [url(port), url(hole)] {
        let start = Instant::now();
        let e = t.post(&request(&u, 400), &mut [0u8; 64]).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::TimedOut, "{u}: {e}");
        assert!(start.elapsed() < Duration::from_secs(5), "{u}: not bounded");
    }
}

#[test]
fn response_larger_than_the_buffer() {
    let pki = Pki::new(false);
    for sized in [true, false] {
        let (port, _) = start_server(
            &pki,
            ServerOptions {
                behaviour: Behaviour::Respond {
                    body_len: 1000,
                    sized,
                },
                ..Default::default()
            },
        );
        let mut t = trusting(&pki).build().unwrap();
        let e = post(&mut t, &url(port), &mut [0u8; 100]).unwrap_err();
        assert_eq!(e.kind(), TransportErrorKind::ResponseTooLarge, "{e}");
        // Exactly the buffer size fits.
        let mut t = trusting(&pki).build().unwrap();
        let mut buf = vec![0u8; 1000];
        assert_eq!(post(&mut t, &url(port), &mut buf).unwrap(), (200, 1000));
    }
}

#[test]
fn proxy_refusing_connect_fails_with_connection_kind() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let (proxy, heads) = start_proxy(true);
    let mut t = trusting(&pki)
        .proxy(ProxySettings::new("127.0.0.1", proxy))
        .build()
        .unwrap();
    let e = post(&mut t, &url(port), &mut [0u8; 64]).unwrap_err();
    assert_eq!(e.kind(), TransportErrorKind::Connection, "{e}");
    assert!(e.message().contains("403"), "{e}");
    let head = heads.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        head.starts_with(&format!("CONNECT localhost:{port} HTTP/1.1")),
        "{head}"
    );
    assert!(!head.to_ascii_lowercase().contains("proxy-authorization"));
}

#[test]
fn proxy_tunnel_with_basic_auth() {
    let pki = Pki::new(false);
    let (port, bodies) = start_server(&pki, ServerOptions::default());
    let (proxy, heads) = start_proxy(false);
    let mut t = trusting(&pki)
        .proxy(ProxySettings::new("127.0.0.1", proxy).with_basic_auth("sdk", "pa:ss"))
        .build()
        .unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(post(&mut t, &url(port), &mut buf).unwrap(), (200, 2));
    assert_eq!(bodies.recv_timeout(Duration::from_secs(5)).unwrap(), BODY);
    let head = heads.recv_timeout(Duration::from_secs(5)).unwrap();
    // base64("sdk:pa:ss")
    assert!(
        head.contains("Proxy-Authorization: Basic c2RrOnBhOnNz\r\n"),
        "{head}"
    );
    // The TLS session is end to end: the server's certificate, not the proxy's.
    assert_eq!(t.negotiated().unwrap().server_certificates[0], pki.leaf_der);
}

#[test]
fn client_certificate_from_a_pem_key_store() {
    let pki = Pki::new(false);
    let (port, _) = start_server(
        &pki,
        ServerOptions {
            client_auth: true,
            ..Default::default()
        },
    );
    let mut without = trusting(&pki).build().unwrap();
    assert!(post(&mut without, &url(port), &mut [0u8; 64]).is_err());

    let store = CertStore::from_blob(pki.client_pem.as_bytes(), CertFormat::PemKey, "").unwrap();
    let mut with = trusting(&pki)
        .client_identity(store.client_identity("*").unwrap())
        .build()
        .unwrap();
    assert_eq!(post(&mut with, &url(port), &mut [0u8; 64]).unwrap().0, 200);
}

#[test]
fn key_log_file_receives_the_session_secrets() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let dir = common::scratch_dir("keylog");
    let path = dir.join("keys.log");
    let mut t = trusting(&pki).key_log_file(&path).build().unwrap();
    post(&mut t, &url(port), &mut [0u8; 64]).unwrap();
    let log = std::fs::read_to_string(&path).unwrap();
    assert!(log.contains("CLIENT_HANDSHAKE_TRAFFIC_SECRET "), "{log}");
    assert!(log.contains("CLIENT_TRAFFIC_SECRET_0 "), "{log}");
    let line = log.lines().next().unwrap();
    let fields: Vec<&str> = line.split(' ').collect();
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[1].len(), 64, "client random is 32 bytes");
}

#[test]
fn plain_http_is_refused_by_default() {
    let mut t = HttpsTransport::builder().build().unwrap();
    let e = post(&mut t, "http://127.0.0.1:9/", &mut [0u8; 8]).unwrap_err();
    assert_ne!(e.kind(), TransportErrorKind::TimedOut);
}

/// `proxy_auto_detect` reads the process environment, so the check runs in a
/// child copy of this test binary with `HTTPS_PROXY` / `NO_PROXY` set.
#[test]
fn proxy_auto_detect_reads_https_proxy_and_no_proxy() {
    if let Ok(target) = std::env::var("THREEDS_STD_CHILD_URL") {
        let ca = std::env::var("THREEDS_STD_CHILD_CA").unwrap();
        let mut t = HttpsTransport::builder()
            .roots(RootSource::Empty)
            .server_ca_certs_pem(ca.as_bytes())
            .unwrap()
            .proxy_auto_detect(true)
            .build()
            .unwrap();
        assert_eq!(post(&mut t, &target, &mut [0u8; 64]).unwrap().0, 200);
        return;
    }
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let (proxy, heads) = start_proxy(false);
    let run = |no_proxy: &str| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "proxy_auto_detect_reads_https_proxy_and_no_proxy",
                "--test-threads=1",
            ])
            .env("THREEDS_STD_CHILD_URL", url(port))
            .env("THREEDS_STD_CHILD_CA", &pki.ca_pem)
            .env(
                "HTTPS_PROXY",
                format!("http://auto:detect@127.0.0.1:{proxy}"),
            )
            .env("NO_PROXY", no_proxy)
            .env_remove("https_proxy")
            .env_remove("no_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .output()
            .unwrap()
    };
    let out = run("example.invalid");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let head = heads.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        head.starts_with(&format!("CONNECT localhost:{port} ")),
        "{head}"
    );
    assert!(
        head.contains("Proxy-Authorization: Basic YXV0bzpkZXRlY3Q=\r\n"),
        "{head}"
    );
    let out = run("localhost");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        heads.recv_timeout(Duration::from_millis(300)).is_err(),
        "NO_PROXY must bypass the proxy"
    );
}

#[test]
fn ca_file_paths_load_the_first_existing_file() {
    let pki = Pki::new(false);
    let (port, _) = start_server(&pki, ServerOptions::default());
    let dir = common::scratch_dir("cafile");
    let ca = dir.join("ca.pem");
    std::fs::write(&ca, &pki.ca_pem).unwrap();
    let paths = format!("{}/missing.pem;{}", dir.display(), ca.display());
    let mut t = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .ca_cert_file_paths(&paths)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(post(&mut t, &url(port), &mut [0u8; 64]).unwrap().0, 200);
    assert!(
        HttpsTransport::builder()
            .ca_cert_file_paths("/nonexistent/a.pem;/nonexistent/b.pem")
            .is_err()
    );
}

#[test]
fn system_roots_load_where_the_system_has_a_bundle() {
    let has_bundle = threeds_std::https::DEFAULT_CA_FILE_PATHS
        .split(';')
        .any(|p| std::path::Path::new(p).is_file());
    let built = HttpsTransport::builder().roots(RootSource::System).build();
    assert_eq!(built.is_ok(), has_bundle, "{:?}", built.err());
}
