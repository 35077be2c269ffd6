//! End to end through the reference-compatible `Client` facade: complete
//! transactions against the independent simulator (DS + 3DS Server + ACS),
//! in memory, through a `Transport` that routes every POST to the
//! simulator. Each test asserts the client's outcome and what the
//! simulator recorded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::pki;
use common::sim_net::{SimNet, TestClock, VERSIONS, assert_clean};
use threeds_core::client::error::ErrorCode;
use threeds_core::client::events::{ClientEvents, LogLevel, LogType};
use threeds_core::client::facade::{Client, ClientError};
use threeds_sim::{Sim, TxState};

/// Every event, kept for the assertions.
#[derive(Default)]
struct Recorder {
    logs: Vec<(LogLevel, LogType, String)>,
    errors: Vec<(u16, String)>,
    packets_in: usize,
    packets_out: usize,
}

impl ClientEvents for Recorder {
    fn on_log(&mut self, level: LogLevel, log_type: LogType, message: &str) {
        self.logs.push((level, log_type, message.to_owned()));
    }
    fn on_data_packet_in(&mut self, _: &[u8]) {
        self.packets_in += 1;
    }
    fn on_data_packet_out(&mut self, _: &[u8]) {
        self.packets_out += 1;
    }
    fn on_error(&mut self, code: u16, description: &str) {
        self.errors.push((code, description.to_owned()));
    }
}

type TestClient<'a> = Client<SimNet<'a>, rand::rngs::ThreadRng, &'a TestClock, Recorder>;

const OTP: &str = "123456";

fn client<'a>(sim: &'a Sim, clock: &'a TestClock, version: &str) -> TestClient<'a> {
    let pki = pki();
    let net = SimNet::new(sim, clock);
    let mut c = Client::new(net, rand::rng(), clock, Recorder::default());
    c.set_message_version(version).unwrap();
    c.set_sdk_app_id("9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f")
        .unwrap();
    c.set_directory_server_id("A000000802");
    c.set_directory_server_cert_encoded(&pki.ds_enc_ec.cert_der)
        .unwrap();
    c.add_acs_root_cert(&pki.ds_root.cert_der);
    c.config("SDKReferenceNumber=THREEDS-E2E-0001").unwrap();
    c.config("LogLevel=3").unwrap();
    c.add_device_param("", "1.0", 2, 0).unwrap();
    c.add_device_param("C001", "Android", 2, 1).unwrap();
    c.add_device_param("C002", "Pixel 8", 2, 1).unwrap();
    c.add_device_param("C010", "RE01", 2, 2).unwrap();
    c.add_device_param("SW01", "", 2, 3).unwrap();
    c
}

