//! The reference's proxy, client-certificate and SSL names, set on a
//! `StdClient` that already exists, between transactions, against the
//! simulator over HTTPS: each change shows on the wire of the next exchange
//! (a CONNECT proxy in this process records the tunnels; the simulator
//! records connections and client certificates).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod std_client;

use core::net::SocketAddr;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64ct::{Base64, Encoding as _};
use threeds_core::client::error::ErrorCode;
use threeds_std::certs::{Certificate, StoreType};
use threeds_std::https::RootSource;
use threeds_std::{ConnectionProperties, HttpsTransport, StdClient};

use std_client::{Fixture, Recorder, assert_wire_equality, run_challenge};

/// What the proxy saw: one request head per connection.
#[derive(Default)]
struct ProxyLog {
    heads: Vec<Vec<String>>,
}

/// A minimal HTTP CONNECT proxy: records each request head, opens the
/// tunnel and relays bytes both ways.
struct ConnectProxy {
    addr: SocketAddr,
    log: Arc<Mutex<ProxyLog>>,
}

impl ConnectProxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(ProxyLog::default()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let log = Arc::clone(&shared);
                std::thread::spawn(move || tunnel(stream, &log));
            }
        });
        Self { addr, log }
    }

    fn heads(&self) -> Vec<Vec<String>> {
        self.log.lock().unwrap().heads.clone()
    }
}

fn tunnel(client: TcpStream, log: &Mutex<ProxyLog>) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut head = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.len() > 4096 {
            return;
        }
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        head.push(line);
    }
    let target = head[0]
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_owned);
    log.lock().unwrap().heads.push(head);
    let mut client = client;
    let Some(upstream) = target.and_then(|t| TcpStream::connect(t).ok()) else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .unwrap();
    let (mut up_read, mut up_write) = (upstream.try_clone().unwrap(), upstream);
    let mut client_write = client.try_clone().unwrap();
    // The client may already have sent bytes that sit in the reader's buffer.
    let pending = reader.buffer().to_vec();
    up_write.write_all(&pending).unwrap();
    let upward = std::thread::spawn(move || {
        let mut rest = reader.into_inner();
        let _ = std::io::copy(&mut rest, &mut up_write);
        let _ = up_write.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut up_read, &mut client_write);
    let _ = client_write.shutdown(std::net::Shutdown::Write);
    let _ = upward.join();
}

/// One challenge transaction from AReq to the final CRes.
fn transaction(fx: &Fixture, c: &mut StdClient<Recorder>) {
    *c.events_mut() = Recorder::default();
    c.reset_transaction_info();
    fx.authenticate(c, "challenge-text").unwrap();
    run_challenge(c).unwrap();
    assert_eq!(c.transaction_status(), "Y");
    let tx = fx.record(c);
    assert_wire_equality(c, &tx, "through the reconfigured transport");
}

fn header<'a>(head: &'a [String], name: &str) -> Option<&'a str> {
    head.iter().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn proxy_properties_reroute_a_built_client_through_a_connect_tunnel() {
    let fx = Fixture::start();
    let proxy = ConnectProxy::start();
    let acs = format!("127.0.0.1:{}", fx.running.server_addr().port());
    let mut c = fx.client("2.2.0", false, None);
    assert_eq!(c.proxy_server(), "");
    assert_eq!(c.proxy_port(), 80);

    // Direct first: the proxy sees nothing.
    let before = fx.running.connections();
    transaction(&fx, &mut c);
    assert!(proxy.heads().is_empty());
    assert_eq!(
        fx.running.connections() - before,
        1,
        "one kept-alive connection"
    );

    // Through the proxy, with Basic credentials: one tunnel to the ACS.
    c.set_proxy_server("127.0.0.1").unwrap();
    c.set_proxy_port(proxy.addr.port()).unwrap();
    c.set_proxy_user("kiosk").unwrap();
    c.set_proxy_password("s3cret:pw").unwrap();
    let before = fx.running.connections();
    transaction(&fx, &mut c);
    let heads = proxy.heads();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert_eq!(heads[0][0], format!("CONNECT {acs} HTTP/1.1"));
    assert_eq!(
        header(&heads[0], "Proxy-Authorization"),
        Some(format!("Basic {}", Base64::encode_string(b"kiosk:s3cret:pw")).as_str())
    );
    assert_eq!(
        fx.running.connections() - before,
        1,
        "the tunnel is the one connection"
    );

    // authNone clears the credentials (as the reference does): no header.
    c.set_proxy_auth_scheme(3).unwrap();
    assert_eq!(
        (c.proxy_user(), c.proxy_password()),
        (String::new(), String::new())
    );
    transaction(&fx, &mut c);
    let heads = proxy.heads();
    assert_eq!(heads.len(), 2);
    assert_eq!(heads[1][0], format!("CONNECT {acs} HTTP/1.1"));
    assert_eq!(header(&heads[1], "Proxy-Authorization"), None);

    // What the std stack cannot do is refused and changes nothing.
    for scheme in [1, 2, 4, 5] {
        let err = c.set_proxy_auth_scheme(scheme).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOperation, "{err}");
        assert!(err.message.contains("Basic (0)"), "{err}");
    }
    for mode in [1, 2] {
        let err = c.set_proxy_ssl(mode).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOperation, "{err}");
        assert!(err.message.contains("CONNECT tunnel"), "{err}");
    }
    c.set_proxy_ssl(3).unwrap();
    assert_eq!((c.proxy_auth_scheme(), c.proxy_ssl()), (3, 3));
    assert_eq!(
        c.set_proxy_port(0).unwrap_err().code,
        ErrorCode::InvalidOperation
    );

    // Removing the server goes direct again.
    c.set_proxy_server("").unwrap();
    transaction(&fx, &mut c);
    assert_eq!(proxy.heads().len(), 2);
    assert!(fx.running.records().violations().is_empty());
    fx.running.stop();
}

