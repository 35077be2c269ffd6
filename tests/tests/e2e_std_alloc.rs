//! The std facade sizes its exchange buffers from the answers: over HTTPS
//! against the simulator, a challenge with small CRes allocates a small,
//! bounded amount per CReq (counted by a global allocator, the simulator's
//! own allocations included, so the figures are upper bounds), and a CRes
//! of about 400 KB (`acsHTML`) still goes through, equal to what the ACS sent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod std_client;

use std::alloc::System;
use std::sync::{Arc, Mutex, PoisonError};

use base64ct::{Base64UrlUnpadded, Encoding as _};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig};

use std_client::{Fixture, OTP};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The counts are global: one test at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// Ten text screens in a row, each answered with the OTP.
fn text_rounds() -> String {
    let round = r#"{ "uiType": "01", "expect": { "entry": "123456" } }"#;
    let rounds = [round; 10].join(",");
    format!(
        r#"{{ "name": "alloc-text-rounds", "description": "Ten text screens.",
             "ares": {{ "transStatus": "C" }}, "rounds": [{rounds}] }}"#
    )
}

/// The HTML page of [`big_html`]: about 224 KB, so that its base64url
/// stays under the 300,000 characters `acsHTML` may have and the CRes body
/// (base64url twice: JSON, then JWE) is about 400 KB.
fn page() -> String {
    let row = "<p>Approve the payment of EUR 42.00 with the code we sent you.</p>\n";
    let mut page = String::from("<html><body><form>");
    while page.len() < 224_000 {
        page.push_str(row);
    }
    page.push_str("<input name=otp></form></body></html>");
    page
}

/// One HTML screen whose `acsHTML` is [`page`].
fn big_html() -> String {
    let html = Base64UrlUnpadded::encode_string(page().as_bytes());
    format!(
        r#"{{ "name": "alloc-big-html", "description": "A ~400 KB acsHTML CRes.",
             "ares": {{ "transStatus": "C" }},
             "rounds": [{{ "uiType": "05", "expect": {{ "html": "otp=123456" }},
                          "screen": {{ "acsHTML": "{html}" }} }}] }}"#
    )
}

fn start() -> Fixture {
    let pki = Arc::new(Pki::generate().unwrap());
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios
        .insert(Scenario::from_json(&text_rounds()).unwrap());
    sim.scenarios
        .insert(Scenario::from_json(&big_html()).unwrap());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim,
    })
    .unwrap();
    Fixture { pki, running }
}

#[test]
fn a_small_cres_challenge_allocates_little_per_creq() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let fx = start();
    for version in ["2.1.0", "2.3.1"] {
        let mut c = fx.client(version, false, None);
        fx.authenticate(&mut c, "alloc-text-rounds").unwrap();
        let mut per_creq = Vec::new();
        loop {
            let region = Region::new(GLOBAL);
            c.send_challenge_request().unwrap();
            let change = region.change();
            per_creq.push((
                change.allocations + change.reallocations,
                change.bytes_allocated,
            ));
            if c.challenge_complete() {
                break;
            }
            c.set_challenge_data_entry(OTP);
        }
        println!("{version}: (allocations, bytes) per CReq {per_creq:?}");
        assert_eq!(per_creq.len(), 11, "{version}");
        // The first CReq opens the connection (TLS on both sides, ureq's
        // 128 KiB buffers) and sizes the client's exchange buffers from the
        // messages: about 670 KB with the simulator's share. A response
        // buffer allocated at its 512 KiB cap made it about 1.19 MB.
        assert!(per_creq[0].1 < 768 * 1024, "{version}: {per_creq:?}");
        // Every later CReq: about 62-71 KB, the simulator's share and the
        // request's included, nothing CRes-cap-sized.
        for (allocations, bytes) in &per_creq[1..] {
            assert!(*bytes < 96 * 1024, "{version}: {per_creq:?}");
            assert!(*allocations < 600, "{version}: {per_creq:?}");
        }
        assert_eq!(c.transaction_status(), "Y", "{version}");
        let tx = fx.record(&mut c);
        let largest_body = tx.acs_answers.iter().map(Vec::len).max().unwrap();
        assert!(largest_body < 4 * 1024, "{version}: {largest_body}");
    }
}

#[test]
fn a_400_kb_acs_html_cres_goes_through() {
    let _serial = SERIAL.lock().unwrap_or_else(PoisonError::into_inner);
    let fx = start();
    for gcm in [false, true] {
        let mut c = fx.client("2.2.0", gcm, None);
        fx.authenticate(&mut c, "alloc-big-html").unwrap();
        c.send_challenge_request().unwrap();
        assert_eq!(c.acshtml(), page(), "gcm {gcm}");
        let tx = fx.record(&mut c);
        let body = &tx.acs_answers[0];
        assert!(
            (380_000..450_000).contains(&body.len()),
            "gcm {gcm}: {}",
            body.len()
        );
        assert_eq!(c.events().packets_in.last(), Some(body), "gcm {gcm}");
        c.set_challenge_data_entry("otp=123456");
        c.send_challenge_request().unwrap();
        assert!(c.challenge_complete(), "gcm {gcm}");
        assert_eq!(c.transaction_status(), "Y", "gcm {gcm}");
    }
}