/// AReq → simulator → ARes → `check_auth_response`. Returns the ARes text too.
fn authenticate(
    c: &mut TestClient<'_>,
    sim: &Sim,
    scenario: &str,
) -> (Result<(), ClientError>, String) {
    let areq = c.get_auth_request().unwrap();
    let answer = sim.handle_http(
        &format!("/3ds/auth?scenario={scenario}"),
        Some("application/json"),
        areq.as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let ares = answer.body_text();
    (c.check_auth_response(&ares), ares)
}

/// What the test cardholder does on the current screen.
fn answer_screen(c: &mut TestClient<'_>, otp: &str) {
    match c.acsui_type() {
        1 => c.set_challenge_data_entry(otp),
        2 => c.set_challenge_data_entry("phon"),
        3 => c.set_challenge_data_entry("grcy,cafe"),
        5 => c.set_challenge_data_entry("otp=123456"),
        6 => c.set_oob_continuation_indicator(1),
        4 | 7 => {}
        other => panic!("unexpected acsui_type {other}"),
    }
}

/// Runs the challenge to its end; returns the UI types seen.
fn run_challenge(c: &mut TestClient<'_>, otp: &str) -> Result<Vec<u8>, ClientError> {
    let mut seen = Vec::new();
    for _ in 0..16 {
        c.send_challenge_request()?;
        if c.challenge_complete() {
            return Ok(seen);
        }
        seen.push(c.acsui_type());
        answer_screen(c, otp);
    }
    panic!("the challenge did not end");
}

#[test]
fn frictionless_and_decoupled() {
    for version in VERSIONS {
        let mut cases = vec![
            ("frictionless-y", "Y"),
            ("frictionless-a", "A"),
            ("frictionless-n", "N"),
            ("frictionless-u", "U"),
            ("frictionless-r", "R"),
        ];
        if version != "2.1.0" {
            cases.extend([("frictionless-i", "I"), ("decoupled", "D")]);
        }
        for (scenario, status) in cases {
            let sim = common::sim();
            let clock = TestClock::new();
            let mut c = client(&sim, &clock, version);
            let (result, ares) = authenticate(&mut c, &sim, scenario);
            result.unwrap();
            assert_eq!(c.transaction_status(), status, "{scenario} {version}");
            assert!(!c.challenge_complete());
            let ares: serde_json::Value = serde_json::from_str(&ares).unwrap();
            assert_eq!(
                c.config("ServerTransactionId").unwrap(),
                ares["threeDSServerTransID"].as_str().unwrap()
            );
            assert_eq!(
                c.config("ACSTransactionId").unwrap(),
                ares["acsTransID"].as_str().unwrap()
            );
            assert_eq!(
                c.config("DSTransactionId").unwrap(),
                ares["dsTransID"].as_str().unwrap()
            );
            assert_eq!(
                c.config("TransactionStatusReason").unwrap(),
                ares["transStatusReason"].as_str().unwrap_or("")
            );
            assert_eq!(c.config("MessageType").unwrap(), "ARes");
            assert_eq!(c.sdk_transaction_id(), ares["sdkTransID"].as_str().unwrap());
            // XPath over the last parsed message.
            c.config("XPath=/json/transStatus").unwrap();
            assert_eq!(c.config("XText").unwrap(), status);
            // Nothing to challenge.
            let err = c.send_challenge_request().unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidOperation);
            assert_clean(scenario, &sim);
        }
    }
}

#[test]
fn every_ui_type_and_version_completes() {
    let common = [
        ("challenge-text", 1u8),
        ("challenge-es256", 1),
        ("challenge-single-select", 2),
        ("challenge-multi-select", 3),
        ("challenge-oob", 4),
        ("challenge-html", 5),
        ("challenge-two-rounds", 0),
    ];
    for version in VERSIONS {
        for gcm in [false, true] {
            let mut scenarios = common.to_vec();
            if version != "2.1.0" {
                scenarios.push(("challenge-trust-list", 0));
            }
            if version == "2.3.1" {
                scenarios.extend([
                    ("challenge-html-oob", 6),
                    ("challenge-info", 7),
                    ("challenge-device-binding", 0),
                ]);
            }
            for (scenario, ui) in scenarios {
                let sim = common::sim();
                let clock = TestClock::new();
                let mut c = client(&sim, &clock, version);
                if gcm {
                    c.config("UseAESGCM=true").unwrap();
                }
                // Exercise both DS key types through the certificate property.
                if scenario == "challenge-text" {
                    c.set_directory_server_cert_encoded(&pki().ds_enc_rsa.cert_der)
                        .unwrap();
                }
                let (result, _) = authenticate(&mut c, &sim, scenario);
                result.unwrap();
                assert_eq!(c.transaction_status(), "C");
                assert!(c.config("ACSURL").unwrap().starts_with("https://"));
                assert!(!c.config("ACSSignedContent").unwrap().is_empty());
                // The first CRes: the screen properties.
                c.send_challenge_request().unwrap();
                let first = c.acsui_type();
                if ui != 0 {
                    assert_eq!(first, ui, "{scenario} {version}");
                }
                match first {
                    1 => assert!(!c.submit_authentication_label().is_empty()),
                    2 | 3 => {
                        assert!(c.challenge_select_info_count() > 0);
                        assert!(!c.challenge_select_info_name(0).unwrap().is_empty());
                    }
                    4 => assert!(!c.challenge_info_text().is_empty()),
                    5 | 6 => assert!(c.acshtml().contains('<'), "{scenario}: decoded acsHTML"),
                    7 => assert!(!c.challenge_info_text().is_empty()),
                    _ => {}
                }
                assert_eq!(c.config("MessageType").unwrap(), "CRes");
                assert!(c.config("ChallengeResponse").unwrap().contains("\"CRes\""));
                let remaining: u64 = c.config("ChallengeTimeRemaining").unwrap().parse().unwrap();
                assert!(remaining > 0 && remaining <= 300, "{remaining}");
                answer_screen(&mut c, OTP);
                run_challenge(&mut c, OTP).unwrap();
                assert!(c.challenge_complete());
                assert_eq!(
                    c.transaction_status(),
                    "Y",
                    "{scenario} {version} gcm={gcm}"
                );
                assert_clean(scenario, &sim);
                let records = sim.records();
                let tx = records.last().unwrap();
                assert_eq!(tx.state, TxState::Completed, "{scenario}");
                assert_eq!(tx.sdk_trans_id, c.sdk_transaction_id());
                let expected_enc = if gcm { "A128GCM" } else { "A128CBC-HS256" };
                assert_eq!(tx.creq_enc.as_deref(), Some(expected_enc));
            }
        }
    }
}