/// A self-signed client certificate and its key, PEM.
fn client_certificate(cn: &str) -> (Vec<u8>, String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut params = rcgen::CertificateParams::new(vec!["kiosk.example".into()]).unwrap();
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, cn);
    let cert = params.self_signed(&key).unwrap();
    (cert.der().to_vec(), cert.pem(), key.serialize_pem())
}

#[test]
fn ssl_cert_properties_present_the_client_certificate_on_the_next_connection() {
    let fx = Fixture::start();
    let mut c = fx.client("2.3.1", true, None);
    assert!(c.ssl_cert().is_none());

    // No client certificate: the simulator's optional request gets none.
    transaction(&fx, &mut c);
    assert!(fx.running.records().client_certificates.is_empty());

    // From a store with the key (PEM key blob), picked by subject.
    let (der_a, pem_a, key_a) = client_certificate("threeds kiosk A");
    let store = format!("{key_a}{pem_a}");
    c.set_ssl_cert_store(StoreType::PemKeyBlob, store.as_bytes(), "", "kiosk A")
        .unwrap();
    assert_eq!(c.ssl_cert_subject(), "CN=threeds kiosk A");
    assert!(c.ssl_cert_private_key_available());
    assert_eq!(
        c.ssl_cert_fingerprint_sha256(),
        Certificate::from_der(&der_a).unwrap().fingerprint_sha256()
    );
    transaction(&fx, &mut c);
    assert_eq!(
        fx.running.records().client_certificates,
        core::slice::from_ref(&der_a)
    );

    // SSLCACerts: CA certificates sent after the client certificate; the
    // handshake still completes with them.
    let (_, pem_ca, _) = client_certificate("threeds kiosk CA");
    c.config(&format!("SSLCACerts={pem_ca}")).unwrap();
    assert_eq!(c.config("SSLCACerts").unwrap(), pem_ca);
    transaction(&fx, &mut c);
    c.config("SSLCACerts=").unwrap();

    // ssl_cert_encoded (Base64 of the DER), its key searched in the store.
    let (der_b, _, key_b) = client_certificate("threeds kiosk B");
    c.set_ssl_cert_encoded(
        Base64::encode_string(&der_b).as_bytes(),
        StoreType::PemKeyBlob,
        key_b.as_bytes(),
        "",
    )
    .unwrap();
    transaction(&fx, &mut c);
    assert_eq!(
        fx.running.records().client_certificates,
        [der_a.clone(), der_a.clone(), der_b.clone()]
    );

    // A store without the certificate's key is refused; B stays in use.
    let err = c
        .set_ssl_cert_encoded(
            pem_a.as_bytes(),
            StoreType::PemKeyBlob,
            key_b.as_bytes(),
            "",
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCertificate, "{err}");
    assert_eq!(c.ssl_cert_subject(), "CN=threeds kiosk B");
    let err = c
        .set_ssl_cert_store(StoreType::PemKeyBlob, store.as_bytes(), "", "nobody")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidCertificate, "{err}");

    // An empty store removes it.
    c.set_ssl_cert_store(StoreType::Auto, b"", "", "").unwrap();
    assert_eq!(c.ssl_cert_subject(), "");
    transaction(&fx, &mut c);
    assert_eq!(
        fx.running.records().client_certificates,
        [der_a.clone(), der_a, der_b]
    );
    fx.running.stop();
}

