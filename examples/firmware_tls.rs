//! The firmware template with TLS on the device: `threeds_embedded`'s
//! `TlsTransport` (feature `embedded-tls`, TLS 1.3) over a plain blocking TCP
//! stream, the ACS authenticated against the configured TLS roots by the
//! core's X.509 validator, a TRNG driver and `TickClock`; the same
//! transaction as `firmware.rs` (`threeds_examples::terminal`).
//!
//! On a board, `Tcp` is the TCP stack's socket, `board::Trng` the TRNG and
//! `board::ticks` the tick counter; the two TLS record buffers (about 20 KiB)
//! are statics there.
//!
//! ```sh
//! cargo run -p threeds-examples --features embedded-tls --example firmware_tls
//! ```

use std::io::{Read as _, Write as _};
use std::net::TcpStream;

use embedded_io::{ErrorKind, ErrorType};
use threeds_core::message::TransStatus;
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{TransportError, TransportErrorKind};
use threeds_embedded::clock::{FnTicks, TickClock};
use threeds_embedded::tls::{RX_BUFFER_LEN, TX_BUFFER_LEN, TcpConnect, TlsBuffers, TlsTransport};
use threeds_examples::board::{Trng, ticks};
use threeds_examples::terminal::run_transaction;
use threeds_examples::{BoxError, SimTarget};

/// The TCP stack (on a board: its socket API).
struct Tcp;

/// A connected socket as `embedded-io` sees it.
struct Socket(TcpStream);

#[derive(Debug)]
struct TcpError(String);

impl core::fmt::Display for TcpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TransportError for TcpError {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Connection
    }
}

impl TcpConnect for Tcp {
    type Stream = Socket;
    type Error = TcpError;

    fn connect(&mut self, host: &str, port: u16, budget_ms: u64) -> Result<Socket, TcpError> {
        let fail = |e: &dyn core::fmt::Display| TcpError(format!("{host}:{port}: {e}"));
        // The connect itself waits at most what is left of the exchange's budget.
        let addr = std::net::ToSocketAddrs::to_socket_addrs(&(host, port))
            .map_err(|e| fail(&e))?
            .next()
            .ok_or_else(|| fail(&"no address"))?;
        let tcp =
            TcpStream::connect_timeout(&addr, core::time::Duration::from_millis(budget_ms.max(1)))
                .map_err(|e| fail(&e))?;
        // A short socket timeout: the transport's clock decides when to give up.
        tcp.set_read_timeout(Some(core::time::Duration::from_millis(100)))
            .map_err(|e| TcpError(e.to_string()))?;
        Ok(Socket(tcp))
    }
}

impl ErrorType for Socket {
    type Error = ErrorKind;
}

/// std reports a socket read timeout as `WouldBlock`; the transport retries
/// `TimedOut` until its own deadline.
fn io_kind(e: &std::io::Error) -> ErrorKind {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => ErrorKind::TimedOut,
        std::io::ErrorKind::Interrupted => ErrorKind::Interrupted,
        _ => ErrorKind::Other,
    }
}

impl embedded_io::Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.0.read(buf).map_err(|e| io_kind(&e))
    }
}

impl embedded_io::Write for Socket {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        self.0.write(buf).map_err(|e| io_kind(&e))
    }

    fn flush(&mut self) -> Result<(), ErrorKind> {
        self.0.flush().map_err(|e| io_kind(&e))
    }
}

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;

    // The roots the ACS's TLS certificate must chain to (the simulator's TLS CA).
    let tls_ca = sim.tls_ca()?;
    let tls_roots =
        TrustAnchors::from_der(&[tls_ca.der()]).map_err(|e| format!("TLS roots: {e:?}"))?;

    let mut clock = TickClock::new(FnTicks::new(ticks, 1_000_000));
    // Wall time from the RTC or the host: certificate validity needs it.
    let unix_now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    clock.set_unix_time(unix_now);

    let (mut scratch, mut rx, mut tx) = (
        [0u8; 4 * 1024],
        vec![0u8; RX_BUFFER_LEN],
        vec![0u8; TX_BUFFER_LEN],
    );
    let mut transport = TlsTransport::new(
        Tcp,
        &clock,
        Trng,
        &tls_roots,
        TlsBuffers {
            scratch: &mut scratch,
            tls_rx: &mut rx,
            tls_tx: &mut tx,
        },
    );
    let status = run_transaction(&sim, &mut transport, &clock, &mut Trng)?;
    println!(
        "challenge-text over TlsTransport (embedded-tls): transStatus {}",
        status.as_str()
    );
    if status != TransStatus::Authenticated {
        return Err("not authenticated".into());
    }
    Ok(())
}