#[test]
fn wrong_code_then_right_code() {
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.2.0");
    authenticate(&mut c, &sim, "challenge-text-wrong-then-right")
        .0
        .unwrap();
    c.send_challenge_request().unwrap();
    c.set_challenge_data_entry("000000");
    c.send_challenge_request().unwrap();
    assert!(
        !c.challenge_complete(),
        "a wrong code shows the screen again"
    );
    assert_eq!(c.acsui_type(), 1);
    assert_eq!(
        c.challenge_data_entry(),
        "",
        "the entry is cleared once sent"
    );
    c.set_challenge_data_entry(OTP);
    c.send_challenge_request().unwrap();
    assert!(c.challenge_complete());
    assert_eq!(c.transaction_status(), "Y");
    let tx = sim.records().last().unwrap().clone();
    assert_eq!(tx.creqs.len(), 3);
    assert_eq!(tx.creqs[1]["challengeDataEntry"], "000000");
    assert_eq!(tx.creqs[2]["challengeDataEntry"], OTP);
    assert_clean("wrong-then-right", &sim);
}

#[test]
fn resend_cancel_extensions_and_request_fields() {
    for version in VERSIONS {
        // Resend, then the code.
        let sim = common::sim();
        let clock = TestClock::new();
        let mut c = client(&sim, &clock, version);
        authenticate(&mut c, &sim, "challenge-text").0.unwrap();
        c.send_challenge_request().unwrap();
        assert!(!c.resend_information_label().is_empty());
        c.config("ResendChallengeInfo=Y").unwrap();
        c.send_challenge_request().unwrap();
        assert_eq!(
            c.config("ResendChallengeInfo").unwrap(),
            "",
            "cleared once sent"
        );
        c.set_challenge_data_entry(OTP);
        c.send_challenge_request().unwrap();
        assert_eq!(c.transaction_status(), "Y");
        let tx = sim.records().last().unwrap().clone();
        assert_eq!(tx.creqs[1]["resendChallenge"], "Y", "{version}");
        assert!(tx.creqs[1].get("challengeDataEntry").is_none());
        assert_clean("resend", &sim);

        // Cancel.
        let sim = common::sim();
        let mut c = client(&sim, &clock, version);
        authenticate(&mut c, &sim, "challenge-single-select")
            .0
            .unwrap();
        c.send_challenge_request().unwrap();
        c.set_challenge_cancellation_indicator("01").unwrap();
        c.send_challenge_request().unwrap();
        assert!(c.challenge_complete());
        assert_eq!(c.transaction_status(), "N");
        let tx = sim.records().last().unwrap().clone();
        assert_eq!(tx.creqs.last().unwrap()["challengeCancel"], "01");
        assert_clean("cancel", &sim);

        // A non-critical extension reaches the ACS, which ignores it.
        let sim = common::sim();
        let mut c = client(&sim, &clock, version);
        c.add_extension("ext-facade-1", "FacadeTest", false, r#"{"k":"v"}"#)
            .unwrap();
        authenticate(&mut c, &sim, "challenge-text").0.unwrap();
        c.send_challenge_request().unwrap();
        let tx = sim.records().last().unwrap().clone();
        let creq = &tx.creqs[0];
        assert_eq!(creq["messageExtension"][0]["id"], "ext-facade-1");
        assert_eq!(creq["messageExtension"][0]["data"]["k"], "v");
        c.set_challenge_data_entry(OTP);
        c.send_challenge_request().unwrap();
        assert_eq!(c.transaction_status(), "Y");
        assert_clean("extension", &sim);

        // An extra request field is sent as given; this strict ACS refuses
        // members it does not know with an Erro 203 naming the member.
        let sim = common::sim();
        let mut c = client(&sim, &clock, version);
        c.add_request_field("xFacadeNote", r#"{"n":1}"#, 1).unwrap();
        assert_eq!(c.request_field_count(), 1);
        assert!(c.add_request_field("bad", "{", 1).is_err());
        assert!(c.add_request_field("bad", "x", 3).is_err());
        authenticate(&mut c, &sim, "challenge-text").0.unwrap();
        let err = c.send_challenge_request().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidMessage);
        assert_eq!(c.config("ErrorCode").unwrap(), "203");
        assert_eq!(c.config("ErrorDetail").unwrap(), "xFacadeNote");
    }
}

#[test]
fn acs_faults_send_the_right_erro() {
    for version in VERSIONS {
        for gcm in [false, true] {
            for (scenario, erro, code) in [
                ("fault-wrong-counter", 302, ErrorCode::DecryptionFailed),
                ("fault-bad-tag", 302, ErrorCode::DecryptionFailed),
                ("fault-wrong-ids", 301, ErrorCode::UnrecognizedTransactionId),
                (
                    "fault-critical-extension",
                    202,
                    ErrorCode::UnrecognizedCriticalExtension,
                ),
                ("fault-invalid-ui-type", 203, ErrorCode::InvalidMessage),
            ] {
                let sim = common::sim();
                let clock = TestClock::new();
                let mut c = client(&sim, &clock, version);
                if gcm {
                    c.config("UseAESGCM=true").unwrap();
                }
                authenticate(&mut c, &sim, scenario).0.unwrap();
                let err = run_challenge(&mut c, OTP).unwrap_err();
                assert_eq!(err.code, code, "{scenario} {version} gcm={gcm}: {err}");
                assert_eq!(c.config("ErrorCode").unwrap(), erro.to_string());
                assert!(!c.config("ErrorDescription").unwrap().is_empty());
                let packet: serde_json::Value = serde_json::from_str(c.error_packet()).unwrap();
                assert_eq!(packet["errorCode"], erro.to_string());
                assert_eq!(c.events().errors.last().unwrap().0, code.code());
                let tx = sim.records().last().unwrap().clone();
                assert_eq!(
                    tx.erros_received.len(),
                    1,
                    "{scenario}: the ACS got the Erro"
                );
                assert_eq!(tx.erros_received[0].code, erro.to_string());
                assert_eq!(tx.erros_received[0].body["errorComponent"], "C");
                assert_clean(scenario, &sim);
            }
        }
    }
    // challengeInfoText is required in 2.3.1 only.
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.3.1");
    authenticate(&mut c, &sim, "fault-missing-field").0.unwrap();
    let err = run_challenge(&mut c, OTP).unwrap_err();
    assert_eq!(err.code, ErrorCode::MissingDataElement);
    assert_eq!(sim.records().last().unwrap().erros_received[0].code, "201");

    // The ACS's own Erro is reported, never answered.
    let sim = common::sim();
    let mut c = client(&sim, &clock, "2.3.1");
    authenticate(&mut c, &sim, "fault-erro").0.unwrap();
    let err = run_challenge(&mut c, OTP).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidMessage);
    assert_eq!(c.config("ErrorCode").unwrap(), "403");
    assert_eq!(c.config("MessageType").unwrap(), "Erro");
    let tx = sim.records().last().unwrap().clone();
    assert_eq!(tx.erros_sent.len(), 1);
    assert!(tx.erros_received.is_empty());
    assert_clean("fault-erro", &sim);

    // Transport-level failures: no Erro, HTTP error code.
    for scenario in ["fault-http-500", "fault-drop-connection"] {
        let sim = common::sim();
        let mut c = client(&sim, &clock, "2.2.0");
        authenticate(&mut c, &sim, scenario).0.unwrap();
        let err = run_challenge(&mut c, OTP).unwrap_err();
        assert_eq!(err.code, ErrorCode::HttpProtocol, "{scenario}");
        assert!(sim.records().last().unwrap().erros_received.is_empty());
        assert_clean(scenario, &sim);
    }
}

