//! `run_exchange` over a fake transport wired to the test ACS.

mod transaction_support;

use core::fmt;

use serde_json::Value;
use threeds_core::message::{ChallengeAnswer, TransStatus};
use threeds_core::platform::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use threeds_core::transaction::{
    CREQ_CONTENT_TYPE, ChallengeInput, CresOutcome, ERRO_CONTENT_TYPE, ExchangeError, StateName,
    run_exchange,
};
use transaction_support::*;

#[derive(Debug)]
struct FakeError(TransportErrorKind);

impl fmt::Display for FakeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl TransportError for FakeError {
    fn kind(&self) -> TransportErrorKind {
        self.0
    }
}

/// What the fake network does with the next CReq.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// The ACS answers with a screen of this UI type.
    Screen(&'static str),
    /// The ACS answers with a final CRes.
    Final(&'static str),
    /// The ACS answers with a CRes under a wrong counter.
    WrongCounter,
    /// No answer within the timeout.
    Timeout,
    /// The connection breaks.
    Broken,
    /// HTTP 500.
    ServerError,
    /// The answer arrives after `ms` (the fake clock moves).
    Slow(u64, &'static str),
}

struct FakeNet<'a> {
    acs: &'a mut TestAcs,
    clock: &'a FakeClock,
    mode: Mode,
    /// (url, content type, body, timeout) of every POST.
    posts: Vec<(String, String, Vec<u8>, u64)>,
}

impl Transport for FakeNet<'_> {
    type Error = FakeError;
    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, FakeError> {
        self.posts.push((
            request.url.to_string(),
            request.content_type.to_string(),
            request.body.to_vec(),
            request.timeout_ms,
        ));
        if request.content_type == ERRO_CONTENT_TYPE {
            return Ok(HttpResponse {
                status: 200,
                body_len: 0,
            });
        }
        assert_eq!(request.content_type, CREQ_CONTENT_TYPE);
        self.acs.open_creq(request.body);
        let body = match self.mode {
            Mode::Screen(ui) => self.acs.seal_cres(self.acs.cres_screen(ui)),
            Mode::Final(s) => self.acs.seal_cres(self.acs.cres_final(s)),
            Mode::WrongCounter => {
                let mut c = self.acs.cres_screen("01");
                c["acsCounterAtoS"] = serde_json::json!("099");
                self.acs.seal_cres(c)
            }
            Mode::Timeout => {
                self.clock.advance_ms(request.timeout_ms);
                return Err(FakeError(TransportErrorKind::TimedOut));
            }
            Mode::Broken => return Err(FakeError(TransportErrorKind::Connection)),
            Mode::ServerError => {
                return Ok(HttpResponse {
                    status: 500,
                    body_len: 0,
                });
            }
            Mode::Slow(ms, ui) => {
                self.clock.advance_ms(ms);
                self.acs.seal_cres(self.acs.cres_screen(ui))
            }
        };
        response_body[..body.len()].copy_from_slice(&body);
        Ok(HttpResponse {
            status: 200,
            body_len: body.len(),
        })
    }
}

fn erro_posts(net: &FakeNet<'_>) -> Vec<Value> {
    net.posts
        .iter()
        .filter(|p| p.1 == ERRO_CONTENT_TYPE)
        .map(|p| {
            assert_eq!(p.0, "https://acs.example.test/challenge");
            serde_json::from_slice(&p.2).unwrap()
        })
        .collect()
}

fn exchange<'p>(
    r: &mut Running,
    net: &mut FakeNet<'_>,
    input: ChallengeAnswer<'_>,
    plain: &'p mut [u8],
) -> Result<CresOutcome<'p>, ExchangeError<FakeError>> {
    let mut request = vec![0u8; 4096];
    let mut response = vec![0u8; 16 * 1024];
    run_exchange(
        &mut r.txn,
        net,
        &ChallengeInput::new(input),
        &mut r.rng,
        net_clock(net),
        &mut request,
        &mut response,
        plain,
    )
}

fn net_clock<'c>(net: &FakeNet<'c>) -> &'c FakeClock {
    net.clock
}

