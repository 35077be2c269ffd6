//! The hosted client over the built-in HTTPS transport sizes the answer's
//! buffer from the answer, as the Rust facade does: a challenge of small
//! CRes allocates a small, bounded amount per CReq (a global counting
//! allocator; the in-process simulator's allocations are counted too, so
//! the figures are upper bounds), nothing of the 512 KiB cap.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ptr::null_mut;
use std::alloc::System;
use std::ffi::CString;
use std::sync::Arc;

use common::{client_get, client_ok, configure_client};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use threeds::*;
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Ten text screens in a row, each answered with the OTP.
fn text_rounds() -> Scenario {
    let round = r#"{ "uiType": "01", "expect": { "entry": "123456" } }"#;
    let rounds = [round; 10].join(",");
    Scenario::from_json(&format!(
        r#"{{ "name": "alloc-text-rounds", "description": "Ten text screens.",
             "ares": {{ "transStatus": "C" }}, "rounds": [{rounds}] }}"#
    ))
    .unwrap()
}

#[test]
fn a_small_cres_challenge_allocates_little_per_creq() {
    let pki = Arc::new(Pki::generate().unwrap());
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios.insert(text_rounds());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim,
    })
    .unwrap();
    let ca = CString::new(pki.tls_ca.cert_pem()).unwrap();
    let mut c = null_mut();
    let mut per_creq = Vec::new();
    // SAFETY: valid pointers; the client is freed at the end.
    unsafe {
        assert_eq!(
            threeds_client_new_https(ca.as_ptr(), core::ptr::null(), &mut c),
            THREEDS_OK
        );
        configure_client(c, &pki, "2.2.0", &pki.ds_enc_ec.cert_der);
        let areq = client_get(c, threeds_client_get_auth_request);
        let answer = running.sim().handle_http(
            "/3ds/auth?scenario=alloc-text-rounds",
            Some("application/json"),
            areq.as_bytes(),
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        let ares = CString::new(answer.body).unwrap();
        client_ok(threeds_client_check_auth_response(c, ares.as_ptr()), c);
        loop {
            let region = Region::new(GLOBAL);
            client_ok(threeds_client_send_challenge_request(c), c);
            let change = region.change();
            per_creq.push((
                change.allocations + change.reallocations,
                change.bytes_allocated,
            ));
            let mut complete = 0;
            client_ok(threeds_client_get_challenge_complete(c, &mut complete), c);
            if complete != 0 {
                break;
            }
            client_ok(
                threeds_client_set_challenge_data_entry(c, c"123456".as_ptr()),
                c,
            );
        }
        assert_eq!(client_get(c, threeds_client_get_transaction_status), "Y");
        threeds_client_free(c);
    }
    println!("(allocations, bytes) per CReq {per_creq:?}");
    assert_eq!(per_creq.len(), 11);
    // The first CReq opens the connection (TLS on both sides) and sizes the
    // exchange buffers from the messages; a response buffer allocated at
    // its 512 KiB cap would put it well over 1 MB.
    assert!(per_creq[0].1 < 768 * 1024, "{per_creq:?}");
    for (allocations, bytes) in &per_creq[1..] {
        assert!(*bytes < 96 * 1024, "{per_creq:?}");
        assert!(*allocations < 600, "{per_creq:?}");
    }
}