#[test]
fn ares_faults_are_local_errors() {
    for (scenario, code) in [
        ("fault-ares-bad-signature", ErrorCode::InvalidCertificate),
        ("fault-ares-untrusted-chain", ErrorCode::InvalidCertificate),
        ("fault-ares-wrong-sdk-key", ErrorCode::InvalidMessage),
        ("fault-ares-invalid-acs-key", ErrorCode::InvalidMessage),
    ] {
        let sim = common::sim();
        let clock = TestClock::new();
        let mut c = client(&sim, &clock, "2.2.0");
        let err = authenticate(&mut c, &sim, scenario).0.unwrap_err();
        assert_eq!(err.code, code, "{scenario}: {err}");
        let records = sim.records();
        assert!(
            records
                .transactions
                .iter()
                .all(|t| t.erros_received.is_empty() && t.creqs.is_empty()),
            "{scenario}: nothing was sent to the ACS"
        );
    }
    // AcceptAnyACSCert skips the chain check (the signature still counts).
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.2.0");
    c.config("AcceptAnyACSCert=true").unwrap();
    authenticate(&mut c, &sim, "fault-ares-untrusted-chain")
        .0
        .unwrap();
    assert_eq!(c.transaction_status(), "C");
}

#[test]
fn timeouts_send_erro_402() {
    // The per-exchange timeout (`timeout` property, seconds) against a slow ACS.
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.2.0");
    c.set_timeout(2);
    authenticate(&mut c, &sim, "fault-slow").0.unwrap();
    let err = run_challenge(&mut c, OTP).unwrap_err();
    assert_eq!(err.code, ErrorCode::Timeout);
    assert_eq!(c.config("ErrorCode").unwrap(), "402");
    assert_eq!(sim.records().last().unwrap().erros_received[0].code, "402");

    // SDKMaxTimeout (minutes) on the fake clock: the cardholder took too long.
    let sim = common::sim();
    let mut c = client(&sim, &clock, "2.3.1");
    c.config("SDKMaxTimeout=5").unwrap();
    authenticate(&mut c, &sim, "challenge-text").0.unwrap();
    c.send_challenge_request().unwrap();
    clock.advance(5 * 60_000);
    assert_eq!(c.config("ChallengeTimeRemaining").unwrap(), "0");
    c.set_challenge_data_entry(OTP);
    let err = c.send_challenge_request().unwrap_err();
    assert_eq!(err.code, ErrorCode::Timeout);
    let tx = sim.records().last().unwrap().clone();
    assert_eq!(tx.erros_received.len(), 1);
    assert_eq!(tx.erros_received[0].code, "402");
    assert_eq!(tx.creqs.len(), 1, "the late answer was never sent");
}

