//! The HTTPS transport: rustls (ring) on 127.0.0.1 with an ephemeral port
//! and a minimal HTTP/1.1 (Content-Length bodies, keep-alive), one thread
//! per connection.
//!
//! Endpoints: `POST /3ds/auth?scenario=NAME` (SDK auth request → ARes) and
//! `POST /acs/<acsTransID>` (CReq → CRes, or an SDK Erro), and
//! `GET /sim/records` (everything recorded so far, as JSON).

use core::net::SocketAddr;
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread::JoinHandle;

use rustls::ServerConfig;
use rustls::client::danger::HandshakeSignatureValid;
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls_pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::pki::Pki;
use crate::sim::Sim;

/// `GET` here answers [`crate::records::Records::to_json`].
pub const RECORDS_PATH: &str = "/sim/records";

/// Largest request body accepted (the spec's largest CReq is far smaller).
const MAX_BODY: usize = 1 << 20;

/// Asks every client for a certificate and takes any, or none, checking
/// only that a client presenting one holds its key: the simulator records
/// the certificate (`Records::client_certificates`) for tests of mutual TLS
/// and leaves trust decisions to them.
#[derive(Debug)]
struct AnyClientCertificate {
    provider: Arc<rustls::crypto::CryptoProvider>,
}

impl ClientCertVerifier for AnyClientCertificate {
    fn client_auth_mandatory(&self) -> bool {
        false
    }

    fn root_hint_subjects(&self) -> &[rustls::DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: rustls_pki_types::UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

fn tls_config(pki: &Pki) -> Result<Arc<ServerConfig>, rustls::Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let clients = Arc::new(AnyClientCertificate {
        provider: Arc::clone(&provider),
    });
    let chain = vec![
        CertificateDer::from(pki.tls_server.cert_der.clone()),
        CertificateDer::from(pki.tls_ca.cert_der.clone()),
    ];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.tls_server.key_pkcs8.to_vec()));
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(clients)
        .with_single_cert(chain, key)?;
    Ok(Arc::new(config))
}

/// A running HTTPS server.
#[derive(Debug)]
pub struct HttpsServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    sim: Arc<Sim>,
    thread: Option<JoinHandle<()>>,
}

impl HttpsServer {
    /// Binds 127.0.0.1 on an ephemeral port and serves `sim`.
    ///
    /// # Errors
    /// An I/O error if binding fails or the TLS configuration is refused.
    pub fn start(sim: Arc<Sim>) -> io::Result<Self> {
        Self::start_on(sim, 0)
    }

    /// Binds 127.0.0.1 on `port` (0: an ephemeral port) and serves `sim`.
    ///
    /// # Errors
    /// An I/O error if binding fails or the TLS configuration is refused.
    pub fn start_on(sim: Arc<Sim>, port: u16) -> io::Result<Self> {
        Self::start_at(sim, SocketAddr::from(([127, 0, 0, 1], port)), None)
    }

    /// Binds `bind` (port 0: an ephemeral port) and serves `sim`. The ACS URL
    /// in each ARes names `public_host` (the name the SDK reaches this machine
    /// by, which the TLS certificate must list), else the bound address, else
    /// 127.0.0.1 for an unspecified address such as 0.0.0.0.
    ///
    /// # Errors
    /// An I/O error if binding fails or the TLS configuration is refused.
    pub fn start_at(
        sim: Arc<Sim>,
        bind: SocketAddr,
        public_host: Option<&str>,
    ) -> io::Result<Self> {
        let config = tls_config(sim.pki()).map_err(io::Error::other)?;
        let listener = TcpListener::bind(bind)?;
        let addr = listener.local_addr()?;
        let host = match public_host {
            Some(name) => name.to_owned(),
            None if addr.ip().is_unspecified() => "127.0.0.1".to_owned(),
            None => match addr.ip() {
                core::net::IpAddr::V6(ip) => format!("[{ip}]"),
                core::net::IpAddr::V4(ip) => ip.to_string(),
            },
        };
        sim.set_acs_base_url(&format!("https://{host}:{}", addr.port()));
        let stop = Arc::new(AtomicBool::new(false));
        let stop_flag = Arc::clone(&stop);
        let served = Arc::clone(&sim);
        let thread = std::thread::Builder::new()
            .name("threeds-sim-accept".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop_flag.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    sim.record_connection();
                    let sim = Arc::clone(&sim);
                    let config = Arc::clone(&config);
                    let _ = std::thread::Builder::new()
                        .name("threeds-sim-conn".into())
                        .spawn(move || {
                            let _ = serve_connection(stream, config, &sim);
                        });
                }
            })?;
        Ok(Self {
            addr,
            stop,
            sim: served,
            thread: Some(thread),
        })
    }

    /// The bound address.
    #[must_use]
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    /// How many TCP connections the server accepted so far (each one is
    /// one TLS handshake for a client that completes it).
    #[must_use]
    pub fn connections(&self) -> usize {
        self.sim.connections()
    }

    /// Stops accepting connections and joins the accept thread (open
    /// connections finish on their own).
    pub fn stop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for HttpsServer {
    fn drop(&mut self) {
        self.stop();
    }
}

struct Request {
    method: String,
    target: String,
    content_type: Option<String>,
    body: Vec<u8>,
    close: bool,
}

