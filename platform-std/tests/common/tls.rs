//! A loopback TLS server, CONNECT proxies and rcgen certificates for the transport tests.

use core::net::SocketAddr;
use core::time::Duration;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair, date_time_ymd,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig, ServerConnection, StreamOwned};

/// A CA and a leaf for `localhost` issued by it.
pub struct Pki {
    pub ca_der: Vec<u8>,
    pub ca_pem: String,
    pub leaf_der: Vec<u8>,
    pub leaf_key_der: Vec<u8>,
    /// A client certificate issued by the same CA, with its key, as PEM.
    pub client_pem: String,
}

fn ca() -> CertifiedIssuer<'static, KeyPair> {
    let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(DnType::CommonName, "threeds test CA");
    CertifiedIssuer::self_signed(params, KeyPair::generate().unwrap()).unwrap()
}

impl Pki {
    /// A leaf for `localhost`; `expired` makes it valid only in 2020.
    pub fn new(expired: bool) -> Self {
        let ca = ca();
        let leaf_key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        params
            .distinguished_name
            .push(DnType::OrganizationName, "ACS Test");
        if expired {
            params.not_before = date_time_ymd(2020, 1, 1);
            params.not_after = date_time_ymd(2020, 12, 31);
        }
        let leaf = params.signed_by(&leaf_key, &ca).unwrap();
        let client_key = KeyPair::generate().unwrap();
        let mut cparams = CertificateParams::new(vec!["sdk-client".to_owned()]).unwrap();
        cparams
            .distinguished_name
            .push(DnType::CommonName, "sdk client");
        let client = cparams.signed_by(&client_key, &ca).unwrap();
        Self {
            ca_der: ca.der().to_vec(),
            ca_pem: ca.pem(),
            leaf_der: leaf.der().to_vec(),
            leaf_key_der: leaf_key.serialize_der(),
            client_pem: format!("{}{}", client_key.serialize_pem(), client.pem()),
        }
    }
}

/// What the server does with each connection.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// Answers 200 with `body_len` bytes of `b'x'`; with Content-Length when `sized`.
    Respond { body_len: usize, sized: bool },
    /// Completes the handshake, reads the request, never answers.
    Silent,
}

pub struct ServerOptions {
    pub versions: &'static [&'static rustls::SupportedProtocolVersion],
    pub behaviour: Behaviour,
    /// Require a client certificate issued by the test CA.
    pub client_auth: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        Self {
            versions: rustls::ALL_VERSIONS,
            behaviour: Behaviour::Respond {
                body_len: 2,
                sized: true,
            },
            client_auth: false,
        }
    }
}

/// Starts a TLS server on 127.0.0.1:0 serving connections on a detached
/// thread; returns its port and a channel with each request body received.
pub fn start_server(pki: &Pki, opts: ServerOptions) -> (u16, Receiver<Vec<u8>>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(opts.versions)
        .unwrap();
    let builder = if opts.client_auth {
        let mut roots = RootCertStore::empty();
        roots.add(CertificateDer::from(pki.ca_der.clone())).unwrap();
        builder.with_client_cert_verifier(
            WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .build()
                .unwrap(),
        )
    } else {
        builder.with_no_client_auth()
    };
    let config = Arc::new(
        builder
            .with_single_cert(
                vec![
                    CertificateDer::from(pki.leaf_der.clone()),
                    CertificateDer::from(pki.ca_der.clone()),
                ],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.leaf_key_der.clone())),
            )
            .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = channel();
    let behaviour = opts.behaviour;
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let config = config.clone();
            let tx = tx.clone();
            thread::spawn(move || serve(stream, config, behaviour, tx));
        }
    });
    (port, rx)
}

fn serve(stream: TcpStream, config: Arc<ServerConfig>, behaviour: Behaviour, tx: Sender<Vec<u8>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let conn = ServerConnection::new(config).unwrap();
    let mut tls = StreamOwned::new(conn, stream);
    let Ok(body) = read_request(&mut tls) else {
        return; // the client rejected us or went away: fine for failure tests
    };
    let _ = tx.send(body);
    match behaviour {
        Behaviour::Silent => thread::sleep(Duration::from_secs(20)),
        Behaviour::Respond { body_len, sized } => {
            let head = if sized {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nContent-Length: {body_len}\r\nConnection: close\r\n\r\n"
                )
            } else {
                "HTTP/1.1 200 OK\r\nContent-Type: application/jose\r\nConnection: close\r\n\r\n"
                    .to_owned()
            };
            let _ = tls.write_all(head.as_bytes());
            let _ = tls.write_all(&vec![b'x'; body_len]);
            let _ = tls.flush();
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    }
}

/// Reads one HTTP/1.1 request with a Content-Length body.
fn read_request(s: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let mut reader = BufReader::new(s);
    let mut len = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body)?;
    Ok(body)
}

/// A TCP listener that accepts and then never sends a byte.
pub fn start_black_hole() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s);
        }
    });
    port
}

/// A CONNECT proxy. With `refuse`, it answers 403; otherwise it checks nothing,
/// tunnels to the requested target and reports the request head it saw.
pub fn start_proxy(refuse: bool) -> (u16, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = channel();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let tx = tx.clone();
            thread::spawn(move || proxy_one(stream, refuse, tx));
        }
    });
    (port, rx)
}

fn proxy_one(mut client: TcpStream, refuse: bool, tx: Sender<String>) {
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let _ = tx.send(head.clone());
    if refuse {
        let _ = client.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        return;
    }
    let target = head
        .strip_prefix("CONNECT ")
        .and_then(|r| r.split(' ').next())
        .unwrap()
        .to_owned();
    let addr: SocketAddr = target.replace("localhost", "127.0.0.1").parse().unwrap();
    let upstream = TcpStream::connect(addr).unwrap();
    client
        .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
        .unwrap();
    client.set_read_timeout(None).unwrap();
    let (mut c2, mut u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let (mut c1, mut u1) = (client, upstream);
    thread::spawn(move || {
        let _ = std::io::copy(&mut c1, &mut u1);
        let _ = u1.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut u2, &mut c2);
    let _ = c2.shutdown(std::net::Shutdown::Write);
}
