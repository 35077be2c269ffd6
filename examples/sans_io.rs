//! The sans-IO state machine (`Transaction`) with your own HTTPS client: here
//! a minimal HTTP/1.1 POST over rustls on a `TcpStream`, plugged in as the
//! core's `Transport`, so the challenge runs through the core's one exchange
//! driver (`run_exchange`: CReq, POST, CRes, and the Erro after a failure).
//! Replace `OwnHttps` with whatever HTTP stack the app already has.
//!
//! ```sh
//! cargo run -p threeds-examples --example sans_io
//! ```

use core::fmt;
use core::time::Duration;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Instant;

use threeds_core::message::{
    ChallengeAnswer, ChallengeScreen, Interface, MessageVersion, TransStatus, all_ui_types,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Timeouts, Transaction,
    run_exchange,
};
use threeds_examples::{BoxError, SimTarget};
use threeds_std::certs::{CertFormat, CertStore};
use threeds_std::{OsRng, SystemClock};

/// The most an ACS response may occupy beyond the body buffer (status line
/// and headers); anything longer is refused, so a hostile server costs at most
/// the caller's buffer plus this.
const MAX_HEAD: usize = 16 * 1024;

/// An HTTPS client of the app's own: one connection per POST.
struct OwnHttps {
    tls: Arc<rustls::ClientConfig>,
}

#[derive(Debug)]
struct OwnHttpsError {
    kind: TransportErrorKind,
    detail: String,
}

impl OwnHttpsError {
    fn new(kind: TransportErrorKind, detail: impl fmt::Display) -> Self {
        Self {
            kind,
            detail: detail.to_string(),
        }
    }

    /// Read/write failures: a timeout is the protocol's 402, the rest a lost connection.
    fn io(e: std::io::Error) -> Self {
        let kind = match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                TransportErrorKind::TimedOut
            }
            _ => TransportErrorKind::Connection,
        };
        Self::new(kind, e)
    }
}

impl fmt::Display for OwnHttpsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.detail)
    }
}

impl TransportError for OwnHttpsError {
    fn kind(&self) -> TransportErrorKind {
        self.kind
    }
}

impl Transport for OwnHttps {
    type Error = OwnHttpsError;

    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        body_out: &mut [u8],
    ) -> Result<HttpResponse, OwnHttpsError> {
        use TransportErrorKind::{Connection, Other, Protocol, ResponseTooLarge, Tls};
        // The whole exchange shares one deadline.
        let deadline = Instant::now() + Duration::from_millis(request.timeout_ms);
        let left = || {
            deadline
                .saturating_duration_since(Instant::now())
                .max(Duration::from_millis(1))
        };

        let rest = request
            .url
            .strip_prefix("https://")
            .ok_or_else(|| OwnHttpsError::new(Other, "not an https URL"))?;
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let path = if path.is_empty() { "/" } else { path };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>().map_err(|e| OwnHttpsError::new(Other, e))?,
            ),
            None => (authority, 443),
        };
        let addr = (host, port)
            .to_socket_addrs()
            .map_err(|e| OwnHttpsError::new(Connection, e))?
            .next()
            .ok_or_else(|| OwnHttpsError::new(Connection, "no address"))?;
        let tcp = TcpStream::connect_timeout(&addr, left()).map_err(OwnHttpsError::io)?;
        tcp.set_read_timeout(Some(left()))
            .map_err(OwnHttpsError::io)?;
        tcp.set_write_timeout(Some(left()))
            .map_err(OwnHttpsError::io)?;
        let name = rustls_pki_types::ServerName::try_from(host.to_owned())
            .map_err(|e| OwnHttpsError::new(Other, e))?;
        let conn = rustls::ClientConnection::new(Arc::clone(&self.tls), name)
            .map_err(|e| OwnHttpsError::new(Tls, e))?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);

        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            request.content_type,
            request.body.len()
        );
        stream.write_all(head.as_bytes()).map_err(tls_or_io)?;
        stream.write_all(request.body).map_err(tls_or_io)?;
        stream.flush().map_err(tls_or_io)?;

        // Read to the end of the connection, never more than the caller's buffer + a head.
        let cap = body_out.len() + MAX_HEAD;
        let mut raw = Vec::new();
        loop {
            let got = (&mut stream)
                .take((cap + 1 - raw.len()) as u64)
                .read_to_end(&mut raw);
            match got {
                Ok(_) => break,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                // An ACS that closes without close_notify has still sent everything.
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(tls_or_io(e)),
            }
            stream
                .sock
                .set_read_timeout(Some(left()))
                .map_err(OwnHttpsError::io)?;
        }
        if raw.len() > cap {
            return Err(OwnHttpsError::new(
                ResponseTooLarge,
                "response larger than the buffer",
            ));
        }
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| OwnHttpsError::new(Protocol, "no end of headers"))?;
        let (head, body) = (&raw[..split], &raw[split + 4..]);
        let head = core::str::from_utf8(head).map_err(|e| OwnHttpsError::new(Protocol, e))?;
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| OwnHttpsError::new(Protocol, "bad status line"))?;
        if head
            .lines()
            .any(|l| l.to_ascii_lowercase().starts_with("transfer-encoding:"))
        {
            return Err(OwnHttpsError::new(
                Protocol,
                "chunked responses are not handled by this example",
            ));
        }
        let out = body_out
            .get_mut(..body.len())
            .ok_or_else(|| OwnHttpsError::new(ResponseTooLarge, "body larger than the buffer"))?;
        out.copy_from_slice(body);
        Ok(HttpResponse {
            status,
            body_len: body.len(),
        })
    }
}

