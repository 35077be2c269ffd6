//! Feature `embedded-tls`: real TLS 1.3 handshakes and HTTP POSTs against a loopback
//! rustls server (ring) whose certificates come from an rcgen test CA, the embedded
//! client running over std `TcpStream`s through `embedded-io-adapters`.

mod common;

use core::time::Duration;
use std::io::Write as _;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use common::block_on;
use common::socket::{IoFailure, StdClock, TimeoutStream, map_timeout};
use embedded_io::ErrorKind;
use embedded_io_adapters::std::FromStd;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, SanType,
    date_time_ymd,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};
use threeds_core::pki::{ChainError, TrustAnchors};
use threeds_core::platform::{Clock, HttpRequest, Transport, TransportError, TransportErrorKind};
use threeds_embedded::http::{Limits, Post, Url, nonblocking};
use threeds_embedded::tls::{
    AsyncTlsStream, CertificateFailure, RX_BUFFER_LEN, ServerAuth, TX_BUFFER_LEN, TcpConnect,
    TlsBuffers, TlsConnectError, TlsFailure, TlsStream, TlsTransport,
};
use threeds_embedded::transport::EmbeddedTransportError;

// ---------------------------------------------------------------- PKI (rcgen)

fn ca(name: &str) -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

struct ServerIdentity {
    chain: Vec<Vec<u8>>,
    key_pkcs8: Vec<u8>,
}

#[derive(Clone, Copy)]
enum LeafKey {
    P256,
    Rsa2048,
}

fn rsa_key_pair() -> KeyPair {
    use rsa::pkcs8::EncodePrivateKey as _;
    let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
    let key = rsa::PrivateKey::new(&mut rng, 2048).unwrap();
    let der = key.to_pkcs8_der().unwrap();
    let der = PrivatePkcs8KeyDer::from(der.as_bytes().to_vec());
    KeyPair::from_pkcs8_der_and_sign_algo(&der, &rcgen::PKCS_RSA_SHA256).unwrap()
}

/// A leaf for `names` (DNS names or IP literals) issued by `issuer`.
fn leaf(
    issuer: &CertifiedIssuer<'static, KeyPair>,
    names: &[&str],
    key: LeafKey,
    expired: bool,
) -> ServerIdentity {
    leaf_with(issuer, names, key, expired, |_| {})
}

fn leaf_with(
    issuer: &CertifiedIssuer<'static, KeyPair>,
    names: &[&str],
    key: LeafKey,
    expired: bool,
    tweak: impl FnOnce(&mut CertificateParams),
) -> ServerIdentity {
    let key = match key {
        LeafKey::P256 => KeyPair::generate().unwrap(),
        LeafKey::Rsa2048 => rsa_key_pair(),
    };
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.subject_alt_names = names
        .iter()
        .map(|n| match n.parse() {
            Ok(ip) => SanType::IpAddress(ip),
            Err(_) => SanType::DnsName((*n).try_into().unwrap()),
        })
        .collect();
    params
        .distinguished_name
        .push(DnType::CommonName, "ACS test server");
    if expired {
        params.not_before = date_time_ymd(2020, 1, 1);
        params.not_after = date_time_ymd(2020, 12, 31);
    }
    tweak(&mut params);
    let cert = params.signed_by(&key, issuer).unwrap();
    ServerIdentity {
        chain: vec![cert.der().to_vec(), issuer.der().to_vec()],
        key_pkcs8: key.serialize_der(),
    }
}

fn anchors(ca: &CertifiedIssuer<'static, KeyPair>) -> TrustAnchors {
    TrustAnchors::from_der(&[ca.der().to_vec()]).unwrap()
}

// ---------------------------------------------------------------- server (rustls)

static TLS13_ONLY: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS13];
static TLS12_ONLY: &[&rustls::SupportedProtocolVersion] = &[&rustls::version::TLS12];

/// What the server saw on one connection.
#[derive(Debug)]
struct Seen {
    sni: Option<String>,
    version: Option<rustls::ProtocolVersion>,
    request_body: Vec<u8>,
}

