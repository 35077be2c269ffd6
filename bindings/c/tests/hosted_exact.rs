//! The hosted API (the reference Client in C) against the simulator, in
//! memory through the app-transport callback: what the events report and
//! the properties read equal what went over the wire.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::{CStr, c_char, c_void};
use core::ptr::null_mut;

use common::{client_get, client_ok, configure_client};
use threeds::*;
use threeds_sim::Sim;

/// What the callbacks saw.
struct App {
    sim: Sim,
    posted: Vec<(String, Vec<u8>)>,
    packets_out: Vec<Vec<u8>>,
    packets_in: Vec<Vec<u8>>,
}

unsafe extern "C" fn post(
    user: *mut c_void,
    url: *const c_char,
    content_type: *const c_char,
    body: *const u8,
    body_len: usize,
    _timeout_ms: u64,
    response: *mut u8,
    response_cap: usize,
    response_len: *mut usize,
    http_status: *mut u16,
) -> i32 {
    // SAFETY: the library passes valid pointers for the call; `user` is our App.
    unsafe {
        let app = &mut *user.cast::<App>();
        let url = CStr::from_ptr(url).to_str().unwrap().to_owned();
        let ct = CStr::from_ptr(content_type).to_str().unwrap();
        let body = core::slice::from_raw_parts(body, body_len).to_vec();
        let answer = app.sim.handle_http(&url, Some(ct), &body);
        app.posted.push((url, body));
        if answer.body.len() > response_cap {
            return THREEDS_POST_TOO_LARGE;
        }
        core::ptr::copy_nonoverlapping(answer.body.as_ptr(), response, answer.body.len());
        response_len.write(answer.body.len());
        http_status.write(answer.status);
    }
    THREEDS_POST_OK
}

unsafe extern "C" fn packet_out(user: *mut c_void, data: *const u8, len: usize) {
    // SAFETY: as in `post`.
    unsafe {
        (*user.cast::<App>())
            .packets_out
            .push(core::slice::from_raw_parts(data, len).to_vec())
    };
}

unsafe extern "C" fn packet_in(user: *mut c_void, data: *const u8, len: usize) {
    // SAFETY: as in `post`.
    unsafe {
        (*user.cast::<App>())
            .packets_in
            .push(core::slice::from_raw_parts(data, len).to_vec())
    };
}

