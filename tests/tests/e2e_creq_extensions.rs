//! Message extensions on the wire. CReq: an ~80,000-character extension set
//! reaches the simulator's ACS and its record equals what was sent (the
//! facade on `StdClient` over HTTPS, and the sans-IO `Transaction` through
//! the exchange driver); a set over a cap is refused with a typed error
//! before any POST, and nothing changes. CRes: the facade's
//! `IncomingExtension*` read-outs show the last message's extensions,
//! equal to what the simulator's ACS sent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;
mod std_client;

use common::sim_net::{SimNet, TestClock};
use serde_json::{Value, json};
use std_client::{Fixture, answer_screen, assert_wire_equality, run_challenge};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::LogType;
use threeds_core::keys::PublicKey;
use threeds_core::message::{
    BuildError, ChallengeAnswer, Interface, MAX_EXTENSIONS_TOTAL, MessageVersion,
    OutgoingExtension, OutgoingExtensions, all_ui_types,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, Error, ExchangeError,
    StateName, Timeouts, Transaction, run_exchange,
};

/// `n` extensions (id, name, data) whose compact array takes about `total`
/// characters; the data mixes multi-byte and escaped characters.
fn extensions(n: usize, total: usize) -> Vec<(String, String, String)> {
    let per = total / n;
    (0..n)
        .map(|i| {
            let id = format!("A000000802-{i:03}");
            let name = format!("Ext{i:02}");
            let frame = format!(
                r#"{{"name":"{name}","id":"{id}","criticalityIndicator":false,"data":{{"v":"","q":"\""}}}},"#
            )
            .chars()
            .count();
            let filler = "é".repeat(per.saturating_sub(frame).min(8000));
            (id, name, format!(r#"{{"v":"{filler}","q":"\""}}"#))
        })
        .collect()
}

/// The sans-IO driver's view of `extensions`: non-critical, borrowed.
fn outgoing(ext: &[(String, String, String)]) -> Vec<OutgoingExtension<'_>> {
    ext.iter()
        .map(|(id, name, data)| OutgoingExtension {
            id,
            name,
            critical: false,
            data,
        })
        .collect()
}

/// What the ACS must have decrypted for these extensions.
fn expected(ext: &[(String, String, String)]) -> Value {
    Value::Array(
        ext.iter()
            .map(|(id, name, data)| {
                json!({
                    "name": name,
                    "id": id,
                    "criticalityIndicator": false,
                    "data": serde_json::from_str::<Value>(data).unwrap(),
                })
            })
            .collect(),
    )
}

fn chars(v: &Value) -> usize {
    serde_json::to_string(v).unwrap().chars().count()
}

#[test]
fn the_facade_sends_an_80000_character_extension_set_exactly() {
    let fx = Fixture::start();
    for (version, gcm, n) in [("2.2.0", false, 10), ("2.3.1", true, 15)] {
        let what = format!("{version} gcm={gcm}");
        let mut c = fx.client(version, gcm, None);
        fx.authenticate(&mut c, "challenge-text").unwrap();
        let ext = extensions(n, 80_000);
        for (id, name, data) in &ext {
            c.add_extension(id, name, false, data).unwrap();
        }
        run_challenge(&mut c).unwrap();
        assert_eq!(c.transaction_status(), "Y", "{what}");
        let tx = fx.record(&mut c);
        // Every CReq of the challenge carried the set, as sent.
        assert!(tx.creqs.len() >= 2, "{what}");
        for creq in &tx.creqs {
            assert_eq!(creq["messageExtension"], expected(&ext), "{what}");
            let total = chars(&creq["messageExtension"]);
            assert!(
                (79_000..=MAX_EXTENSIONS_TOTAL).contains(&total),
                "{what}: {total}"
            );
        }
        // The CReq lines, packets and read-outs equal the wire, as for
        // every other CReq.
        assert_wire_equality(&mut c, &tx, &what);
        assert_eq!(c.events().lines(LogType::CReq).len(), tx.creqs.len());
    }
    fx.running.stop();
}

#[test]
fn the_facade_refuses_a_set_over_the_caps_before_any_post() {
    let fx = Fixture::start();
    for (version, n, total, field) in [
        ("2.2.0", 11, 11_000, "messageExtension"), // 11 objects before 2.3.1
        ("2.3.1", 11, 88_000, "messageExtension"), // over 81,920 characters
    ] {
        let what = format!("{version} {n} {total}");
        let mut c = fx.client(version, false, None);
        fx.authenticate(&mut c, "challenge-text").unwrap();
        for (id, name, data) in &extensions(n, total) {
            c.add_extension(id, name, false, data).unwrap();
        }
        let before = fx.running.connections();
        let err = c.send_challenge_request().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidOperation, "{what}: {err}");
        assert!(err.to_string().contains(field), "{what}: {err}");
        assert_eq!(fx.running.connections(), before, "{what}: nothing sent");
        let tx = fx.record(&mut c);
        assert!(tx.creq_bodies.is_empty(), "{what}");
        assert!(c.events().lines(LogType::CReq).is_empty(), "{what}");
        // Nothing changed: without the extensions the first CReq goes out.
        c.set_extension_count(0).unwrap();
        run_challenge(&mut c).unwrap();
        let tx = fx.record(&mut c);
        assert_eq!(tx.creqs[0]["sdkCounterStoA"], "000", "{what}");
        assert!(tx.creqs[0].get("messageExtension").is_none(), "{what}");
    }
    fx.running.stop();
}