/// Serves HTTPS on 127.0.0.1:0 with `identity`, answering each POST with
/// `CRes:` + the request body; reports what it saw per connection.
fn start_server(
    identity: &ServerIdentity,
    versions: &'static [&'static rustls::SupportedProtocolVersion],
) -> (u16, Receiver<Seen>) {
    start_server_signing_with(identity, &identity.key_pkcs8, versions)
}

/// Always presents one chain, signing CertificateVerify with `signing_key_pkcs8`
/// (which need not be the leaf's key: rustls does not check here).
#[derive(Debug)]
struct FixedCert(Arc<rustls::sign::CertifiedKey>);

impl rustls::server::ResolvesServerCert for FixedCert {
    fn resolve(
        &self,
        _hello: rustls::server::ClientHello<'_>,
    ) -> Option<Arc<rustls::sign::CertifiedKey>> {
        Some(self.0.clone())
    }
}

fn start_server_signing_with(
    identity: &ServerIdentity,
    signing_key_pkcs8: &[u8],
    versions: &'static [&'static rustls::SupportedProtocolVersion],
) -> (u16, Receiver<Seen>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = provider
        .key_provider
        .load_private_key(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            signing_key_pkcs8.to_vec(),
        )))
        .unwrap();
    let chain = identity
        .chain
        .iter()
        .map(|c| CertificateDer::from(c.clone()))
        .collect();
    let certified = Arc::new(rustls::sign::CertifiedKey::new(chain, key));
    let config = ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(versions)
        .unwrap()
        .with_no_client_auth()
        .with_cert_resolver(Arc::new(FixedCert(certified)));
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let config = config.clone();
            let tx = tx.clone();
            thread::spawn(move || serve(stream, config, &tx));
        }
    });
    (port, rx)
}

fn serve(stream: TcpStream, config: Arc<ServerConfig>, tx: &Sender<Seen>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let conn = ServerConnection::new(config).unwrap();
    let mut tls = StreamOwned::new(conn, stream);
    let body = read_request(&mut tls);
    let seen = Seen {
        sni: tls.conn.server_name().map(str::to_owned),
        version: tls.conn.protocol_version(),
        request_body: body.as_ref().cloned().unwrap_or_default(),
    };
    if let Ok(body) = body {
        let mut response = b"CRes:".to_vec();
        response.extend_from_slice(&body);
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            response.len()
        );
        let _ = tls.write_all(head.as_bytes());
        let _ = tls.write_all(&response);
        tls.conn.send_close_notify();
        let _ = tls.flush();
    }
    let _ = tx.send(seen);
}

fn read_request(tls: &mut impl std::io::Read) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = tls.read(&mut buf)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            let body_start = end + 4;
            while data.len() < body_start + len {
                let n = tls.read(&mut buf)?;
                if n == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                data.extend_from_slice(&buf[..n]);
            }
            return Ok(data[body_start..body_start + len].to_vec());
        }
    }
}

// ---------------------------------------------------------------- client plumbing

fn now_unix() -> u64 {
    StdClock(std::time::Instant::now()).now_unix()
}

/// Connects every host name to the loopback server (no DNS in tests).
struct Loopback {
    port: u16,
}

impl TcpConnect for Loopback {
    type Stream = TimeoutStream;
    type Error = IoFailure;
    fn connect(
        &mut self,
        _host: &str,
        port: u16,
        _budget_ms: u64,
    ) -> Result<TimeoutStream, IoFailure> {
        assert_eq!(port, self.port, "the URL's port reaches the connector");
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(IoFailure)?;
        // Short socket timeout: the transport's clock decides when to give up.
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .map_err(IoFailure)?;
        Ok(TimeoutStream(FromStd::new(stream)))
    }
}

struct Buffers {
    scratch: Vec<u8>,
    rx: Vec<u8>,
    tx: Vec<u8>,
}

impl Buffers {
    fn new() -> Self {
        Self {
            scratch: vec![0; 4096],
            rx: vec![0; RX_BUFFER_LEN],
            tx: vec![0; TX_BUFFER_LEN],
        }
    }
    fn tls(&mut self) -> TlsBuffers<'_> {
        TlsBuffers {
            scratch: &mut self.scratch,
            tls_rx: &mut self.rx,
            tls_tx: &mut self.tx,
        }
    }
}