#[test]
fn a_challenge_through_the_hosted_api_equals_the_wire() {
    let pki = common::pki();
    let mut app = Box::new(App {
        sim: common::sim(&pki),
        posted: Vec::new(),
        packets_out: Vec::new(),
        packets_in: Vec::new(),
    });
    let user: *mut App = &mut *app;
    let events = threeds_client_events {
        user: user.cast(),
        on_log: None,
        on_data_packet_in: Some(packet_in),
        on_data_packet_out: Some(packet_out),
        on_error: None,
        on_ssl_server_authentication: None,
        on_ssl_status: None,
    };
    let mut c = null_mut();
    // SAFETY: valid callbacks and pointers; `app` outlives the client.
    unsafe {
        assert_eq!(
            threeds_client_new(Some(post), user.cast(), &events, &mut c),
            THREEDS_OK
        );
        configure_client(c, &pki, "2.2.0", &pki.ds_enc_rsa.cert_der);
        // get_auth_request: a short buffer keeps the request for the retry.
        let mut needed = 0;
        assert_eq!(
            threeds_client_get_auth_request(c, null_mut(), 0, &mut needed),
            THREEDS_ERR_BUFFER_TOO_SMALL
        );
        let mut areq = vec![0 as c_char; needed];
        client_ok(
            threeds_client_get_auth_request(c, areq.as_mut_ptr(), areq.len(), null_mut()),
            c,
        );
        let areq = CStr::from_ptr(areq.as_ptr()).to_bytes().to_vec();
        assert_eq!(areq.len() + 1, needed);
        let answer =
            (*user)
                .sim
                .handle_http("/3ds/auth?scenario=challenge-single-select", None, &areq);
        let ares = std::ffi::CString::new(answer.body).unwrap();
        client_ok(threeds_client_check_auth_response(c, ares.as_ptr()), c);
        assert_eq!(client_get(c, threeds_client_get_transaction_status), "C");
        let sdk_id = client_get(c, threeds_client_get_sdk_transaction_id);
        client_ok(threeds_client_send_challenge_request(c), c);
        let rec = (*user)
            .sim
            .records()
            .by_sdk_trans_id(&sdk_id)
            .unwrap()
            .clone();
        let cres = rec.cres.last().unwrap();
        assert_eq!(
            client_get(c, threeds_client_get_challenge_info_header),
            cres["challengeInfoHeader"].as_str().unwrap()
        );
        assert_eq!(
            client_get(c, threeds_client_get_submit_authentication_label),
            cres["submitAuthenticationLabel"].as_str().unwrap()
        );
        let mut n = 0;
        client_ok(threeds_client_get_challenge_select_info_count(c, &mut n), c);
        assert_eq!(n, cres["challengeSelectInfo"].as_array().unwrap().len());
        client_ok(
            threeds_client_set_challenge_data_entry(c, c"phon".as_ptr()),
            c,
        );
        client_ok(threeds_client_send_challenge_request(c), c);
        let mut complete = 0;
        client_ok(threeds_client_get_challenge_complete(c, &mut complete), c);
        assert_eq!(complete, 1);
        assert_eq!(client_get(c, threeds_client_get_transaction_status), "Y");
        // What the events reported is exactly what crossed the transport.
        let app = &*user;
        let rec = app.sim.records().by_sdk_trans_id(&sdk_id).unwrap().clone();
        assert_eq!(rec.outcome.as_deref(), Some("Y"));
        assert_eq!(app.posted.len(), 2);
        assert_eq!(rec.creqs.len(), 2);
        assert_eq!(rec.creqs[1]["challengeDataEntry"], "phon");
        let sent: Vec<&Vec<u8>> = app.posted.iter().map(|(_, b)| b).collect();
        let out: Vec<&Vec<u8>> = app
            .packets_out
            .iter()
            .filter(|p| !p.starts_with(b"{"))
            .collect();
        assert_eq!(out, sent);
        assert!(app.posted.iter().all(|(u, _)| u.contains("/acs/")));
        threeds_client_free(c);
    }
}

#[test]
fn hosted_boundary() {
    let mut c = null_mut();
    // SAFETY: NULLs where the header allows them to be checked.
    unsafe {
        assert_eq!(
            threeds_client_new(None, null_mut(), core::ptr::null(), &mut c),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_client_new(Some(post), null_mut(), core::ptr::null(), null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_client_send_challenge_request(null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        assert_eq!(
            threeds_client_interrupt(null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
        threeds_client_free(null_mut());
        assert_eq!(
            threeds_client_new_https(core::ptr::null(), core::ptr::null(), &mut c),
            THREEDS_OK
        );
        // Wrong order: a challenge before any ARes is the reference's error.
        assert_eq!(threeds_client_send_challenge_request(c), THREEDS_ERR_CLIENT);
        let mut code = 0;
        threeds_client_last_error(c, &mut code, null_mut(), 0, null_mut());
        assert_ne!(code, 0);
        // A refused value names itself; nothing changes.
        assert_eq!(
            threeds_client_set_message_version(c, c"9.9.9".as_ptr()),
            THREEDS_ERR_CLIENT
        );
        assert_eq!(client_get(c, threeds_client_get_message_version), "2.1.0");
        assert_eq!(
            threeds_client_set_oob_app_url_indicator(c, 9),
            THREEDS_ERR_CLIENT
        );
        let mut v = 0u8;
        assert_eq!(
            threeds_client_get_oob_app_url_indicator(c, &mut v),
            THREEDS_OK
        );
        assert_eq!(v, 1);
        assert_eq!(
            threeds_client_set_challenge_data_entry(c, core::ptr::null()),
            THREEDS_ERR_CLIENT
        );
        assert_eq!(threeds_client_interrupt(c), THREEDS_OK);
        threeds_client_free(c);
    }
}