#[test]
fn a_whole_challenge_through_the_driver() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    let mut acs = core::mem::replace(&mut r.acs, TestAcs::new("2.3.1", true, SignAlg::Es256));
    let clock = FakeClock::new();
    let mut net = FakeNet {
        acs: &mut acs,
        clock: &clock,
        mode: Mode::Screen("01"),
        posts: Vec::new(),
    };
    let mut plain = vec![0u8; 16 * 1024];
    let out = exchange(&mut r, &mut net, ChallengeAnswer::Initial, &mut plain).unwrap();
    assert!(matches!(out, CresOutcome::Screen { .. }));
    net.mode = Mode::Final("Y");
    let out = exchange(
        &mut r,
        &mut net,
        ChallengeAnswer::Text {
            first: Some("123456"),
            second: None,
        },
        &mut plain,
    )
    .unwrap();
    assert_eq!(out, CresOutcome::Completed(TransStatus::Authenticated));
    assert_eq!(net.posts.len(), 2);
    assert!(erro_posts(&net).is_empty());
    // Each CReq was bounded by the per-exchange timeout.
    assert!(net.posts.iter().all(|p| p.3 == 30_000));
}

#[test]
fn a_protocol_failure_posts_the_erro() {
    let mut r = start_challenge("2.2.0", false, SignAlg::Es256);
    let mut acs = core::mem::replace(&mut r.acs, TestAcs::new("2.2.0", false, SignAlg::Es256));
    let clock = FakeClock::new();
    let mut net = FakeNet {
        acs: &mut acs,
        clock: &clock,
        mode: Mode::WrongCounter,
        posts: Vec::new(),
    };
    let mut plain = vec![0u8; 16 * 1024];
    let out = exchange(&mut r, &mut net, ChallengeAnswer::Initial, &mut plain).unwrap();
    assert!(matches!(out, CresOutcome::ProtocolError(e) if e.code.0 == 302));
    let erros = erro_posts(&net);
    assert_eq!(erros.len(), 1);
    assert_eq!(erros[0]["errorCode"], "302");
    assert_eq!(erros[0]["errorComponent"], "C");
    assert_eq!(r.txn.state(), StateName::Failed);
}

#[test]
fn a_transport_timeout_is_erro_402() {
    let mut r = start_challenge("2.2.0", false, SignAlg::Es256);
    let mut acs = core::mem::replace(&mut r.acs, TestAcs::new("2.2.0", false, SignAlg::Es256));
    let clock = FakeClock::new();
    let mut net = FakeNet {
        acs: &mut acs,
        clock: &clock,
        mode: Mode::Timeout,
        posts: Vec::new(),
    };
    let mut plain = vec![0u8; 16 * 1024];
    let out = exchange(&mut r, &mut net, ChallengeAnswer::Initial, &mut plain).unwrap();
    assert!(matches!(out, CresOutcome::ProtocolError(e) if e.code.0 == 402));
    let erros = erro_posts(&net);
    assert_eq!(erros.len(), 1);
    assert_eq!(erros[0]["errorCode"], "402");
    assert_eq!(r.txn.state(), StateName::Failed);
}

#[test]
fn a_slow_answer_past_the_exchange_timeout_is_erro_402() {
    let mut r = start_challenge("2.2.0", true, SignAlg::Es256);
    let mut acs = core::mem::replace(&mut r.acs, TestAcs::new("2.2.0", true, SignAlg::Es256));
    // The driver reads the same clock the fake network moves.
    let clock = core::mem::replace(&mut r.clock, FakeClock::new());
    let mut net = FakeNet {
        acs: &mut acs,
        clock: &clock,
        mode: Mode::Slow(31_000, "01"),
        posts: Vec::new(),
    };
    let mut plain = vec![0u8; 16 * 1024];
    let out = exchange(&mut r, &mut net, ChallengeAnswer::Initial, &mut plain).unwrap();
    assert!(
        matches!(out, CresOutcome::ProtocolError(ref e) if e.code.0 == 402),
        "{out:?}"
    );
    assert_eq!(erro_posts(&net)[0]["errorCode"], "402");
}

#[test]
fn broken_connections_and_http_errors_abort_without_erro() {
    for mode in [Mode::Broken, Mode::ServerError] {
        let mut r = start_challenge("2.1.0", false, SignAlg::Es256);
        let mut acs = core::mem::replace(&mut r.acs, TestAcs::new("2.1.0", false, SignAlg::Es256));
        let clock = FakeClock::new();
        let mut net = FakeNet {
            acs: &mut acs,
            clock: &clock,
            mode,
            posts: Vec::new(),
        };
        let mut plain = vec![0u8; 16 * 1024];
        let e = exchange(&mut r, &mut net, ChallengeAnswer::Initial, &mut plain).unwrap_err();
        match (mode, e) {
            (Mode::Broken, ExchangeError::Transport(FakeError(TransportErrorKind::Connection))) => {
            }
            (Mode::ServerError, ExchangeError::HttpStatus(500)) => {}
            (m, e) => panic!("{m:?}: {e:?}"),
        }
        assert!(erro_posts(&net).is_empty());
        assert_eq!(r.txn.state(), StateName::Failed);
    }
}