type PostError = EmbeddedTransportError<TlsConnectError<IoFailure>, TlsFailure>;

/// One CReq POST through `TlsTransport`; returns the response body.
fn post(url: &str, port: u16, trust: &TrustAnchors, body: &[u8]) -> Result<Vec<u8>, PostError> {
    post_with_timeout(url, port, trust, body, 10_000)
}

fn post_with_timeout(
    url: &str,
    port: u16,
    trust: &TrustAnchors,
    body: &[u8],
    timeout_ms: u64,
) -> Result<Vec<u8>, PostError> {
    let mut buffers = Buffers::new();
    let mut transport = TlsTransport::new(
        Loopback { port },
        StdClock(std::time::Instant::now()),
        getrandom::SysRng,
        trust,
        buffers.tls(),
    );
    let request = HttpRequest {
        url,
        content_type: "application/jose; charset=UTF-8",
        body,
        timeout_ms,
    };
    let mut response = vec![0u8; 64 * 1024];
    let r = transport.post(&request, &mut response)?;
    assert_eq!(r.status, 200);
    response.truncate(r.body_len);
    Ok(response)
}

fn creq_body() -> Vec<u8> {
    // A JWE-sized body spanning more than one TX record.
    (0..6000u32).map(|i| b'A' + (i % 26) as u8).collect()
}

fn expect_tls_failure(err: PostError) -> TlsFailure {
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err}");
    match err {
        EmbeddedTransportError::Connect(TlsConnectError::Tls(f)) => f,
        other => panic!("expected a TLS handshake failure, got {other:?}"),
    }
}

/// POSTs `body` to `https://{host}:{port}/`, trusting `trust`, and asserts that the
/// handshake fails the way `expected` accepts (the failure is printed when it does not).
fn assert_refused(
    host: &str,
    port: u16,
    trust: &TrustAnchors,
    body: &[u8],
    expected: impl FnOnce(&TlsFailure) -> bool,
) {
    let err = post(&format!("https://{host}:{port}/"), port, trust, body).unwrap_err();
    let failure = expect_tls_failure(err);
    assert!(expected(&failure), "{failure:?}");
}

// ---------------------------------------------------------------- tests

#[test]
fn creq_post_over_tls13_with_p256_server() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, seen) = start_server(&id, TLS13_ONLY);
    let body = creq_body();
    let url = format!("https://acs.test:{port}/challenge?x=1");
    let response = post(&url, port, &anchors(&ca), &body).unwrap();
    assert_eq!(&response[..5], b"CRes:");
    assert_eq!(&response[5..], &body[..]);
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(seen.sni.as_deref(), Some("acs.test"));
    assert_eq!(seen.version, Some(rustls::ProtocolVersion::TLSv1_3));
    assert_eq!(seen.request_body, body);
}

#[test]
fn creq_post_over_tls13_with_rsa_server_uses_pss() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::Rsa2048, false);
    let (port, seen) = start_server(&id, rustls::ALL_VERSIONS);
    let url = format!("https://acs.test:{port}/");
    let response = post(&url, port, &anchors(&ca), b"{\"creq\":1}").unwrap();
    assert_eq!(response, b"CRes:{\"creq\":1}");
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(seen.version, Some(rustls::ProtocolVersion::TLSv1_3));
}

#[test]
fn ip_literal_host_matches_ip_san_and_sends_no_sni() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["127.0.0.1"], LeafKey::P256, false);
    let (port, seen) = start_server(&id, TLS13_ONLY);
    let url = format!("https://127.0.0.1:{port}/");
    let response = post(&url, port, &anchors(&ca), b"x").unwrap();
    assert_eq!(response, b"CRes:x");
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(seen.sni, None, "RFC 6066: no IP literal in SNI");
}