#[test]
fn ssl_config_settings_change_the_next_handshake() {
    let fx = Fixture::start();
    let mut c = fx.client("2.2.0", true, None);
    // A client that trusts nothing yet: the CA comes through config().
    *c.transport_mut() = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .build()
        .unwrap();
    let ca_pem = Certificate::from_der(&fx.pki.tls_ca.cert_der)
        .unwrap()
        .to_pem();
    c.config(&format!("SSLServerCACerts={ca_pem}")).unwrap();
    assert_eq!(c.config("SSLServerCACerts").unwrap(), ca_pem);

    c.config("SSLEnabledProtocols=3072").unwrap();
    assert_eq!(c.config("SSLEnabledProtocols").unwrap(), "3072");
    let dir = std::env::temp_dir().join(format!("threeds-keylog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keylog = dir.join("keys.txt");
    let _ = std::fs::remove_file(&keylog);
    c.config(&format!("SSLKeyLogFile={}", keylog.display()))
        .unwrap();
    transaction(&fx, &mut c);
    assert_eq!(c.config("SSLNegotiatedVersion").unwrap(), "TLS1.2");
    assert!(c.events().server_certs.iter().all(|(_, s)| s == "OK"));
    // TLS 1.2 logs one CLIENT_RANDOM line per handshake: one connection.
    let lines = std::fs::read_to_string(&keylog).unwrap();
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.starts_with("CLIENT_RANDOM "))
            .count(),
        1,
        "{lines}"
    );

    // A value the transport refuses changes nothing.
    let err = c.config("SSLEnabledProtocols=0").unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidOperation, "{err}");
    assert!(err.message.contains("SSLEnabledProtocols"), "{err}");
    assert_eq!(c.config("SSLEnabledProtocols").unwrap(), "3072");
    assert_eq!(
        c.config("SSLServerCACerts=not a certificate")
            .unwrap_err()
            .code,
        ErrorCode::InvalidCertificate
    );
    assert_eq!(c.config("SSLServerCACerts").unwrap(), ca_pem);

    // TLS 1.3 only, the CA from a file list (the first existing file wins).
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca_pem).unwrap();
    c.config("SSLServerCACerts=").unwrap();
    c.config(&format!(
        "SSLCACertFilePaths={};{}",
        dir.join("missing.pem").display(),
        ca_file.display()
    ))
    .unwrap();
    c.config("SSLEnabledProtocols=12288").unwrap();
    c.config("SSLKeyLogFile=").unwrap();
    transaction(&fx, &mut c);
    assert_eq!(c.config("SSLNegotiatedVersion").unwrap(), "TLS1.3");
    assert!(c.events().server_certs.iter().all(|(_, s)| s == "OK"));
    let _ = std::fs::remove_dir_all(&dir);

    // Without any trusted CA, the next connection fails verification.
    c.config("SSLCACertFilePaths=").unwrap();
    c.reset_transaction_info();
    fx.authenticate(&mut c, "challenge-text").unwrap();
    let err = c.send_challenge_request().unwrap_err();
    assert_eq!(err.code, ErrorCode::HttpProtocol, "{err}");
    fx.running.stop();
}

#[test]
fn reset_puts_the_transport_settings_back_to_the_built_ones() {
    let fx = Fixture::start();
    let proxy = ConnectProxy::start();
    let mut c = fx.client("2.3.1", false, None);
    let built_protocols = c.config("SSLEnabledProtocols").unwrap();
    // Everything the reference lets a client change on its connection:
    // proxy, client certificate, SSL settings, an accepted certificate.
    c.set_proxy_server("127.0.0.1").unwrap();
    c.set_proxy_port(proxy.addr.port()).unwrap();
    c.set_proxy_user("kiosk").unwrap();
    c.set_proxy_password("pw").unwrap();
    let (der, pem, key) = client_certificate("threeds kiosk R");
    c.set_ssl_cert_store(
        StoreType::PemKeyBlob,
        format!("{key}{pem}").as_bytes(),
        "",
        "",
    )
    .unwrap();
    c.config("SSLEnabledProtocols=3072").unwrap();
    transaction(&fx, &mut c);
    assert_eq!(proxy.heads().len(), 1);
    assert_eq!(
        fx.running.records().client_certificates,
        core::slice::from_ref(&der)
    );
    assert_eq!(c.config("SSLNegotiatedVersion").unwrap(), "TLS1.2");

    c.reset();
    // The read-outs show the built transport's values…
    assert_eq!(c.proxy_server(), "");
    assert_eq!(c.proxy_port(), 80);
    assert_eq!(
        (c.proxy_user(), c.proxy_password()),
        (String::new(), String::new())
    );
    assert!(c.ssl_cert().is_none());
    assert_eq!(c.ssl_cert_subject(), "");
    assert_eq!(c.config("SSLEnabledProtocols").unwrap(), built_protocols);
    assert!(
        c.config("SSLNegotiatedVersion")
            .unwrap_or_default()
            .is_empty()
    );
    // …and the next exchange uses them: direct (no tunnel), no client
    // certificate, TLS 1.3 allowed again.
    fx.configure(&mut c, "2.3.1", false);
    transaction(&fx, &mut c);
    assert_eq!(proxy.heads().len(), 1, "no second tunnel");
    assert_eq!(
        fx.running.records().client_certificates,
        core::slice::from_ref(&der),
        "no client certificate after reset"
    );
    assert_eq!(c.config("SSLNegotiatedVersion").unwrap(), "TLS1.3");
    fx.running.stop();
}