/// A sans-IO transaction at its first CReq, against the in-memory simulator.
fn sans_io_at_first_creq(version: &str, gcm: bool) -> (Transaction, threeds_sim::Sim) {
    let pki = common::pki();
    let sim = common::sim();
    let clock = TestClock::new();
    let ds_key = PublicKey::P256(pki.ds_enc_ec.ec_key().unwrap().public_key());
    let version = MessageVersion::from_wire(version).unwrap();
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-E2E-0001",
        timeouts: Timeouts {
            sdk_max_timeout_minutes: 5,
            exchange_timeout_ms: 30_000,
        },
        device_info: br#"{"DV":"1.0","DD":{"C001":"Android"}}"#,
        use_aes_gcm: gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(version),
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let mut rng = rand::rng();
    // The auth request into a buffer of exactly the size it reports.
    let Err(Error::BufferTooSmall { needed }) =
        txn.begin(&params, &mut rng, clock.monotonic_ms(), &mut [0u8; 64])
    else {
        panic!("64 bytes cannot hold an auth request")
    };
    let mut out = vec![0u8; needed];
    let req = txn
        .begin(&params, &mut rng, clock.monotonic_ms(), &mut out)
        .unwrap();
    let answer = sim.handle_http(
        "/3ds/auth?scenario=challenge-text",
        Some("application/json"),
        &out[..req.len],
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let roots = TrustAnchors::from_der(core::slice::from_ref(&pki.ds_root.cert_der)).unwrap();
    let outcome = txn
        .handle_ares(&answer.body, &AcsTrust::roots(&roots), clock.now_unix())
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Challenge(_)));
    (txn, sim)
}

#[test]
fn the_sans_io_driver_sends_an_80000_character_extension_set_exactly() {
    for (version, gcm, n) in [("2.2.0", true, 10), ("2.3.1", false, 15)] {
        let (mut txn, sim) = sans_io_at_first_creq(version, gcm);
        let clock = TestClock::new();
        let mut net = SimNet::new(&sim, &clock);
        let ext = extensions(n, 80_000);
        let list = outgoing(&ext);
        let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
        input.extensions = OutgoingExtensions::List(&list);
        // The caller sizes its buffer from the message.
        let mut request = vec![0u8; txn.creq_size(&input).unwrap()];
        let mut response = vec![0u8; 64 * 1024];
        let mut plain = vec![0u8; 64 * 1024];
        let outcome = run_exchange(
            &mut txn,
            &mut net,
            &input,
            &mut rand::rng(),
            &clock,
            &mut request,
            &mut response,
            &mut plain,
        )
        .unwrap();
        assert!(matches!(outcome, CresOutcome::Screen { .. }), "{outcome:?}");
        let tx = sim.records().transactions.pop().unwrap();
        assert_eq!(tx.creq_bodies.len(), 1);
        assert_eq!(tx.creq_bodies[0], request, "the whole buffer is the CReq");
        assert_eq!(tx.creqs[0]["messageExtension"], expected(&ext), "{version}");
    }
}