#[test]
fn a_second_instance_continues_the_transaction() {
    for version in VERSIONS {
        // The reference's way: SDKEphemeralPrivateKey + sdk_transaction_id.
        let sim = common::sim();
        let clock = TestClock::new();
        let mut first = client(&sim, &clock, version);
        let areq = first.get_auth_request().unwrap();
        let private_key = first.config("SDKEphemeralPrivateKey").unwrap();
        assert_eq!(private_key.len(), 43, "base64url of 32 bytes");
        let public_key = first.config("SDKEphemeralPublicKey").unwrap();
        let areq_json: serde_json::Value = serde_json::from_str(&areq).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&public_key).unwrap(),
            areq_json["sdkEphemPubKey"]
        );
        let sdk_trans_id = first.sdk_transaction_id().to_owned();
        drop(first);
        let answer = sim.handle_http(
            "/3ds/auth?scenario=challenge-two-rounds",
            Some("application/json"),
            areq.as_bytes(),
        );
        let mut second = client(&sim, &clock, version);
        second
            .config(&format!("SDKEphemeralPrivateKey={private_key}"))
            .unwrap();
        second.set_sdk_transaction_id(&sdk_trans_id).unwrap();
        second.check_auth_response(&answer.body_text()).unwrap();
        second.send_challenge_request().unwrap();
        answer_screen(&mut second, OTP);

        // Mid-challenge: export_state / import_state into a third instance.
        let state = second.export_state().unwrap();
        drop(second);
        let mut third = client(&sim, &clock, version);
        third.import_state(&state).unwrap();
        assert_eq!(third.sdk_transaction_id(), sdk_trans_id);
        assert!(third.config("ACSURL").unwrap().starts_with("https://"));
        let tx = sim.records().last().unwrap().clone();
        // The screen properties stay with the app: answer as it would.
        let ui = tx.cres[0]["acsUiType"].as_str().unwrap();
        match ui {
            "01" => third.set_challenge_data_entry(OTP),
            "02" => third.set_challenge_data_entry("phon"),
            "03" => third.set_challenge_data_entry("grcy,cafe"),
            _ => {}
        }
        let seen = run_challenge(&mut third, OTP).unwrap();
        let _ = seen;
        assert_eq!(third.transaction_status(), "Y", "{version}");
        assert_eq!(sim.records().last().unwrap().state, TxState::Completed);
        assert_clean("resume", &sim);
    }
}

