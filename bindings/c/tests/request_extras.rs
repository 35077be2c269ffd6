//! Message extensions, extra request members and the decoupled-authentication
//! text through the C API (sans-IO and hosted), against the simulator: what
//! the C caller gave is what the ACS decrypted, and what the C getters read
//! is what the DS sent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::ffi::{CStr, c_char, c_void};
use core::ptr::{null, null_mut};

use common::*;
use serde_json::{Value, json};
use threeds::*;
use threeds_sim::{Pki, Sim, TransactionRecord};

const JOSE: &str = "application/jose; charset=UTF-8";

fn record(sim: &Sim, sdk: &str) -> TransactionRecord {
    sim.records().by_sdk_trans_id(sdk).unwrap().clone()
}

fn cardholder(t: &Txn, which: u8) -> String {
    // SAFETY: live handle; buffers as described.
    t.string(|b, c, n| unsafe { threeds_txn_cardholder_info(t.ptr, which, b, c, n) })
        .unwrap()
}

#[test]
fn extensions_and_request_fields_reach_the_acs_exactly() {
    let pki = pki();
    let sim = sim(&pki);
    for version in ["2.1.0", "2.2.0", "2.3.1"] {
        let (t, outcome, sdk) = to_ares(&sim, &pki, "challenge-text", version);
        assert_eq!(outcome, THREEDS_ARES_CHALLENGE);
        let acs = t.acs_url().unwrap();
        // First CReq: two extensions as records, data written compactly.
        let ext = [
            threeds_extension {
                id: c"A000000802-001".as_ptr(),
                name: c"loyalty".as_ptr(),
                critical: 0,
                data: c"{ \"tier\" : \"gold\", \"points\": [1, 2] }".as_ptr(),
            },
            threeds_extension {
                id: c"A000000802-002".as_ptr(),
                name: c"basket \u{e9}".as_ptr(),
                critical: 0,
                data: c"{}".as_ptr(),
            },
        ];
        let mut i = input(THREEDS_ANSWER_INITIAL);
        i.extensions = ext.as_ptr();
        i.extension_count = ext.len();
        let creq = build_creq(&t, &i).unwrap();
        let answer = sim.handle_http(&acs, Some(JOSE), &creq);
        let mut work = Vec::new();
        let (rc, r) = handle_cres(&t, &answer.body, &mut work);
        assert_eq!(rc, THREEDS_OK);
        assert_eq!(r.outcome, THREEDS_CRES_SCREEN, "{version}");
        let rec = record(&sim, &sdk);
        assert_eq!(
            rec.creqs[0]["messageExtension"],
            json!([
                {"id": "A000000802-001", "name": "loyalty", "criticalityIndicator": false,
                 "data": {"tier": "gold", "points": [1, 2]}},
                {"id": "A000000802-002", "name": "basket \u{e9}", "criticalityIndicator": false,
                 "data": {}}
            ]),
            "{version}"
        );
        let plain = String::from_utf8(rec.creq_plaintexts[0].clone()).unwrap();
        assert!(
            plain.contains(r#""data":{"tier":"gold","points":[1,2]}"#),
            "compact on the wire: {plain}"
        );
        // Second CReq: the raw array form, the answer, and the C text reaches
        // the ACS as the final member.
        let mut i = input(THREEDS_ANSWER_TEXT);
        i.entry = c"123456".as_ptr();
        i.raw_extensions =
            c"[{\"id\":\"A000000802-003\",\"name\":\"raw\",\"criticalityIndicator\":false,\"data\":{\"k\":null}}]"
                .as_ptr();
        let creq = build_creq(&t, &i).unwrap();
        let answer = sim.handle_http(&acs, Some(JOSE), &creq);
        let (rc, r) = handle_cres(&t, &answer.body, &mut work);
        assert_eq!(rc, THREEDS_OK);
        assert_eq!(r.outcome, THREEDS_CRES_COMPLETED, "{version}");
        assert_eq!(r.trans_status, b'Y');
        let rec = record(&sim, &sdk);
        assert_eq!(
            rec.creqs[1]["messageExtension"],
            json!([{"id": "A000000802-003", "name": "raw", "criticalityIndicator": false,
                    "data": {"k": null}}])
        );
        assert_eq!(rec.creqs[1]["challengeDataEntry"], "123456");
        assert!(rec.violations.is_empty(), "{:?}", rec.violations);
    }
}

#[test]
fn a_request_field_is_sent_as_given_and_the_acs_judges_it() {
    // The simulator's ACS is strict: a member the CReq does not define is
    // refused with Erro 203 naming it. What it received is exactly the
    // member the C caller added, string and JSON forms alike.
    let pki = pki();
    let sim = sim(&pki);
    let (t, _, sdk) = to_ares(&sim, &pki, "challenge-text", "2.2.0");
    let acs = t.acs_url().unwrap();
    let fields = [
        threeds_request_field {
            name: c"acmeTerminalRef".as_ptr(),
            value: c"T-0042 \"lane 3\"".as_ptr(),
            value_type: THREEDS_VALUE_STRING,
        },
        threeds_request_field {
            name: c"acmeBasket".as_ptr(),
            value: c"{ \"items\" : [ 1 , 2 ] }".as_ptr(),
            value_type: THREEDS_VALUE_JSON,
        },
    ];
    let mut i = input(THREEDS_ANSWER_INITIAL);
    i.request_fields = fields.as_ptr();
    i.request_field_count = fields.len();
    let creq = build_creq(&t, &i).unwrap();
    let answer = sim.handle_http(&acs, Some(JOSE), &creq);
    let mut work = Vec::new();
    let (rc, r) = handle_cres(&t, &answer.body, &mut work);
    assert_eq!(rc, THREEDS_OK);
    assert_eq!(r.outcome, THREEDS_CRES_ERRO_RECEIVED);
    assert_eq!(r.erro_code, 203);
    let rec = record(&sim, &sdk);
    assert_eq!(rec.creqs[0]["acmeTerminalRef"], "T-0042 \"lane 3\"");
    assert_eq!(rec.creqs[0]["acmeBasket"], json!({"items": [1, 2]}));
    let plain = String::from_utf8(rec.creq_plaintexts[0].clone()).unwrap();
    assert!(
        plain.ends_with(r#","acmeTerminalRef":"T-0042 \"lane 3\"","acmeBasket":{"items":[1,2]}}"#),
        "at the end, in order: {plain}"
    );
    let detail = rec.erros_sent[0]["errorDetail"].as_str().unwrap();
    assert!(
        ["acmeTerminalRef", "acmeBasket"].contains(&detail),
        "{detail}"
    );
}

#[test]
fn the_decoupled_text_equals_the_ares() {
    let pki = pki();
    let sim = sim(&pki);
    for version in ["2.2.0", "2.3.1"] {
        let (t, outcome, sdk) = to_ares(&sim, &pki, "decoupled", version);
        assert_eq!(outcome, THREEDS_ARES_DECOUPLED, "{version}");
        let ares = record(&sim, &sdk).ares;
        let want = match &ares["cardholderInfo"] {
            Value::String(s) => s.clone(),
            Value::Object(o) => o["text"].as_str().unwrap().to_owned(),
            other => panic!("{other}"),
        };
        assert!(!want.is_empty());
        assert_eq!(cardholder(&t, THREEDS_CARDHOLDER_TEXT), want, "{version}");
        let image = |m: &str| {
            ares["cardholderInfo"]
                .get(m)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(
            cardholder(&t, THREEDS_CARDHOLDER_ISSUER_IMAGE),
            image("issuerImage")
        );
        assert_eq!(
            cardholder(&t, THREEDS_CARDHOLDER_PAYMENT_SYSTEM_IMAGE),
            image("paymentSystemImage")
        );
        // Kept while the transaction lives; gone after a reset.
        // SAFETY: live handle.
        assert_eq!(unsafe { threeds_txn_reset(t.ptr) }, THREEDS_OK);
        assert_eq!(cardholder(&t, THREEDS_CARDHOLDER_TEXT), "");
    }
    // A frictionless ARes without cardholderInfo reads as empty.
    let (t, outcome, _) = to_ares(&sim, &pki, "frictionless-y", "2.2.0");
    assert_eq!(outcome, THREEDS_ARES_FRICTIONLESS);
    assert_eq!(cardholder(&t, THREEDS_CARDHOLDER_TEXT), "");
}

// ---- hosted API ----

struct App {
    sim: Sim,
    /// HTTP status to answer with instead of the simulator's (0: its own).
    force_status: u16,
    posts: usize,
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
        let url = CStr::from_ptr(url).to_str().unwrap();
        let ct = CStr::from_ptr(content_type).to_str().unwrap();
        let body = core::slice::from_raw_parts(body, body_len);
        let answer = app.sim.handle_http(url, Some(ct), body);
        app.posts += 1;
        if answer.body.len() > response_cap {
            return THREEDS_POST_TOO_LARGE;
        }
        core::ptr::copy_nonoverlapping(answer.body.as_ptr(), response, answer.body.len());
        response_len.write(answer.body.len());
        http_status.write(if app.force_status != 0 {
            app.force_status
        } else {
            answer.status
        });
    }
    THREEDS_POST_OK
}

fn get_cardholder(c: *mut threeds_client, which: u8) -> String {
    let mut buf = vec![0 as c_char; 1024];
    // SAFETY: live client; buffer valid.
    let rc = unsafe {
        threeds_client_get_cardholder_info(c, which, buf.as_mut_ptr(), buf.len(), null_mut())
    };
    assert_eq!(rc, THREEDS_OK);
    // SAFETY: NUL-terminated by the library.
    unsafe { CStr::from_ptr(buf.as_ptr()) }
        .to_str()
        .unwrap()
        .to_owned()
}

/// A hosted client over `app`, configured like an app would, after the
/// ARes of `scenario`; returns it and the sdkTransID.
fn hosted(
    app: &mut App,
    pki: &Pki,
    scenario: &str,
    version: &str,
) -> (*mut threeds_client, String) {
    let user: *mut App = app;
    let mut c = null_mut();
    // SAFETY: valid callbacks and pointers; `app` outlives the client.
    unsafe {
        assert_eq!(
            threeds_client_new(Some(post), user.cast(), null(), &mut c),
            THREEDS_OK
        );
        configure_client(c, pki, version, &pki.ds_enc_rsa.cert_der);
        let mut buf = vec![0 as c_char; 32 * 1024];
        client_ok(
            threeds_client_get_auth_request(c, buf.as_mut_ptr(), buf.len(), null_mut()),
            c,
        );
        let areq = CStr::from_ptr(buf.as_ptr()).to_bytes().to_vec();
        let answer =
            (*user)
                .sim
                .handle_http(&format!("/3ds/auth?scenario={scenario}"), None, &areq);
        let ares = std::ffi::CString::new(answer.body).unwrap();
        client_ok(threeds_client_check_auth_response(c, ares.as_ptr()), c);
        let mut id = vec![0 as c_char; 64];
        client_ok(
            threeds_client_get_sdk_transaction_id(c, id.as_mut_ptr(), id.len(), null_mut()),
            c,
        );
        let id = CStr::from_ptr(id.as_ptr()).to_str().unwrap().to_owned();
        (c, id)
    }
}

#[test]
fn hosted_extensions_request_fields_and_raw_config_reach_the_acs() {
    let pki = pki();
    let mut app = Box::new(App {
        sim: sim(&pki),
        force_status: 0,
        posts: 0,
    });
    let (c, sdk) = hosted(&mut app, &pki, "challenge-text", "2.3.1");
    // SAFETY: live client; NUL-terminated strings.
    unsafe {
        client_ok(
            threeds_client_add_extension(
                c,
                c"A000000802-001".as_ptr(),
                c"loyalty".as_ptr(),
                0,
                c"{\"tier\": 2}".as_ptr(),
            ),
            c,
        );
        let mut n = 0;
        client_ok(threeds_client_get_extension_count(c, &mut n), c);
        assert_eq!(n, 1);
        client_ok(threeds_client_send_challenge_request(c), c);
        let rec = record(&app.sim, &sdk);
        assert_eq!(
            rec.creqs[0]["messageExtension"],
            json!([{"id": "A000000802-001", "name": "loyalty", "criticalityIndicator": false,
                    "data": {"tier": 2}}])
        );
        // The raw form replaces the records; then a request field.
        client_ok(threeds_client_set_extension_count(c, 0), c);
        let rc = threeds_client_config(
            c,
            c"OutgoingRawExtensions=[{\"id\":\"A000000802-009\",\"name\":\"raw\",\"criticalityIndicator\":false,\"data\":{\"a\":[true]}}]".as_ptr(),
            null_mut(),
            0,
            null_mut(),
        );
        client_ok(rc, c);
        client_ok(
            threeds_client_set_challenge_data_entry(c, c"123456".as_ptr()),
            c,
        );
        client_ok(
            threeds_client_add_request_field(
                c,
                c"acmeLane".as_ptr(),
                c"3".as_ptr(),
                THREEDS_VALUE_STRING,
            ),
            c,
        );
        assert_eq!(threeds_client_send_challenge_request(c), THREEDS_ERR_CLIENT);
        let rec = record(&app.sim, &sdk);
        assert_eq!(
            rec.creqs[1]["messageExtension"],
            json!([{"id": "A000000802-009", "name": "raw", "criticalityIndicator": false,
                    "data": {"a": [true]}}])
        );
        assert_eq!(rec.creqs[1]["acmeLane"], "3");
        assert_eq!(rec.creqs[1]["challengeDataEntry"], "123456");
        // The strict ACS refused the unknown member: Erro 203 naming it.
        assert_eq!(rec.erros_sent[0]["errorDetail"], "acmeLane");
        let (code, msg) = client_error(c);
        assert_ne!(code, 0);
        assert!(msg.contains("Erro 203"), "{msg}");
        // A bad value_type is the reference's 603, nothing is added.
        assert_eq!(
            threeds_client_add_request_field(c, c"x".as_ptr(), c"1".as_ptr(), 9),
            THREEDS_ERR_CLIENT
        );
        assert_eq!(client_error(c).0, 603);
        threeds_client_free(c);
    }
}

#[test]
fn hosted_decoupled_text_equals_the_ares() {
    let pki = pki();
    for version in ["2.2.0", "2.3.1"] {
        let mut app = Box::new(App {
            sim: sim(&pki),
            force_status: 0,
            posts: 0,
        });
        let (c, sdk) = hosted(&mut app, &pki, "decoupled", version);
        let ares = record(&app.sim, &sdk).ares;
        let want = ares["cardholderInfo"]
            .as_str()
            .or(ares["cardholderInfo"]["text"].as_str())
            .unwrap();
        assert_eq!(
            get_cardholder(c, THREEDS_CARDHOLDER_TEXT),
            want,
            "{version}"
        );
        assert_eq!(get_cardholder(c, THREEDS_CARDHOLDER_ISSUER_IMAGE), "");
        // SAFETY: live client.
        unsafe {
            assert_eq!(
                threeds_client_get_cardholder_info(c, 0, null_mut(), 0, null_mut()),
                THREEDS_ERR_INVALID_PARAMETER
            );
            client_ok(threeds_client_reset_transaction_info(c), c);
            assert_eq!(get_cardholder(c, THREEDS_CARDHOLDER_TEXT), "");
            threeds_client_free(c);
        }
    }
}

#[test]
fn a_non_2xx_answer_is_threeds_err_http_status() {
    let pki = pki();
    // The simulator's own HTTP 500, and a status forced by the app transport.
    for (scenario, force, want) in [("fault-http-500", 0, 500), ("challenge-text", 503, 503)] {
        let mut app = Box::new(App {
            sim: sim(&pki),
            force_status: force,
            posts: 0,
        });
        let (c, sdk) = hosted(&mut app, &pki, scenario, "2.2.0");
        // SAFETY: live client.
        unsafe {
            assert_eq!(
                threeds_client_send_challenge_request(c),
                THREEDS_ERR_HTTP_STATUS
            );
            // The reference's code and message are readable too (until
            // the next call succeeds).
            let (code, msg) = client_error(c);
            assert_eq!(code, 151, "{msg}");
            assert!(msg.contains(&want.to_string()), "{msg}");
            let mut status = 0;
            client_ok(threeds_client_get_last_http_status(c, &mut status), c);
            assert_eq!(status, want);
            // One CReq reached the ACS; nothing was sent after the refusal.
            assert_eq!(app.posts, 1);
            assert!(record(&app.sim, &sdk).erros_received.is_empty());
            // The transaction is over: the reference's error, not a status.
            assert_eq!(threeds_client_send_challenge_request(c), THREEDS_ERR_CLIENT);
            threeds_client_free(c);
        }
    }
    // A 200 answer leaves THREEDS_OK and status 200.
    let mut app = Box::new(App {
        sim: sim(&pki),
        force_status: 0,
        posts: 0,
    });
    let (c, _) = hosted(&mut app, &pki, "challenge-text", "2.2.0");
    // SAFETY: live client.
    unsafe {
        client_ok(threeds_client_send_challenge_request(c), c);
        let mut status = 0;
        client_ok(threeds_client_get_last_http_status(c, &mut status), c);
        assert_eq!(status, 200);
        threeds_client_free(c);
    }
}

// ---- boundary ----

#[test]
fn refused_extras_change_nothing() {
    let pki = pki();
    let sim = sim(&pki);
    let (t, _, sdk) = to_ares(&sim, &pki, "challenge-text", "2.2.0");
    let one = threeds_extension {
        id: c"A000000802-001".as_ptr(),
        name: c"n".as_ptr(),
        critical: 0,
        data: c"{}".as_ptr(),
    };
    let eleven = [one; 11];
    let sixteen = [one; 16];
    let no_id = [threeds_extension { id: null(), ..one }];
    let field = |name: &'static CStr, value_type| threeds_request_field {
        name: name.as_ptr(),
        value: c"1".as_ptr(),
        value_type,
    };
    let clash = [field(c"messageType", THREEDS_VALUE_STRING)];
    let unnamed = [field(c"", THREEDS_VALUE_STRING)];
    let bad_type = [field(c"acme", 0)];
    let twice = [field(c"acme", 1), field(c"acme", 2)];
    let many = [field(c"acme", 1); 33];
    let bad_json = [threeds_request_field {
        value: c"{".as_ptr(),
        ..field(c"acme", THREEDS_VALUE_JSON)
    }];
    let cases: Vec<(&str, i32, threeds_challenge_input)> = vec![
        ("16 records", THREEDS_ERR_INVALID_PARAMETER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.extensions = sixteen.as_ptr();
            i.extension_count = 16;
            i
        }),
        ("11 in 2.2.0", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.extensions = eleven.as_ptr();
            i.extension_count = 11;
            i
        }),
        ("NULL records", THREEDS_ERR_NULL_POINTER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.extension_count = 1;
            i
        }),
        ("NULL id", THREEDS_ERR_NULL_POINTER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.extensions = no_id.as_ptr();
            i.extension_count = 1;
            i
        }),
        ("raw and records", THREEDS_ERR_INVALID_PARAMETER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.extensions = eleven.as_ptr();
            i.extension_count = 1;
            i.raw_extensions = c"[]".as_ptr();
            i
        }),
        ("raw not JSON", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.raw_extensions = c"[{".as_ptr();
            i
        }),
        ("a member the CReq has", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = clash.as_ptr();
            i.request_field_count = 1;
            i
        }),
        ("an empty name", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = unnamed.as_ptr();
            i.request_field_count = 1;
            i
        }),
        ("a name twice", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = twice.as_ptr();
            i.request_field_count = 2;
            i
        }),
        ("value_type 0", THREEDS_ERR_INVALID_PARAMETER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = bad_type.as_ptr();
            i.request_field_count = 1;
            i
        }),
        ("value not JSON", THREEDS_ERR_BUILD, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = bad_json.as_ptr();
            i.request_field_count = 1;
            i
        }),
        ("33 fields", THREEDS_ERR_INVALID_PARAMETER, {
            let mut i = input(THREEDS_ANSWER_INITIAL);
            i.request_fields = many.as_ptr();
            i.request_field_count = 33;
            i
        }),
    ];
    for (what, want, i) in &cases {
        assert_eq!(build_creq(&t, i), Err(*want), "{what}");
        let (status, _, msg) = t.last_error();
        assert_eq!(status, *want, "{what}: {msg}");
        assert_eq!(t.state(), THREEDS_STATE_CHALLENGE_EXPECT_CREQ, "{what}");
    }
    // An extension `data` past the spec's 8,059 characters: refused,
    // nothing changes.
    let blob = |n: usize| {
        std::ffi::CString::new(format!("{{\"blob\":\"{}\"}}", "\\u0001".repeat(n))).unwrap()
    };
    let data = blob(1400);
    let big = [threeds_extension {
        data: data.as_ptr(),
        ..one
    }];
    let mut i = input(THREEDS_ANSWER_INITIAL);
    i.extensions = big.as_ptr();
    i.extension_count = 1;
    assert_eq!(build_creq(&t, &i), Err(THREEDS_ERR_BUILD));
    assert!(t.last_error().2.contains("messageExtension.data"));
    assert_eq!(t.state(), THREEDS_STATE_CHALLENGE_EXPECT_CREQ);
    // One within the cap but larger than THREEDS_CREQ_MAX: a short buffer
    // reports the exact size, one byte less fails, that size succeeds.
    let data = blob(1300);
    let fits = [threeds_extension {
        data: data.as_ptr(),
        ..one
    }];
    i.extensions = fits.as_ptr();
    let mut out = vec![0u8; THREEDS_CREQ_MAX];
    let mut needed = 0;
    // SAFETY: live handle; buffers valid.
    let rc = unsafe {
        threeds_txn_build_creq(t.ptr, &i, 2_000, out.as_mut_ptr(), out.len(), &mut needed)
    };
    assert_eq!(rc, THREEDS_ERR_BUFFER_TOO_SMALL);
    assert!(needed > THREEDS_CREQ_MAX, "{needed}");
    let mut again = 0;
    out.resize(needed - 1, 0);
    // SAFETY: live handle; buffers valid.
    let rc = unsafe {
        threeds_txn_build_creq(t.ptr, &i, 2_000, out.as_mut_ptr(), out.len(), &mut again)
    };
    assert_eq!((rc, again), (THREEDS_ERR_BUFFER_TOO_SMALL, needed));
    out.resize(needed, 0);
    let mut len = 0;
    // SAFETY: live handle; buffers valid.
    let rc =
        unsafe { threeds_txn_build_creq(t.ptr, &i, 2_000, out.as_mut_ptr(), out.len(), &mut len) };
    assert_eq!((rc, len), (THREEDS_OK, needed));
    let creq = out;
    // Nothing refused above consumed a counter: this is CReq 000, and the
    // (escaped control-character) data arrived as given.
    let acs = t.acs_url().unwrap();
    let _ = sim.handle_http(&acs, Some(JOSE), &creq);
    let rec = record(&sim, &sdk);
    assert_eq!(rec.creqs.len(), 1);
    assert_eq!(rec.creqs[0]["sdkCounterStoA"], "000");
    assert_eq!(
        rec.creqs[0]["messageExtension"][0]["data"]["blob"],
        "\u{1}".repeat(1300)
    );
    // cardholder_info: unknown part, NULL handle.
    // SAFETY: NULL and a live handle.
    unsafe {
        assert_eq!(
            threeds_txn_cardholder_info(t.ptr, 0, null_mut(), 0, null_mut()),
            THREEDS_ERR_INVALID_PARAMETER
        );
        assert_eq!(
            threeds_txn_cardholder_info(t.ptr, 4, null_mut(), 0, null_mut()),
            THREEDS_ERR_INVALID_PARAMETER
        );
        assert_eq!(
            threeds_txn_cardholder_info(null(), 1, null_mut(), 0, null_mut()),
            THREEDS_ERR_NULL_POINTER
        );
    }
}

