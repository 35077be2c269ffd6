//! A firmware integration template on a host: `threeds_embedded`'s
//! `EmbeddedTransport` over a blocking TCP stream with a TLS layer, a TRNG
//! driver as the `Rng`, and `TickClock` from a tick counter, running a whole
//! transaction (AReq, ARes, challenge) against the simulator with
//! caller-owned, fixed-size buffers.
//!
//! On a board, replace the stand-ins: `board::Trng` reads the TRNG
//! peripheral, `board::ticks()` the 64-bit-extended SysTick or RTC prescaler,
//! and `TlsConnector` the terminal's TLS stack over its TCP stack (here rustls
//! on a `std::net::TcpStream`). Everything else is what the firmware runs.
//! `firmware_tls.rs` is the same with the TLS 1.3 client of `threeds-embedded`
//! (feature `embedded-tls`) over the plain TCP stream.
//!
//! ```sh
//! cargo run -p threeds-examples --example firmware
//! ```

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;

use embedded_io::{ErrorKind, ErrorType};
use threeds_core::message::TransStatus;
use threeds_core::platform::{TransportError, TransportErrorKind};
use threeds_embedded::clock::{FnTicks, TickClock};
use threeds_embedded::transport::{Connector, EmbeddedTransport};
use threeds_examples::board::{Trng, ticks};
use threeds_examples::terminal::run_transaction;
use threeds_examples::{BoxError, SimTarget};

// ---- stand-in: the TLS stack over TCP ----------------------------------

/// Opens TLS connections (on a board: the vendor TLS library over the TCP
/// stack, or a modem with TLS offload).
struct TlsConnector {
    config: Arc<rustls::ClientConfig>,
}

/// A blocking TLS stream as `embedded-io` sees it.
struct TlsStream(rustls::StreamOwned<rustls::ClientConnection, TcpStream>);

#[derive(Debug)]
struct ConnectError(TransportErrorKind, String);

impl core::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.1)
    }
}

impl TransportError for ConnectError {
    fn kind(&self) -> TransportErrorKind {
        self.0
    }
}

impl Connector for TlsConnector {
    type Stream = TlsStream;
    type Error = ConnectError;

    fn connect(
        &mut self,
        host: &str,
        port: u16,
        budget_ms: u64,
    ) -> Result<TlsStream, ConnectError> {
        let fail =
            |kind, e: &dyn core::fmt::Display| ConnectError(kind, format!("{host}:{port}: {e}"));
        // The connect itself waits at most what is left of the exchange's budget.
        let budget = core::time::Duration::from_millis(budget_ms.max(1));
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
            .map_err(|e| fail(TransportErrorKind::Connection, &e))?
            .next()
            .ok_or_else(|| fail(TransportErrorKind::Connection, &"no address"))?;
        let tcp = TcpStream::connect_timeout(&addr, budget)
            .map_err(|e| fail(TransportErrorKind::Connection, &e))?;
        // A short socket timeout: the transport's clock decides when the
        // exchange has waited too long, so a read must come back regularly.
        tcp.set_read_timeout(Some(core::time::Duration::from_millis(100)))
            .map_err(|e| fail(TransportErrorKind::Connection, &e))?;
        let name = rustls_pki_types::ServerName::try_from(host.to_owned())
            .map_err(|e| fail(TransportErrorKind::Other, &e))?;
        let conn = rustls::ClientConnection::new(Arc::clone(&self.config), name)
            .map_err(|e| fail(TransportErrorKind::Tls, &e))?;
        Ok(TlsStream(rustls::StreamOwned::new(conn, tcp)))
    }
}

impl ErrorType for TlsStream {
    type Error = ErrorKind;
}

/// std reports a socket read timeout as `WouldBlock`; the transport retries
/// `TimedOut` until its own deadline, so map it there.
fn io_kind(e: &std::io::Error) -> ErrorKind {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => ErrorKind::TimedOut,
        std::io::ErrorKind::Interrupted => ErrorKind::Interrupted,
        std::io::ErrorKind::InvalidData => ErrorKind::InvalidData,
        _ => ErrorKind::Other,
    }
}

impl embedded_io::Read for TlsStream {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        match self.0.read(buf) {
            // A peer that closes without close_notify has sent everything.
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(0),
            other => other.map_err(|e| io_kind(&e)),
        }
    }
}

impl embedded_io::Write for TlsStream {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.0.write(buf).map_err(|e| io_kind(&e))
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        self.0.flush().map_err(|e| io_kind(&e))
    }
}

// ---- the firmware's setup ------------------------------------------------

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;

    // The TLS stack trusts the ACS's TLS CA (the simulator's here).
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

    let mut rng = Trng;
    let mut clock = TickClock::new(FnTicks::new(ticks, 1_000_000));
    // Wall time from the RTC or the host: certificate validity needs it.
    let unix_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    clock.set_unix_time(unix_now);

    let mut scratch = [0u8; 4 * 1024];
    let mut transport = EmbeddedTransport::new(
        TlsConnector {
            config: Arc::new(tls),
        },
        &clock,
        &mut scratch,
    );
    let status = run_transaction(&sim, &mut transport, &clock, &mut rng)?;
    println!(
        "challenge-text over EmbeddedTransport: transStatus {}",
        status.as_str()
    );
    if status != TransStatus::Authenticated {
        return Err("not authenticated".into());
    }
    Ok(())
}