#[test]
fn the_sans_io_driver_refuses_a_set_over_the_caps_without_a_post() {
    let (mut txn, sim) = sans_io_at_first_creq("2.3.1", true);
    let clock = TestClock::new();
    let mut net = SimNet::new(&sim, &clock);
    let ext = extensions(12, 90_000);
    let list = outgoing(&ext);
    let mut input = ChallengeInput::new(ChallengeAnswer::Initial);
    input.extensions = OutgoingExtensions::List(&list);
    let refused = Error::Build(BuildError::TooLong("messageExtension"));
    assert_eq!(txn.creq_size(&input), Err(refused.clone()));
    let mut request = vec![0u8; 1 << 20];
    let mut response = vec![0u8; 64 * 1024];
    let mut plain = vec![0u8; 64 * 1024];
    let e = run_exchange(
        &mut txn,
        &mut net,
        &input,
        &mut rand::rng(),
        &clock,
        &mut request,
        &mut response,
        &mut plain,
    )
    .unwrap_err();
    assert!(
        matches!(e, ExchangeError::Transaction(ref t) if *t == refused),
        "{e:?}"
    );
    assert_eq!(net.posts, 0, "nothing was POSTed");
    assert_eq!(txn.state(), StateName::ChallengeExpectCreq);
    assert!(
        sim.records()
            .transactions
            .iter()
            .all(|t| t.creq_bodies.is_empty())
    );
}

/// The `IncomingExtension*` read-outs equal `sent` (a `messageExtension`
/// array, or `null` for none).
fn assert_incoming(c: &mut threeds_std::StdClient<std_client::Recorder>, sent: &Value, what: &str) {
    let list = sent.as_array().cloned().unwrap_or_default();
    assert_eq!(
        c.config("IncomingExtensionCount").unwrap(),
        list.len().to_string(),
        "{what}"
    );
    let raw = c.config("IncomingRawExtensions").unwrap();
    if list.is_empty() {
        assert_eq!(raw, "", "{what}");
    } else {
        assert_eq!(
            serde_json::from_str::<Value>(&raw).unwrap(),
            *sent,
            "{what}"
        );
    }
    for (i, ext) in list.iter().enumerate() {
        let get = |c: &mut threeds_std::StdClient<std_client::Recorder>, name: &str| {
            c.config(&format!("{name}[{i}]")).unwrap()
        };
        assert_eq!(
            get(c, "IncomingExtensionId"),
            ext["id"].as_str().unwrap(),
            "{what}"
        );
        assert_eq!(
            get(c, "IncomingExtensionName"),
            ext["name"].as_str().unwrap(),
            "{what}"
        );
        assert_eq!(
            get(c, "IncomingExtensionCritical"),
            ext["criticalityIndicator"].to_string(),
            "{what}"
        );
        let data: Value = serde_json::from_str(&get(c, "IncomingExtensionData")).unwrap();
        assert_eq!(data, ext["data"], "{what}");
    }
}

#[test]
fn cres_extensions_reach_the_incoming_extension_read_outs() {
    let fx = Fixture::start();
    for (version, gcm) in [("2.1.0", false), ("2.2.0", true), ("2.3.1", false)] {
        let mut c = fx.client(version, gcm, None);
        fx.authenticate(&mut c, "challenge-cres-extension").unwrap();
        let tx = fx.record(&mut c);
        assert_incoming(&mut c, &tx.ares["messageExtension"], version);
        // Each CRes: the read-outs are its extensions, whatever came before
        // (the scenario sends two, then none, then one).
        let mut seen = Vec::new();
        for round in 0..3 {
            let what = format!("{version} CRes {round}");
            c.send_challenge_request().unwrap();
            let tx = fx.record(&mut c);
            let sent = &tx.cres.last().unwrap()["messageExtension"];
            assert_incoming(&mut c, sent, &what);
            seen.push(sent.as_array().map_or(0, Vec::len));
            if c.challenge_complete() {
                break;
            }
            answer_screen(&mut c);
        }
        assert_eq!(seen, [2, 0, 1], "{version}");
        assert_eq!(c.transaction_status(), "Y", "{version}");
    }
    fx.running.stop();
}
