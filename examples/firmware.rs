//! A firmware integration template on a host: `threeds_embedded`'s
//! `EmbeddedTransport` over a blocking TCP stream with a TLS layer, a TRNG
//! driver as the `Rng`, and `TickClock` from a tick counter, running a whole
//! transaction (AReq, ARes, challenge) against the simulator with
//! caller-owned, fixed-size buffers.
//!
//! On a board, replace the three marked stand-ins: `Trng` reads the TRNG
//! peripheral, `ticks()` the 64-bit-extended SysTick or RTC prescaler, and
//! `TlsConnector` the terminal's TLS stack over its TCP stack (here rustls on a
//! `std::net::TcpStream`). Everything else is what the firmware runs.
//!
//! ```sh
//! cargo run -p threeds-examples --example firmware
//! ```

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use embedded_io::{ErrorKind, ErrorType};
use threeds_core::message::{
    ChallengeAnswer, ChallengeScreen, Interface, MessageVersion, TransStatus, UiType,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::{Clock, HttpRequest, Transport, TransportError, TransportErrorKind};
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Timeouts, Transaction,
    run_exchange,
};
use threeds_embedded::clock::{FnTicks, TickClock};
use threeds_embedded::transport::{Connector, EmbeddedTransport};
use threeds_examples::{BoxError, SimTarget};
use threeds_std::certs::{CertFormat, CertStore};

// ---- stand-in 1: the TRNG peripheral -------------------------------------

/// The TRNG driver. On a board `next_word` reads the peripheral's data
/// register after checking its seed/clock error flags.
struct Trng;

/// The peripheral reported a seed or clock error: the SDK gets an error
/// instead of weak keys.
#[derive(Debug)]
struct TrngFault;

impl core::fmt::Display for TrngFault {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TRNG seed or clock error")
    }
}

impl core::error::Error for TrngFault {}

impl Trng {
    fn next_word(&mut self) -> Result<u32, TrngFault> {
        let mut word = [0u8; 4];
        getrandom::fill(&mut word).map_err(|_| TrngFault)?;
        Ok(u32::from_le_bytes(word))
    }
}

impl rand_core::TryRng for Trng {
    type Error = TrngFault;

    fn try_next_u32(&mut self) -> Result<u32, TrngFault> {
        self.next_word()
    }

    fn try_next_u64(&mut self) -> Result<u64, TrngFault> {
        Ok(u64::from(self.next_word()?) << 32 | u64::from(self.next_word()?))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), TrngFault> {
        for chunk in dst.chunks_mut(4) {
            let word = self.next_word()?.to_le_bytes();
            chunk.copy_from_slice(&word[..chunk.len()]);
        }
        Ok(())
    }
}

impl rand_core::TryCryptoRng for Trng {}

// ---- stand-in 2: the tick counter ----------------------------------------

/// A free-running 1 MHz counter (on a board: SysTick extended to 64 bits in
/// its overflow interrupt).
fn ticks() -> u64 {
    static BOOT: OnceLock<Instant> = OnceLock::new();
    let micros = BOOT.get_or_init(Instant::now).elapsed().as_micros();
    u64::try_from(micros).unwrap_or(u64::MAX)
}

// ---- stand-in 3: the TLS stack over TCP ----------------------------------

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

    fn connect(&mut self, host: &str, port: u16) -> Result<TlsStream, ConnectError> {
        let fail =
            |kind, e: &dyn core::fmt::Display| ConnectError(kind, format!("{host}:{port}: {e}"));
        let tcp = TcpStream::connect((host, port))
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

// ---- the firmware's own code ---------------------------------------------

/// The UI types a native-only terminal offers (no HTML renderer).
const UI_TYPES: [UiType; 4] = [
    UiType::Text,
    UiType::SingleSelect,
    UiType::MultiSelect,
    UiType::Oob,
];

fn main() -> Result<(), BoxError> {
    let sim = SimTarget::from_env_or_start()?;

    // Provisioned at manufacture or by the terminal management system.
    let ds_key = CertStore::from_file(&sim.file("ds-enc-ec.crt.pem"), CertFormat::Auto, "")?
        .public_key("*")?;
    let acs_roots = CertStore::from_file(&sim.file("ds-root.crt.pem"), CertFormat::Auto, "")?;
    let root_ders: Vec<&[u8]> = acs_roots.certificates().iter().map(|c| c.der()).collect();
    let roots = TrustAnchors::from_der(&root_ders).map_err(|e| format!("ACS roots: {e:?}"))?;
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

    // Fixed buffers, sized for native UIs (an HTML CRes needs far more).
    let mut scratch = [0u8; 4 * 1024];
    let mut areq = [0u8; 8 * 1024];
    let mut ares = [0u8; 16 * 1024];
    let mut creq = [0u8; 4 * 1024];
    let mut cres = [0u8; 16 * 1024];
    let mut plain = [0u8; 16 * 1024];
    let mut transport = EmbeddedTransport::new(
        TlsConnector {
            config: Arc::new(tls),
        },
        &clock,
        &mut scratch,
    );

    let version = MessageVersion::V2_2_0;
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-EXAMPLE-01",
        timeouts: Timeouts::default(),
        device_info: br#"{"DV":"1.0","DD":{"C001":"Linux","C002":"payment terminal"}}"#,
        use_aes_gcm: true,
        sdk_interface: Interface::Native,
        sdk_ui_types: &UI_TYPES,
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let sdk_part = txn
        .begin(&params, &mut rng, clock.monotonic_ms(), &mut areq)
        .map_err(|e| e.to_string())?;

    // The terminal's back end (its 3DS Server) over the same transport.
    let auth_url = sim.auth_url("challenge-text");
    let response = transport
        .post(
            &HttpRequest {
                url: &auth_url,
                content_type: "application/json; charset=utf-8",
                body: &areq[..sdk_part.len],
                timeout_ms: 30_000,
            },
            &mut ares,
        )
        .map_err(|e| e.to_string())?;
    if response.status != 200 {
        return Err(format!("the 3DS Server answered HTTP {}", response.status).into());
    }
    match txn
        .handle_ares(
            &ares[..response.body_len],
            &AcsTrust::roots(&roots),
            clock.now_unix(),
        )
        .map_err(|e| e.to_string())?
    {
        AresOutcome::Challenge(_) => {}
        AresOutcome::Frictionless(a) | AresOutcome::Decoupled(a) => {
            println!("no challenge: transStatus {}", a.trans_status.as_str());
            return Ok(());
        }
        AresOutcome::Erro(e) => return Err(format!("Erro from the DS: {e:?}").into()),
    }

    let mut answer = ChallengeAnswer::Initial;
    for _round in 0..10 {
        let outcome = run_exchange(
            &mut txn,
            &mut transport,
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
                screen: ChallengeScreen::Text { .. },
                ..
            } => {
                // The keypad entry would come from the PIN pad here.
                println!("  text screen: entering the one-time code");
                ChallengeAnswer::Text {
                    first: Some("123456"),
                    second: None,
                }
            }
            CresOutcome::Screen { ui_type, .. } => {
                return Err(format!("UI type {ui_type:?} is not handled here").into());
            }
            CresOutcome::Completed(status) => {
                println!(
                    "challenge-text over EmbeddedTransport: transStatus {}",
                    status.as_str()
                );
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
