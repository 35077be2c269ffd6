//! The hosted API over the built-in HTTPS transport against the simulator
//! serving HTTPS: the `on_ssl_*` callbacks fire with the certificate the
//! server presented, and the app's verdict is honoured (`accept = 0`: no
//! CReq reaches the ACS; `accept = 1` on a failed verification: the
//! challenge goes on).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::{CStr, c_char, c_void};
use core::ptr::null_mut;
use std::ffi::CString;
use std::sync::Arc;

use common::{client_error, client_get, client_ok, configure_client};
use threeds::*;
use threeds_sim::{Pki, RunningSimulator, SimConfig, Simulator, SimulatorConfig};

/// What the callbacks saw, and the verdict they give.
#[derive(Default)]
struct Seen {
    /// -1: leave `*accept` as the verifier set it; 0/1: overwrite.
    verdict: i32,
    /// (DER, subject, status, accept as received) per call.
    certs: Vec<(Vec<u8>, String, String, i32)>,
    ssl_status: Vec<String>,
}

unsafe fn text(p: *const c_char) -> String {
    // SAFETY: the library passes NUL-terminated strings valid for the call.
    unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned()
}

unsafe extern "C" fn server_auth(
    user: *mut c_void,
    cert_der: *const u8,
    cert_len: usize,
    subject: *const c_char,
    _issuer: *const c_char,
    status: *const c_char,
    accept: *mut i32,
) {
    // SAFETY: `user` is our `Seen`; pointers valid for the call.
    unsafe {
        let seen = &mut *user.cast::<Seen>();
        let der = core::slice::from_raw_parts(cert_der, cert_len).to_vec();
        seen.certs.push((der, text(subject), text(status), *accept));
        if seen.verdict >= 0 {
            *accept = seen.verdict;
        }
    }
}

unsafe extern "C" fn ssl_status(user: *mut c_void, message: *const c_char) {
    // SAFETY: as above.
    unsafe { (*user.cast::<Seen>()).ssl_status.push(text(message)) };
}

fn start() -> (Arc<Pki>, RunningSimulator) {
    let pki = Arc::new(Pki::generate().unwrap());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim: SimConfig::with_builtin_scenarios().unwrap(),
    })
    .unwrap();
    (pki, running)
}

/// A built-in-HTTPS client trusting `ca_pem` (NULL: the Mozilla roots,
/// which do not hold the simulator's CA), after the ARes of `scenario`.
fn client(
    pki: &Pki,
    running: &RunningSimulator,
    ca_pem: Option<&CStr>,
    seen: &mut Seen,
    scenario: &str,
) -> (*mut threeds_client, String) {
    let events = threeds_client_events {
        user: (seen as *mut Seen).cast(),
        on_log: None,
        on_data_packet_in: None,
        on_data_packet_out: None,
        on_error: None,
        on_ssl_server_authentication: Some(server_auth),
        on_ssl_status: Some(ssl_status),
    };
    let mut c = null_mut();
    // SAFETY: valid pointers; `seen` outlives the client.
    unsafe {
        let ca = ca_pem.map_or(core::ptr::null(), CStr::as_ptr);
        assert_eq!(threeds_client_new_https(ca, &events, &mut c), THREEDS_OK);
        configure_client(c, pki, "2.2.0", &pki.ds_enc_ec.cert_der);
        let areq = client_get(c, threeds_client_get_auth_request);
        // The AReq goes to the simulator's DS in memory (the app's own
        // server relays it); the CReqs go over HTTPS to the ACS.
        let answer = running.sim().handle_http(
            &format!("/3ds/auth?scenario={scenario}"),
            Some("application/json"),
            areq.as_bytes(),
        );
        assert_eq!(answer.status, 200, "{}", answer.body_text());
        let ares = CString::new(answer.body).unwrap();
        client_ok(threeds_client_check_auth_response(c, ares.as_ptr()), c);
        assert_eq!(client_get(c, threeds_client_get_transaction_status), "C");
        let sdk = client_get(c, threeds_client_get_sdk_transaction_id);
        (c, sdk)
    }
}

fn ca_pem(pki: &Pki) -> CString {
    CString::new(pki.tls_ca.cert_pem()).unwrap()
}