#[test]
fn wildcard_san_matches_one_label() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["*.acs.test"], LeafKey::P256, false);
    let (port, _seen) = start_server(&id, TLS13_ONLY);
    let trust = anchors(&ca);
    let ok = post(&format!("https://eu.acs.test:{port}/"), port, &trust, b"x");
    assert_eq!(ok.unwrap(), b"CRes:x");
    assert_refused("a.eu.acs.test", port, &trust, b"x", |f| {
        matches!(
            f,
            TlsFailure::Certificate(CertificateFailure::HostnameMismatch)
        )
    });
}

#[test]
fn wrong_ca_is_an_untrusted_chain() {
    let ca = ca("embedded TLS test CA");
    let other = ca_other();
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, seen) = start_server(&id, TLS13_ONLY);
    assert_refused("acs.test", port, &anchors(&other), b"secret creq", |f| {
        matches!(
            f,
            TlsFailure::Certificate(CertificateFailure::Chain(ChainError::UnknownIssuer { .. }))
        )
    });
    // The server never got the request.
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(seen.request_body.is_empty());
}

fn ca_other() -> CertifiedIssuer<'static, KeyPair> {
    ca("some other CA")
}

#[test]
fn wrong_hostname_is_refused() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, _seen) = start_server(&id, TLS13_ONLY);
    assert_refused("evil.test", port, &anchors(&ca), b"x", |f| {
        matches!(
            f,
            TlsFailure::Certificate(CertificateFailure::HostnameMismatch)
        )
    });
}

#[test]
fn client_auth_only_eku_is_refused() {
    let ca = ca("embedded TLS test CA");
    let id = leaf_with(&ca, &["acs.test"], LeafKey::P256, false, |p| {
        p.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    });
    let (port, _seen) = start_server(&id, TLS13_ONLY);
    assert_refused("acs.test", port, &anchors(&ca), b"x", |f| {
        matches!(
            f,
            TlsFailure::Certificate(CertificateFailure::NotServerAuth)
        )
    });
}

/// A server that presents a valid chain but cannot sign with its key (an attacker
/// replaying someone else's certificate) fails the CertificateVerify check.
#[test]
fn certificate_verify_with_another_key_is_refused() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let impostor = KeyPair::generate().unwrap().serialize_der();
    let (port, seen) = start_server_signing_with(&id, &impostor, TLS13_ONLY);
    assert_refused("acs.test", port, &anchors(&ca), b"x", |f| {
        matches!(f, TlsFailure::Certificate(CertificateFailure::BadSignature))
    });
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(seen.request_body.is_empty());
}

#[test]
fn expired_leaf_is_refused() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, true);
    let (port, _seen) = start_server(&id, TLS13_ONLY);
    assert_refused("acs.test", port, &anchors(&ca), b"x", |f| {
        matches!(
            f,
            TlsFailure::Certificate(CertificateFailure::Chain(ChainError::Expired { .. }))
        )
    });
}

#[test]
fn tls12_only_server_is_a_protocol_version_failure() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, _seen) = start_server(&id, TLS12_ONLY);
    assert_refused("acs.test", port, &anchors(&ca), b"x", |f| {
        matches!(f, TlsFailure::ProtocolVersion)
    });
}

/// A peer that accepts TCP and then says nothing: the inactivity timeout, enforced
/// beneath TLS on the transport's clock, ends the handshake.
#[test]
fn silent_peer_times_out_during_the_handshake() {
    let ca = ca("embedded TLS test CA");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let holder = thread::spawn(move || {
        let (socket, _) = listener.accept().unwrap();
        thread::sleep(Duration::from_secs(3));
        drop(socket);
    });
    let started = std::time::Instant::now();
    let err = post_with_timeout(
        &format!("https://acs.test:{port}/"),
        port,
        &anchors(&ca),
        b"x",
        400,
    )
    .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::TimedOut, "{err}");
    assert!(
        matches!(
            err,
            EmbeddedTransportError::Connect(TlsConnectError::Tls(TlsFailure::TimedOut))
        ),
        "{err:?}"
    );
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    holder.join().unwrap();
}

