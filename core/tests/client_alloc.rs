//! The facade's cost per CReq is bounded: a counting global allocator
//! watches `Client::send_challenge_request` over a long challenge, with the
//! test ACS (which allocates freely) subtracted. The exchange buffers are
//! allocated once per client; later CReqs allocate only small, fixed
//! amounts (read-outs, log lines), whatever the round.

mod transaction_support;

use core::cell::Cell;
use std::alloc::System;
use std::rc::Rc;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::Client;
use threeds_core::platform::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind,
};
use transaction_support::*;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

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

impl Transport for AcsNet {
    type Error = Never;
    fn post(&mut self, request: &HttpRequest<'_>, body: &mut [u8]) -> Result<HttpResponse, Never> {
        let region = Region::new(GLOBAL);
        self.acs.open_creq(request.body);
        let cres = self.acs.seal_cres(self.acs.cres_screen(self.ui));
        body[..cres.len()].copy_from_slice(&cres);
        let change = region.change();
        self.acs_allocations
            .set(self.acs_allocations.get() + change.allocations + change.reallocations);
        self.acs_bytes
            .set(self.acs_bytes.get() + change.bytes_allocated);
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

#[test]
fn allocations_per_creq_are_bounded() {
    for (version, gcm) in [("2.1.0", false), ("2.2.0", true), ("2.3.1", false)] {
        let running = start_challenge(version, gcm, SignAlg::Es256);
        let mut export = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
        let len = running.txn.export(&mut export).unwrap();
        let acs_allocations = Rc::new(Cell::new(0));
        let acs_bytes = Rc::new(Cell::new(0));
        let net = AcsNet {
            acs: running.acs,
            ui: "01",
            acs_allocations: Rc::clone(&acs_allocations),
            acs_bytes: Rc::clone(&acs_bytes),
        };
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
        // The first CReq allocates the client's exchange buffers (once):
        // the 512 KiB the transport reads a CRes into, while the request
        // (6 KB) and the plaintext (the CRes's length) are sized to the
        // messages, not to the largest possible ones.
        assert!(per_creq[0].1 >= 512 * 1024, "{version}: {:?}", per_creq[0]);
        assert!(
            per_creq[0].1 < 512 * 1024 + 32 * 1024,
            "{version}: {:?}",
            per_creq[0]
        );
        let later = &per_creq[1..];
        let (most_allocations, most_bytes) = later
            .iter()
            .fold((0, 0), |(a, b), (x, y)| (a.max(*x), b.max(*y)));
        // Read-outs, screen properties and log lines: about twenty small
        // allocations (21 and ~7.3 KB when written), far below one
        // CRes-sized buffer.
        assert!(most_allocations <= 40, "{version}: {later:?}");
        assert!(most_bytes <= 16 * 1024, "{version}: {later:?}");
        // Constant per round: round 40 costs what round 2 cost.
        assert_eq!(later[0], later[later.len() - 1], "{version}: {later:?}");
        assert!(client.events().0 > 0);
        println!(
            "{version}: first CReq {:?}, each later CReq {:?} (allocations, bytes)",
            per_creq[0], later[0]
        );
    }
}
