//! The facade's cost per CReq is bounded: a counting global allocator
//! watches `Client::send_challenge_request` over a long challenge, with the
//! test ACS (which allocates freely) subtracted. The exchange buffers are
//! allocated once per client, sized from the messages when the transport
//! can size the response (`Transport::post_growing`); later CReqs allocate
//! only small, fixed amounts (read-outs, log lines), whatever the round.

mod transaction_support;

use core::cell::Cell;
use std::alloc::System;
use std::rc::Rc;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::Client;
use threeds_core::platform::{
    HttpRequest, HttpResponse, TlsEvents, Transport, TransportError, TransportErrorKind,
};
use transaction_support::*;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[derive(Debug)]
struct Never;

impl core::fmt::Display for Never {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("never")
    }
}

impl TransportError for Never {
    fn kind(&self) -> TransportErrorKind {
        TransportErrorKind::Other
    }
}

/// The test ACS behind a transport; what it allocates is counted apart.
struct AcsNet {
    acs: TestAcs,
    ui: &'static str,
    acs_allocations: Rc<Cell<usize>>,
    acs_bytes: Rc<Cell<usize>>,
}

impl AcsNet {
    /// The CRes body the ACS answers `request` with.
    fn answer(&mut self, request: &HttpRequest<'_>) -> Vec<u8> {
        let region = Region::new(GLOBAL);
        self.acs.open_creq(request.body);
        let cres = self.acs.seal_cres(self.acs.cres_screen(self.ui));
        let change = region.change();
        self.acs_allocations
            .set(self.acs_allocations.get() + change.allocations + change.reallocations);
        self.acs_bytes
            .set(self.acs_bytes.get() + change.bytes_allocated);
        cres
    }
}

impl Transport for AcsNet {
    type Error = Never;
    fn post(&mut self, request: &HttpRequest<'_>, body: &mut [u8]) -> Result<HttpResponse, Never> {
        let cres = self.answer(request);
        body[..cres.len()].copy_from_slice(&cres);
        Ok(HttpResponse {
            status: 200,
            body_len: cres.len(),
        })
    }
}

/// [`AcsNet`] sizing the response from the body, as a transport that reads
/// a `Content-Length` does ([`AcsNet`] keeps the trait's default).
struct SizingNet(AcsNet);

impl Transport for SizingNet {
    type Error = Never;
    fn post(&mut self, request: &HttpRequest<'_>, body: &mut [u8]) -> Result<HttpResponse, Never> {
        self.0.post(request, body)
    }
    fn post_growing(
        &mut self,
        request: &HttpRequest<'_>,
        body: &mut Vec<u8>,
        max_len: usize,
        _tls: Option<&mut dyn TlsEvents>,
    ) -> Result<HttpResponse, Never> {
        let cres = self.0.answer(request);
        assert!(cres.len() <= max_len);
        if body.len() < cres.len() {
            body.resize(cres.len(), 0);
        }
        body[..cres.len()].copy_from_slice(&cres);
        Ok(HttpResponse {
            status: 200,
            body_len: cres.len(),
        })
    }
}

/// Keeps the log lines, as an application's event sink does.
#[derive(Default)]
struct Lines(usize);

impl ClientEvents for Lines {
    fn on_log(&mut self, _: LogLevel, _: LogType, message: &str) {
        self.0 += message.len();
    }
}

/// (allocations, bytes) of each of 40 CReqs of one challenge, the ACS's
/// own subtracted, through the transport `wrap` makes of the test ACS.
fn per_creq<T: Transport>(version: &str, gcm: bool, wrap: fn(AcsNet) -> T) -> Vec<(usize, usize)> {
    // The counts are global: one measurement at a time.
    let _serial = SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let running = start_challenge(version, gcm, SignAlg::Es256);
    let mut export = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let len = running.txn.export(&mut export).unwrap();
    let acs_allocations = Rc::new(Cell::new(0));
    let acs_bytes = Rc::new(Cell::new(0));
    let net = wrap(AcsNet {
        acs: running.acs,
        ui: "01",
        acs_allocations: Rc::clone(&acs_allocations),
        acs_bytes: Rc::clone(&acs_bytes),
    });
    let clock = running.clock;
    let mut client = Client::new(net, rng(7), &clock, Lines::default());
    client.import_state(&export[..len]).unwrap();
    client.config("LogLevel=3").unwrap();
    let mut per_creq = Vec::new();
    for round in 0..40 {
        if round > 0 {
            client.set_challenge_data_entry("123456");
        }
        acs_allocations.set(0);
        acs_bytes.set(0);
        let region = Region::new(GLOBAL);
        client.send_challenge_request().unwrap();
        let change = region.change();
        let allocations = change.allocations + change.reallocations - acs_allocations.get();
        let bytes = change.bytes_allocated - acs_bytes.get().min(change.bytes_allocated);
        per_creq.push((allocations, bytes));
    }
    assert!(client.events().0 > 0);
    println!(
        "{version}: first CReq {:?}, second {:?} (allocations, bytes)",
        per_creq[0], per_creq[1]
    );
    per_creq
}

/// Later CReqs: read-outs, screen properties and log lines, about twenty
/// small allocations (21 and ~7.3 KB when written), far below one
/// CRes-sized buffer, and the same in every round.
fn assert_later_rounds_small(version: &str, later: &[(usize, usize)]) {
    let (most_allocations, most_bytes) = later
        .iter()
        .fold((0, 0), |(a, b), (x, y)| (a.max(*x), b.max(*y)));
    assert!(most_allocations <= 40, "{version}: {later:?}");
    assert!(most_bytes <= 16 * 1024, "{version}: {later:?}");
    // Constant per round: round 40 costs what round 2 cost.
    assert_eq!(later[0], later[later.len() - 1], "{version}: {later:?}");
}

#[test]
fn allocations_per_creq_are_bounded_with_a_sizing_transport() {
    for (version, gcm) in [("2.1.0", false), ("2.2.0", true), ("2.3.1", false)] {
        let rounds = per_creq(version, gcm, SizingNet);
        // The first CReq allocates the client's exchange buffers (once), all
        // sized to the messages: the request (6 KB), the response and the
        // plaintext (each the CRes's length, about 1-2 KB), and the read-outs.
        assert!(rounds[0].1 < 32 * 1024, "{version}: {:?}", rounds[0]);
        assert_later_rounds_small(version, &rounds[1..]);
    }
}

#[test]
fn allocations_per_creq_are_bounded_with_a_slice_transport() {
    for (version, gcm) in [("2.1.0", false), ("2.2.0", true), ("2.3.1", false)] {
        let rounds = per_creq(version, gcm, |net| net);
        // A transport that only writes into a slice gets the whole cap
        // (`post_growing`'s default) on the first CReq, once per client.
        assert!(rounds[0].1 >= 512 * 1024, "{version}: {:?}", rounds[0]);
        assert!(
            rounds[0].1 < 512 * 1024 + 32 * 1024,
            "{version}: {:?}",
            rounds[0]
        );
        assert_later_rounds_small(version, &rounds[1..]);
    }
}
