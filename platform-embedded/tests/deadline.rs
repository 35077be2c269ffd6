//! One deadline per exchange over real loopback TCP: peers that drip, stall mid-body or
//! never answer are cut off at `HttpRequest::timeout_ms`, however the bytes trickle in.
//! Bounds on elapsed time are generous on purpose (a loaded CI machine); the peers keep
//! going for a minute, so an exchange that does not end at its deadline fails them.

mod common;

use core::time::Duration;
use std::net::{TcpListener, TcpStream};
use std::time::Instant;

use common::hostile::{self, Hostile};
use common::socket::{IoFailure, StdClock, TimeoutStream};
use embedded_io_adapters::std::FromStd;
use threeds_core::platform::{
    HttpRequest, TIMEOUT_SPENT, Transport, TransportError as _, TransportErrorKind,
};
use threeds_embedded::transport::{
    Connector, EmbeddedTransport, EmbeddedTransportError, TransportConfig,
};

/// The deadline under test and the bound an exchange must end within.
const DEADLINE_MS: u64 = 1_000;
const GENEROUS: Duration = Duration::from_secs(10);

/// Plain TCP with a short socket timeout (the transport's clock decides when to stop);
/// records the budget each connect was given.
struct Tcp {
    budgets: Vec<u64>,
}

impl Connector for Tcp {
    type Stream = TimeoutStream;
    type Error = IoFailure;
    fn connect(
        &mut self,
        host: &str,
        port: u16,
        budget_ms: u64,
    ) -> Result<Self::Stream, IoFailure> {
        self.budgets.push(budget_ms);
        let stream = TcpStream::connect((host, port)).map_err(IoFailure)?;
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .map_err(IoFailure)?;
        Ok(TimeoutStream(FromStd::new(stream)))
    }
}

type PostError = EmbeddedTransportError<IoFailure, embedded_io::ErrorKind>;

/// One POST to `port` with `timeout_ms`; the outcome, the time it took and the budget
/// the connector was handed.
fn post(port: u16, timeout_ms: u64) -> (Result<Vec<u8>, PostError>, Duration, Vec<u64>) {
    let url = format!("http://127.0.0.1:{port}/acs");
    let mut scratch = [0u8; 2048];
    let mut transport = EmbeddedTransport::new(
        Tcp {
            budgets: Vec::new(),
        },
        StdClock(Instant::now()),
        &mut scratch,
    )
    .with_config(TransportConfig {
        allow_plain_http: true,
        ..TransportConfig::default()
    });
    let request = HttpRequest {
        url: &url,
        content_type: "application/jose; charset=UTF-8",
        body: b"eyJhbGciOiJkaXIifQ..creq",
        timeout_ms,
    };
    let mut body = [0u8; 256];
    let started = Instant::now();
    let result = transport
        .post(&request, &mut body)
        .map(|r| body[..r.body_len].to_vec());
    let elapsed = started.elapsed();
    (result, elapsed, transport.connector_mut().budgets.clone())
}

fn assert_ends_at_the_deadline(behaviour: Hostile) {
    let port = hostile::start(behaviour);
    let (result, elapsed, budgets) = post(port, DEADLINE_MS);
    let err = result.expect_err("a hostile peer's answer was accepted");
    assert!(
        matches!(err, EmbeddedTransportError::TimedOut),
        "{behaviour:?}: {err}"
    );
    assert_eq!(err.kind(), TransportErrorKind::TimedOut);
    assert!(elapsed < GENEROUS, "{behaviour:?}: took {elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(DEADLINE_MS),
        "{behaviour:?}: {elapsed:?}"
    );
    assert_eq!(budgets.len(), 1);
    assert!(budgets[0] <= DEADLINE_MS, "connect got {} ms", budgets[0]);
}

#[test]
fn a_drip_ends_at_the_deadline() {
    // One byte every 250 ms: each read is quick, the whole answer would take ~25 s.
    assert_ends_at_the_deadline(Hostile::Drip(Duration::from_millis(250)));
}

#[test]
fn a_stall_mid_body_ends_at_the_deadline() {
    assert_ends_at_the_deadline(Hostile::StallMidBody);
}

#[test]
fn a_silent_peer_ends_at_the_deadline() {
    assert_ends_at_the_deadline(Hostile::Silent);
}

#[test]
fn a_quick_drip_within_the_deadline_is_accepted() {
    let port = hostile::start(Hostile::Drip(Duration::from_millis(1)));
    let (result, _, _) = post(port, 30_000);
    assert_eq!(result.unwrap(), b"CRes-bytes!!");
}

#[test]
fn a_spent_budget_connects_to_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let (result, _, budgets) = post(port, TIMEOUT_SPENT);
    assert!(matches!(result, Err(EmbeddedTransportError::TimedOut)));
    assert!(budgets.is_empty(), "connected with a spent budget");
    assert_eq!(
        listener.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock
    );
}