fn read_request<R: BufRead>(reader: &mut R) -> io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad request line",
        ));
    };
    let (method, target) = (method.to_owned(), target.to_owned());
    let mut close = version == "HTTP/1.0";
    let mut length = 0usize;
    let mut content_type = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "eof in headers",
            ));
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-length" => {
                length = value
                    .parse()
                    .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "content-length"))?;
            }
            "content-type" => content_type = Some(value.to_owned()),
            "connection" => close = value.eq_ignore_ascii_case("close"),
            "transfer-encoding" => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "chunked bodies are not supported",
                ));
            }
            _ => {}
        }
    }
    if length > MAX_BODY {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "body too large"));
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        target,
        content_type,
        body,
        close,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn serve_connection(stream: TcpStream, config: Arc<ServerConfig>, sim: &Sim) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let connection = rustls::ServerConnection::new(config).map_err(io::Error::other)?;
    let tls = rustls::StreamOwned::new(connection, stream);
    let mut reader = BufReader::new(tls);
    let mut handshake_recorded = false;
    loop {
        let Some(request) = read_request(&mut reader)? else {
            return Ok(());
        };
        if !handshake_recorded {
            // The handshake is complete once a request was read.
            handshake_recorded = true;
            if let Some(leaf) = reader
                .get_ref()
                .conn
                .peer_certificates()
                .and_then(<[_]>::first)
            {
                sim.record_client_certificate(leaf.to_vec());
            }
        }
        let answer = if request.method == "POST" {
            sim.handle_http(
                &request.target,
                request.content_type.as_deref(),
                &request.body,
            )
        } else if request.method == "GET" && request.target == RECORDS_PATH {
            // What tests in other languages compare their client's events with.
            crate::sim::HttpAnswer::json(&sim.records().to_json())
        } else {
            crate::sim::text_answer(405, "only POST (and GET /sim/records) is served")
        };
        if answer.delay_ms > 0 {
            std::thread::sleep(Duration::from_millis(answer.delay_ms));
        }
        if answer.drop_connection {
            // Close the TCP connection without a TLS close_notify or answer.
            let _ = reader.get_mut().sock.shutdown(std::net::Shutdown::Both);
            return Ok(());
        }
        let tls = reader.get_mut();
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{}\r\n",
            answer.status,
            reason(answer.status),
            answer.content_type,
            answer.body.len(),
            if request.close {
                "Connection: close\r\n"
            } else {
                ""
            }
        );
        tls.write_all(head.as_bytes())?;
        tls.write_all(&answer.body)?;
        tls.flush()?;
        if request.close {
            tls.conn.send_close_notify();
            let _ = tls.flush();
            return Ok(());
        }
    }
}

/// Configuration of [`Simulator::start`].
#[derive(Debug, Clone)]
pub struct SimulatorConfig {
    /// The PKI (generate one with [`Pki::generate`] or load it).
    pub pki: Arc<Pki>,
    /// The roles' configuration.
    pub sim: crate::sim::SimConfig,
}

/// The whole simulator behind HTTPS: start it, point a client at
/// [`RunningSimulator::base_url`], read the records, stop it.
#[derive(Debug)]
pub struct Simulator;

impl Simulator {
    /// Starts the simulator on 127.0.0.1 with an ephemeral port.
    ///
    /// # Errors
    /// An I/O error if the server cannot start or a PKI key is unusable.
    pub fn start(config: SimulatorConfig) -> io::Result<RunningSimulator> {
        Self::start_on(config, 0)
    }

    /// Starts the simulator on 127.0.0.1:`port` (0: an ephemeral port).
    ///
    /// # Errors
    /// An I/O error if the server cannot start or a PKI key is unusable.
    pub fn start_on(config: SimulatorConfig, port: u16) -> io::Result<RunningSimulator> {
        let sim = Arc::new(Sim::new(config.pki, config.sim).map_err(io::Error::other)?);
        let server = HttpsServer::start_on(Arc::clone(&sim), port)?;
        Ok(RunningSimulator { sim, server })
    }

    /// Starts the simulator on `bind`, its ACS URLs naming `public_host`
    /// (see [`HttpsServer::start_at`]).
    ///
    /// # Errors
    /// An I/O error if the server cannot start or a PKI key is unusable.
    pub fn start_at(
        config: SimulatorConfig,
        bind: SocketAddr,
        public_host: Option<&str>,
    ) -> io::Result<RunningSimulator> {
        let sim = Arc::new(Sim::new(config.pki, config.sim).map_err(io::Error::other)?);
        let server = HttpsServer::start_at(Arc::clone(&sim), bind, public_host)?;
        Ok(RunningSimulator { sim, server })
    }
}

/// A running simulator.
#[derive(Debug)]
pub struct RunningSimulator {
    sim: Arc<Sim>,
    server: HttpsServer,
}

impl RunningSimulator {
    /// `https://127.0.0.1:<port>`.
    #[must_use]
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The address the server listens on.
    #[must_use]
    pub fn server_addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The auth endpoint for a scenario.
    #[must_use]
    pub fn auth_url(&self, scenario: &str) -> String {
        format!("{}/3ds/auth?scenario={scenario}", self.base_url())
    }

    /// The PKI (TLS CA to trust, DS root, DS encryption certificates).
    #[must_use]
    pub fn pki(&self) -> &Pki {
        self.sim.pki()
    }

    /// The in-memory simulator behind the server.
    #[must_use]
    pub fn sim(&self) -> &Arc<Sim> {
        &self.sim
    }

    /// A snapshot of the records.
    #[must_use]
    pub fn records(&self) -> crate::records::Records {
        self.sim.records()
    }

    /// TCP connections accepted so far (see [`HttpsServer::connections`]).
    #[must_use]
    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// Stops the server.
    pub fn stop(mut self) {
        self.server.stop();
    }
}