fn hex_forms(bytes: &[u8]) -> Vec<String> {
    let lower = hex::encode(bytes);
    let upper = lower.to_uppercase();
    let b64 = base64url(bytes);
    // Any 8-byte window is enough to identify a leak.
    let mut out = vec![lower.clone(), upper, b64];
    for w in bytes.windows(8) {
        out.push(hex::encode(w));
    }
    out
}

fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            s.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    s
}

fn b64url_decode(s: &str) -> Vec<u8> {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        bits = bits << 6 | A.iter().position(|a| *a == c).unwrap() as u32;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

#[test]
fn logs_mask_entries_and_never_show_keys() {
    for mask in [true, false] {
        let sim = common::sim();
        let clock = TestClock::new();
        let mut c = client(&sim, &clock, "2.2.0");
        c.config(&format!("MaskSensitive={mask}")).unwrap();
        let areq = c.get_auth_request().unwrap();
        let private = b64url_decode(&c.config("SDKEphemeralPrivateKey").unwrap());
        assert_eq!(private.len(), 32);
        assert_eq!(
            base64url(&private),
            c.config("SDKEphemeralPrivateKey").unwrap()
        );
        let answer = sim.handle_http(
            "/3ds/auth?scenario=challenge-text-wrong-then-right",
            Some("application/json"),
            areq.as_bytes(),
        );
        c.check_auth_response(&answer.body_text()).unwrap();
        c.send_challenge_request().unwrap();
        c.set_challenge_data_entry("987654");
        c.send_challenge_request().unwrap();
        c.set_challenge_data_entry(OTP);
        c.send_challenge_request().unwrap();
        assert_eq!(c.transaction_status(), "Y");
        let acs_trans_id = c.config("ACSTransactionId").unwrap();
        let session_key = sim.session_key(&acs_trans_id).unwrap();

        let logs = &c.events().logs;
        for t in [
            LogType::AReq,
            LogType::ARes,
            LogType::CReq,
            LogType::CRes,
            LogType::EphemeralKey,
            LogType::DeviceParams,
            LogType::Info,
        ] {
            assert!(logs.iter().any(|(_, ty, _)| *ty == t), "no {t} line");
        }
        let creqs: Vec<&String> = logs
            .iter()
            .filter(|(_, t, _)| *t == LogType::CReq)
            .map(|(_, _, m)| m)
            .collect();
        assert_eq!(creqs.len(), 3);
        let entries_shown = creqs
            .iter()
            .any(|m| m.contains("987654") || m.contains(OTP));
        assert_eq!(entries_shown, !mask, "MaskSensitive={mask}");
        if mask {
            assert!(creqs[1].contains("\"challengeDataEntry\":\"******\""));
            assert!(logs.iter().all(|(_, _, m)| !m.contains("987654")));
        }
        let mut secrets = hex_forms(&private);
        secrets.extend(hex_forms(&session_key[..]));
        secrets.extend(hex_forms(&session_key[..16]));
        secrets.extend(hex_forms(&session_key[16..]));
        for (level, ty, line) in logs {
            for s in &secrets {
                assert!(
                    !line.contains(s.as_str()),
                    "key material in a {ty} line at level {level:?}"
                );
            }
        }
        assert!(c.events().packets_out >= 4 && c.events().packets_in >= 4);
    }
}

#[test]
fn reset_transaction_info_keeps_configuration_only() {
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.3.1");
    c.config("UseAESGCM=true").unwrap();
    c.add_extension("ext-1", "Ext", false, "{}").unwrap();
    authenticate(&mut c, &sim, "challenge-text").0.unwrap();
    c.send_challenge_request().unwrap();
    c.set_challenge_data_entry(OTP);
    assert!(c.export_state().is_ok(), "session key held");

    c.reset_transaction_info();

    // No transaction secret is left behind.
    assert!(c.export_state().is_err());
    assert!(c.transaction().ephemeral_private_key().is_none());
    assert!(c.config("SDKEphemeralPrivateKey").is_err());
    assert!(c.config("SDKEphemeralPublicKey").is_err());
    assert_eq!(c.challenge_data_entry(), "");
    assert_eq!(c.config("ACSTransactionId").unwrap(), "");
    assert_eq!(c.config("ACSURL").unwrap(), "");
    assert_eq!(c.config("ACSSignedContent").unwrap(), "");
    assert_eq!(c.config("ChallengeResponse").unwrap(), "");
    assert_eq!(c.sdk_transaction_id(), "");
    assert_eq!(c.transaction_status(), "");
    assert_eq!(c.acsui_type(), 0);
    assert_eq!(
        c.send_challenge_request().unwrap_err().code,
        ErrorCode::InvalidOperation
    );
    // The configuration stays.
    assert_eq!(c.message_version(), "2.3.1");
    assert_eq!(c.directory_server_id(), "A000000802");
    assert_eq!(c.device_param_count(), 5);
    assert_eq!(c.extension_count(), 1);
    assert_eq!(c.acs_root_cert_count(), 1);
    assert_eq!(c.config("SDKReferenceNumber").unwrap(), "THREEDS-E2E-0001");
    assert_eq!(c.config("UseAESGCM").unwrap(), "true");
    assert_eq!(c.config("LogLevel").unwrap(), "3");
    // …and is enough for the next transaction.
    authenticate(&mut c, &sim, "challenge-text").0.unwrap();
    run_challenge(&mut c, OTP).unwrap();
    assert_eq!(c.transaction_status(), "Y");

    // `reset` drops the configuration too.
    c.reset();
    assert_eq!(c.config("SDKReferenceNumber").unwrap(), "");
    assert_eq!(c.device_param_count(), 0);
    assert_eq!(
        c.get_auth_request().unwrap_err().code,
        ErrorCode::InvalidCertificate
    );
}

#[test]
fn interrupt_stops_the_exchange() {
    let sim = common::sim();
    let clock = TestClock::new();
    let mut c = client(&sim, &clock, "2.2.0");
    authenticate(&mut c, &sim, "challenge-text").0.unwrap();
    let handle = c.interrupt_handle();
    c.transport_mut().interrupt = Some(handle.clone());
    let err = c.send_challenge_request().unwrap_err();
    assert_eq!(err.code, ErrorCode::Interrupted);
    assert!(!handle.is_interrupted(), "consumed");
    assert!(sim.records().last().unwrap().creqs.is_empty());
    // A pending interrupt stops the next call before anything is sent.
    c.transport_mut().interrupt = None;
    c.interrupt();
    assert_eq!(
        c.send_challenge_request().unwrap_err().code,
        ErrorCode::Interrupted
    );
}