#[test]
fn the_decoupled_fallback_ends_a_challenge_with_d_only_when_asked() {
    let pki = pki();
    let mut config = threeds_sim::SimConfig::with_builtin_scenarios().unwrap();
    config.scenarios.insert(
        threeds_sim::Scenario::from_json(
            r#"{
              "name": "decoupled-fallback",
              "description": "One text round; the ACS then falls back to decoupled authentication.",
              "ares": { "transStatus": "C", "cardholderInfo": "Approve in your banking app." },
              "rounds": [ { "uiType": "01", "expect": { "entry": "123456" } } ],
              "finalStatus": "D"
            }"#,
        )
        .unwrap(),
    );
    let sim = Sim::new(std::sync::Arc::clone(&pki), config).unwrap();
    for fallback in [true, false] {
        let t = Txn::new();
        let p = Params::new("2.3.1", &pki.ds_enc_rsa.cert_der, true);
        let areq = begin(&t, &p);
        let sdk = t.id(THREEDS_ID_SDK).unwrap();
        if fallback {
            // SAFETY: live handle.
            let rc = unsafe { threeds_txn_set_decoupled_fallback(t.ptr, 1) };
            assert_eq!(rc, THREEDS_OK);
        }
        let answer = sim.handle_http("/3ds/auth?scenario=decoupled-fallback", None, &areq);
        let (rc, _) = handle_ares(&t, &answer.body, &pki.ds_root.cert_der);
        assert_eq!(rc, THREEDS_OK);
        assert_eq!(
            cardholder(&t, THREEDS_CARDHOLDER_TEXT),
            "Approve in your banking app."
        );
        let acs = t.acs_url().unwrap();
        let mut work = Vec::new();
        for i in [input(THREEDS_ANSWER_INITIAL), {
            let mut i = input(THREEDS_ANSWER_TEXT);
            i.entry = c"123456".as_ptr();
            i
        }] {
            let creq = build_creq(&t, &i).unwrap();
            let answer = sim.handle_http(&acs, Some(JOSE), &creq);
            let (rc, r) = handle_cres(&t, &answer.body, &mut work);
            assert_eq!(rc, THREEDS_OK);
            if r.outcome == THREEDS_CRES_SCREEN {
                continue;
            }
            let rec = record(&sim, &sdk);
            assert_eq!(rec.cres.last().unwrap()["transStatus"], "D");
            if fallback {
                assert_eq!(r.outcome, THREEDS_CRES_COMPLETED);
                assert_eq!(r.trans_status, b'D');
                assert_eq!(t.state(), THREEDS_STATE_COMPLETED);
            } else {
                // Not asked for: the transaction fails; a final CRes is
                // never answered, so nothing more goes to the ACS.
                assert_eq!(r.outcome, THREEDS_CRES_ABORTED);
                assert_ne!(r.erro_code, 0);
                assert_eq!(t.state(), THREEDS_STATE_FAILED);
                assert!(rec.erros_received.is_empty());
            }
        }
        // Only while a transaction is under way.
        // SAFETY: live handle.
        let rc = unsafe { threeds_txn_set_decoupled_fallback(t.ptr, 1) };
        assert_eq!(rc, THREEDS_ERR_WRONG_STATE);
    }
}