/// rustls reports certificate problems as `InvalidData` I/O errors.
fn tls_or_io(e: std::io::Error) -> OwnHttpsError {
    if e.kind() == std::io::ErrorKind::InvalidData {
        OwnHttpsError::new(TransportErrorKind::Tls, e)
    } else {
        OwnHttpsError::io(e)
    }
}

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;

    // Keys and roots from the scheme's files.
    let ds = CertStore::from_file(&sim.file("ds-enc-ec.crt.pem"), CertFormat::Auto, "")?;
    let ds_key = ds.public_key("*")?;
    let root_store = CertStore::from_file(&sim.file("ds-root.crt.pem"), CertFormat::Auto, "")?;
    let root_ders: Vec<&[u8]> = root_store.certificates().iter().map(|c| c.der()).collect();
    let roots = TrustAnchors::from_der(&root_ders).map_err(|e| format!("ACS roots: {e:?}"))?;

    // The app's HTTPS stack, trusting the simulator's TLS CA.
    let mut tls_roots = rustls::RootCertStore::empty();
    tls_roots.add(rustls_pki_types::CertificateDer::from(
        sim.tls_ca()?.der().to_vec(),
    ))?;
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_root_certificates(tls_roots)
    .with_no_client_auth();
    let mut https = OwnHttps { tls: Arc::new(tls) };

    let mut rng = OsRng::default();
    let clock = SystemClock::new();
    let version = MessageVersion::V2_2_0;
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-EXAMPLE-01",
        timeouts: Timeouts::default(),
        device_info: br#"{"DV":"1.0","DD":{"C001":"Android"}}"#,
        use_aes_gcm: true,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(version),
        requestor_app_url: None,
        oob_app_url_supported: false,
    };

    // 1. The SDK's part of the AReq, for the app's 3DS Server.
    let mut txn = Transaction::new();
    let mut areq = vec![0u8; 16 * 1024];
    let sdk_part = txn
        .begin(&params, &mut rng, clock.monotonic_ms(), &mut areq)
        .map_err(|e| e.to_string())?;
    let sdk_part = core::str::from_utf8(&areq[..sdk_part.len])?;
    let ares = sim.three_ds_server("challenge-single-select", sdk_part)?;

    // 2. The ARes, checked against the transaction and the ACS roots.
    match txn
        .handle_ares(ares.as_bytes(), &AcsTrust::roots(&roots), clock.now_unix())
        .map_err(|e| e.to_string())?
    {
        AresOutcome::Challenge(_) => {}
        AresOutcome::Frictionless(a) | AresOutcome::Decoupled(a) => {
            println!("no challenge: transStatus {}", a.trans_status.as_str());
            return Ok(());
        }
        AresOutcome::Erro(e) => return Err(format!("the DS answered with an Erro: {e:?}").into()),
    }

    // 3. The challenge: the caller owns every buffer (size them to the UI types you offer).
    let (mut creq, mut cres, mut plain) = (
        vec![0u8; 8 * 1024],
        vec![0u8; 64 * 1024],
        vec![0u8; 64 * 1024],
    );
    let mut answer = ChallengeAnswer::Initial;
    for _round in 0..10 {
        let outcome = run_exchange(
            &mut txn,
            &mut https,
            &ChallengeInput::new(answer),
            &mut rng,
            &clock,
            &mut creq,
            &mut cres,
            &mut plain,
        )
        .map_err(|e| e.to_string())?;
        answer = match outcome {
            CresOutcome::Screen {
                screen: ChallengeScreen::SingleSelect { .. },
                ..
            } => {
                println!("  single-select screen: answering option \"phon\"");
                ChallengeAnswer::SingleSelect("phon")
            }
            CresOutcome::Screen { ui_type, .. } => {
                return Err(format!("this example does not answer UI type {ui_type:?}").into());
            }
            CresOutcome::Completed(status) => {
                println!("challenge-single-select: transStatus {}", status.as_str());
                return if status == TransStatus::Authenticated {
                    Ok(())
                } else {
                    Err("not authenticated".into())
                };
            }
            other => return Err(format!("the challenge ended: {other:?}").into()),
        };
    }
    Err("the ACS did not end the challenge".into())
}
