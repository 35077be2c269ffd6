//! One deadline per exchange for `HttpsTransport` on loopback: peers that drip, stall
//! mid-body, never answer, or drip the TLS handshake are cut off at
//! `HttpRequest::timeout_ms`, from connect to the last body byte. Bounds on elapsed
//! time are generous on purpose; the peers keep going for a minute, so an exchange
//! that does not end at its deadline fails them.

mod common;
#[path = "../../platform-embedded/tests/common/hostile.rs"]
mod hostile;

use core::time::Duration;
use std::net::TcpListener;
use std::time::Instant;

use common::tls::{Pki, ServerOptions, start_server};
use hostile::Hostile;
use threeds_core::platform::{
    HttpRequest, TIMEOUT_SPENT, Transport, TransportError as _, TransportErrorKind,
};
use threeds_std::https::RootSource;
use threeds_std::{HttpsError, HttpsTransport};

const DEADLINE_MS: u64 = 1_000;
const GENEROUS: Duration = Duration::from_secs(10);

fn post(
    t: &mut HttpsTransport,
    url: &str,
    timeout_ms: u64,
) -> (Result<Vec<u8>, HttpsError>, Duration) {
    let request = HttpRequest {
        url,
        content_type: "application/jose; charset=UTF-8",
        body: b"eyJhbGciOiJkaXIifQ..creq",
        timeout_ms,
    };
    let mut body = [0u8; 256];
    let started = Instant::now();
    let result = t
        .post(&request, &mut body)
        .map(|r| body[..r.body_len].to_vec());
    (result, started.elapsed())
}

fn plain() -> HttpsTransport {
    HttpsTransport::builder()
        .allow_plain_http(true)
        .build()
        .unwrap()
}

fn assert_ends_at_the_deadline(behaviour: Hostile) {
    let port = hostile::start(behaviour);
    let (result, elapsed) = post(
        &mut plain(),
        &format!("http://127.0.0.1:{port}/acs"),
        DEADLINE_MS,
    );
    let err = result.expect_err("a hostile peer's answer was accepted");
    assert_eq!(
        err.kind(),
        TransportErrorKind::TimedOut,
        "{behaviour:?}: {err}"
    );
    assert!(elapsed < GENEROUS, "{behaviour:?}: took {elapsed:?}");
}

#[test]
fn a_drip_ends_at_the_deadline() {
    // One byte every 250 ms: every read is quick, the whole answer would take ~25 s.
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
    let (result, _) = post(
        &mut plain(),
        &format!("http://127.0.0.1:{port}/acs"),
        30_000,
    );
    assert_eq!(result.unwrap(), b"CRes-bytes!!");
}

#[test]
fn a_dripping_handshake_ends_at_the_deadline() {
    let pki = Pki::new(false);
    let (server, _) = start_server(&pki, ServerOptions::default());
    let relay = hostile::start_drip_relay(server, Duration::from_millis(100));
    let mut t = HttpsTransport::builder()
        .roots(RootSource::Empty)
        .server_ca_certs_pem(pki.ca_pem.as_bytes())
        .unwrap()
        .build()
        .unwrap();
    let (result, elapsed) = post(
        &mut t,
        &format!("https://localhost:{relay}/acs"),
        DEADLINE_MS,
    );
    let err = result.expect_err("the handshake cannot have finished");
    assert_eq!(err.kind(), TransportErrorKind::TimedOut, "{err}");
    assert!(elapsed < GENEROUS, "took {elapsed:?}");
}

#[test]
fn a_spent_budget_connects_to_nothing() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let (result, _) = post(
        &mut plain(),
        &format!("http://127.0.0.1:{port}/acs"),
        TIMEOUT_SPENT,
    );
    assert_eq!(result.unwrap_err().kind(), TransportErrorKind::TimedOut);
    assert_eq!(
        listener.accept().unwrap_err().kind(),
        std::io::ErrorKind::WouldBlock
    );
}
