//! The in-memory network of the end-to-end suites: a hand-moved clock, a
//! `Transport` that routes every POST to the simulator, and the check that the
//! simulator recorded no protocol violation.

use core::cell::Cell;
use core::fmt;

use threeds_core::client::facade::InterruptHandle;
use threeds_core::platform::{
    Clock, HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use threeds_sim::Sim;

/// The message versions the suites run every scenario under.
pub const VERSIONS: [&str; 3] = ["2.1.0", "2.2.0", "2.3.1"];

/// Wall clock for the certificates (2030: inside the simulator PKI's
/// 2025–2045 validity), a hand-moved monotonic clock for the timers.
pub struct TestClock {
    mono: Cell<u64>,
}

impl TestClock {
    pub fn new() -> Self {
        Self {
            mono: Cell::new(10_000),
        }
    }
    pub fn advance(&self, ms: u64) {
        self.mono.set(self.mono.get() + ms);
    }
}

impl Clock for TestClock {
    fn now_unix(&self) -> u64 {
        1_893_456_000
    }
    fn monotonic_ms(&self) -> u64 {
        self.mono.get()
    }
}

#[derive(Debug)]
pub struct NetError(pub TransportErrorKind);

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl TransportError for NetError {
    fn kind(&self) -> TransportErrorKind {
        self.0
    }
}

/// The in-memory network: every POST goes to the simulator. A delayed
/// answer moves the clock; one beyond the request's timeout is a timeout.
/// `interrupt` (if set) fires during a POST instead.
pub struct SimNet<'a> {
    pub sim: &'a Sim,
    pub clock: &'a TestClock,
    pub interrupt: Option<InterruptHandle>,
    pub posts: usize,
}

impl<'a> SimNet<'a> {
    pub fn new(sim: &'a Sim, clock: &'a TestClock) -> Self {
        Self {
            sim,
            clock,
            interrupt: None,
            posts: 0,
        }
    }
}

impl Transport for SimNet<'_> {
    type Error = NetError;
    fn post(
        &mut self,
        request: &HttpRequest<'_>,
        response_body: &mut [u8],
    ) -> Result<HttpResponse, NetError> {
        self.posts += 1;
        if let Some(h) = &self.interrupt {
            h.interrupt();
            return Err(NetError(TransportErrorKind::Interrupted));
        }
        let answer = self
            .sim
            .handle_http(request.url, Some(request.content_type), request.body);
        if answer.drop_connection {
            return Err(NetError(TransportErrorKind::Connection));
        }
        if answer.delay_ms >= request.timeout_ms {
            self.clock.advance(request.timeout_ms);
            return Err(NetError(TransportErrorKind::TimedOut));
        }
        self.clock.advance(answer.delay_ms);
        let dst = response_body
            .get_mut(..answer.body.len())
            .ok_or(NetError(TransportErrorKind::ResponseTooLarge))?;
        dst.copy_from_slice(&answer.body);
        Ok(HttpResponse {
            status: answer.status,
            body_len: answer.body.len(),
        })
    }
}

/// Every protocol violation the simulator recorded, in transactions and in
/// rejected auth requests.
pub fn violations(sim: &Sim) -> Vec<String> {
    sim.records().violations()
}

/// Fails the test, naming `what`, if the simulator recorded any violation.
pub fn assert_clean(what: &str, sim: &Sim) {
    let v = violations(sim);
    assert!(v.is_empty(), "{what}: the simulator recorded {v:#?}");
}