#[test]
fn ssl_events_fire_and_the_challenge_completes() {
    let (pki, running) = start();
    let mut seen = Seen {
        verdict: -1,
        ..Seen::default()
    };
    let ca = ca_pem(&pki);
    let (c, sdk) = client(&pki, &running, Some(&ca), &mut seen, "challenge-text");
    let before = running.connections();
    // SAFETY: live client.
    unsafe {
        client_ok(threeds_client_send_challenge_request(c), c);
        client_ok(
            threeds_client_set_challenge_data_entry(c, c"123456".as_ptr()),
            c,
        );
        client_ok(threeds_client_send_challenge_request(c), c);
    }
    assert_eq!(client_get(c, threeds_client_get_transaction_status), "Y");
    let connections = running.connections() - before;
    assert!(connections >= 1);
    // One server-authentication event per TLS connection, each with the
    // certificate the simulator served and the verifier's OK.
    assert_eq!(seen.certs.len(), connections);
    for (der, subject, status, accept) in &seen.certs {
        assert_eq!(der, &pki.tls_server.cert_der);
        assert_eq!(status, "OK");
        assert_eq!(*accept, 1);
        assert!(!subject.is_empty());
    }
    assert!(!seen.ssl_status.is_empty());
    let tx = running
        .records()
        .transactions
        .into_iter()
        .find(|t| t.sdk_trans_id == sdk)
        .unwrap();
    assert_eq!(tx.creqs.len(), 2);
    assert_eq!(tx.outcome.as_deref(), Some("Y"));
    // SAFETY: live client, freed once.
    unsafe { threeds_client_free(c) };
    running.stop();
}

#[test]
fn accept_zero_sends_no_creq() {
    let (pki, running) = start();
    let mut seen = Seen {
        verdict: 0,
        ..Seen::default()
    };
    let ca = ca_pem(&pki);
    let (c, sdk) = client(&pki, &running, Some(&ca), &mut seen, "challenge-text");
    let before = running.connections();
    // SAFETY: live client.
    let rc = unsafe { threeds_client_send_challenge_request(c) };
    assert_eq!(rc, THREEDS_ERR_CLIENT);
    let (code, msg) = client_error(c);
    assert_eq!(code, 151, "{msg}");
    // The handshake happened, the verifier said OK, the app refused:
    // nothing reached the ACS.
    assert!(running.connections() > before);
    assert_eq!(seen.certs.len(), 1);
    assert_eq!(seen.certs[0].2, "OK");
    let tx = running
        .records()
        .transactions
        .into_iter()
        .find(|t| t.sdk_trans_id == sdk)
        .unwrap();
    assert!(tx.creq_bodies.is_empty(), "no CReq reached the ACS");
    let mut status = 1;
    // SAFETY: live client.
    client_ok(
        unsafe { threeds_client_get_last_http_status(c, &mut status) },
        c,
    );
    assert_eq!(status, 0, "no HTTP answer");
    // SAFETY: live client, freed once.
    unsafe { threeds_client_free(c) };
    running.stop();
}

#[test]
fn accept_one_overrides_a_failed_verification() {
    let (pki, running) = start();
    let mut seen = Seen {
        verdict: 1,
        ..Seen::default()
    };
    // The Mozilla roots do not hold the simulator's CA: verification fails,
    // the app accepts anyway (the reference's behaviour).
    let (c, sdk) = client(&pki, &running, None, &mut seen, "challenge-text");
    // SAFETY: live client.
    unsafe {
        client_ok(threeds_client_send_challenge_request(c), c);
    }
    assert!(!seen.certs.is_empty());
    assert_ne!(seen.certs[0].2, "OK", "verification failed first");
    assert_eq!(seen.certs[0].3, 0, "the verifier's verdict was refuse");
    assert_eq!(seen.certs[0].0, pki.tls_server.cert_der);
    let tx = running
        .records()
        .transactions
        .into_iter()
        .find(|t| t.sdk_trans_id == sdk)
        .unwrap();
    assert_eq!(tx.creqs.len(), 1);
    // SAFETY: live client, freed once.
    unsafe { threeds_client_free(c) };
    running.stop();
}