#[test]
fn plain_http_url_is_refused_before_connecting() {
    let ca = ca("embedded TLS test CA");
    let err = post("http://acs.test:1/", 1, &anchors(&ca), b"x").unwrap_err();
    assert!(matches!(
        err,
        EmbeddedTransportError::Http(threeds_embedded::http::HttpError::InsecureScheme)
    ));
}

/// A hardware TRNG that reports a fault.
struct BrokenTrng;

#[derive(Debug)]
struct TrngFault;

impl core::fmt::Display for TrngFault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TRNG fault")
    }
}

impl core::error::Error for TrngFault {}

impl rand_core::TryRng for BrokenTrng {
    type Error = TrngFault;
    fn try_next_u32(&mut self) -> Result<u32, TrngFault> {
        Err(TrngFault)
    }
    fn try_next_u64(&mut self) -> Result<u64, TrngFault> {
        Err(TrngFault)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), TrngFault> {
        Err(TrngFault)
    }
}

impl rand_core::TryCryptoRng for BrokenTrng {}

#[test]
fn rng_failure_is_typed_and_nothing_is_sent() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, seen) = start_server(&id, TLS13_ONLY);
    let trust = anchors(&ca);
    let tcp = Loopback { port }.connect("acs.test", port, 10_000).unwrap();
    let (mut rx, mut tx) = (vec![0; RX_BUFFER_LEN], vec![0; TX_BUFFER_LEN]);
    let auth = ServerAuth::new(&trust, now_unix());
    let err = TlsStream::connect(tcp, "acs.test", &auth, &mut BrokenTrng, &mut rx, &mut tx)
        .err()
        .unwrap();
    assert!(matches!(err, TlsFailure::Rng));
    assert_eq!(TransportError::kind(&err), TransportErrorKind::Other);
    // The server saw the connection close without a ClientHello.
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(seen.request_body.is_empty() && seen.version.is_none());
}

// ---------------------------------------------------------------- async

/// Blocking std socket behind the async traits: every future is ready at its first poll.
struct AsyncStd(TcpStream);

impl embedded_io_async::ErrorType for AsyncStd {
    type Error = ErrorKind;
}

impl embedded_io_async::Read for AsyncStd {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        std::io::Read::read(&mut self.0, buf).map_err(map_timeout)
    }
}

impl embedded_io_async::Write for AsyncStd {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        std::io::Write::write(&mut self.0, buf).map_err(map_timeout)
    }
    async fn flush(&mut self) -> Result<(), ErrorKind> {
        std::io::Write::flush(&mut self.0).map_err(map_timeout)
    }
}

#[test]
fn async_client_posts_over_tls13() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, seen) = start_server(&id, TLS13_ONLY);
    let trust = anchors(&ca);
    let url_text = format!("https://acs.test:{port}/acs");
    let url = Url::parse(&url_text, false).unwrap();
    let body = creq_body();
    let (mut rx, mut tx) = (vec![0; RX_BUFFER_LEN], vec![0; TX_BUFFER_LEN]);
    let mut scratch = vec![0u8; 4096];
    let mut response = vec![0u8; 16 * 1024];
    let r = block_on(async {
        let tcp = AsyncStd(TcpStream::connect(("127.0.0.1", port)).unwrap());
        let auth = ServerAuth::new(&trust, now_unix());
        let mut tls = AsyncTlsStream::connect(
            tcp,
            url.host(),
            &auth,
            &mut getrandom::SysRng,
            &mut rx,
            &mut tx,
        )
        .await
        .unwrap();
        let post = Post {
            url,
            content_type: "application/jose",
            body: &body,
            extra_headers: &[],
        };
        nonblocking::post(
            &mut tls,
            &post,
            &mut scratch,
            &mut response,
            &Limits::DEFAULT,
        )
        .await
        .unwrap()
    });
    assert_eq!(r.status, 200);
    assert_eq!(&response[..5], b"CRes:");
    assert_eq!(&response[5..r.body_len], &body[..]);
    let seen = seen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(seen.request_body, body);
    assert_eq!(seen.sni.as_deref(), Some("acs.test"));
}

#[test]
fn async_client_refuses_wrong_ca() {
    let ca = ca("embedded TLS test CA");
    let id = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (port, _seen) = start_server(&id, TLS13_ONLY);
    let trust = anchors(&ca_other());
    let (mut rx, mut tx) = (vec![0; RX_BUFFER_LEN], vec![0; TX_BUFFER_LEN]);
    let err = block_on(async {
        let tcp = AsyncStd(TcpStream::connect(("127.0.0.1", port)).unwrap());
        let auth = ServerAuth::new(&trust, now_unix());
        AsyncTlsStream::connect(
            tcp,
            "acs.test",
            &auth,
            &mut getrandom::SysRng,
            &mut rx,
            &mut tx,
        )
        .await
        .err()
        .unwrap()
    });
    assert!(matches!(
        err,
        TlsFailure::Certificate(CertificateFailure::Chain(ChainError::UnknownIssuer { .. }))
    ));
}

// ---------------------------------------------------------------- one deadline per exchange

/// A server whose handshake arrives one byte every 100 ms (a few KB: minutes in all):
/// the exchange still ends at its deadline, because the deadline lives beneath TLS.
#[test]
fn a_dripping_handshake_ends_at_the_deadline() {
    let ca = ca("deadline CA");
    let identity = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    let (server, _) = start_server(&identity, TLS13_ONLY);
    let relay = common::hostile::start_drip_relay(server, Duration::from_millis(100));
    let started = std::time::Instant::now();
    let err = post_with_timeout(
        &format!("https://acs.test:{relay}/challenge"),
        relay,
        &anchors(&ca),
        &creq_body(),
        1_000,
    )
    .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(err.kind(), TransportErrorKind::TimedOut, "{err}");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
}

/// Behind TLS, a response that drips, stalls mid-body or never comes ends at the deadline.
#[test]
fn hostile_responses_over_tls_end_at_the_deadline() {
    use common::hostile::Hostile;
    let ca = ca("deadline CA");
    let identity = leaf(&ca, &["acs.test"], LeafKey::P256, false);
    for behaviour in [
        Hostile::Drip(Duration::from_millis(250)),
        Hostile::StallMidBody,
        Hostile::Silent,
    ] {
        let port = start_hostile_tls(&identity, behaviour);
        let started = std::time::Instant::now();
        let err = post_with_timeout(
            &format!("https://acs.test:{port}/challenge"),
            port,
            &anchors(&ca),
            &creq_body(),
            1_000,
        )
        .unwrap_err();
        let elapsed = started.elapsed();
        assert_eq!(
            err.kind(),
            TransportErrorKind::TimedOut,
            "{behaviour:?}: {err}"
        );
        assert!(
            elapsed < Duration::from_secs(10),
            "{behaviour:?}: took {elapsed:?}"
        );
    }
}

/// A TLS 1.3 server that reads the request, then answers as `behaviour` says (each
/// dripped byte in its own record).
fn start_hostile_tls(identity: &ServerIdentity, behaviour: common::hostile::Hostile) -> u16 {
    use common::hostile::{HOLD, Hostile, RESPONSE};
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = identity
        .chain
        .iter()
        .map(|c| CertificateDer::from(c.clone()))
        .collect();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(identity.key_pkcs8.clone()));
    let config = Arc::new(
        ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(TLS13_ONLY)
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            thread::spawn(move || {
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                let conn = ServerConnection::new(config).unwrap();
                let mut tls = StreamOwned::new(conn, stream);
                if read_request(&mut tls).is_err() {
                    return;
                }
                match behaviour {
                    Hostile::Drip(interval) => {
                        for byte in RESPONSE {
                            if tls.write_all(&[*byte]).and_then(|()| tls.flush()).is_err() {
                                return;
                            }
                            thread::sleep(interval);
                        }
                    }
                    Hostile::StallMidBody => {
                        let _ = tls.write_all(&RESPONSE[..RESPONSE.len() - 6]);
                        let _ = tls.flush();
                        thread::sleep(HOLD);
                    }
                    Hostile::Silent => thread::sleep(HOLD),
                }
            });
        }
    });
    port
}
