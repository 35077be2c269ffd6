//! End to end: the `threeds-core` transaction state machine against the
//! independent simulator (DS + 3DS Server + ACS), in memory, through the
//! `Transport` port and `run_exchange`. Every scenario must finish with no
//! protocol violation recorded by the simulator.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::sim_net::{SimNet, TestClock, VERSIONS, assert_clean};
use threeds_core::keys::PublicKey;
use threeds_core::message::{
    ChallengeAnswer, ChallengeCancel, ChallengeScreen, Interface, MessageVersion, OobContinue,
    TransStatus, all_ui_types,
};
use threeds_core::pki::TrustAnchors;
use threeds_core::platform::Clock;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthParams, ChallengeInput, CresOutcome, ExchangeError, Timeouts,
    Transaction, run_exchange,
};
use threeds_sim::{Sim, TxState};

/// How the test cardholder answers a screen.
fn answer_for<'a>(screen: &ChallengeScreen<'_>, otp: &'a str) -> ChallengeAnswer<'a> {
    match screen {
        ChallengeScreen::Text { .. } => ChallengeAnswer::Text {
            first: Some(otp),
            second: None,
        },
        ChallengeScreen::SingleSelect { .. } => ChallengeAnswer::SingleSelect("phon"),
        ChallengeScreen::MultiSelect { .. } => ChallengeAnswer::MultiSelect(&["grcy", "cafe"]),
        ChallengeScreen::Oob { .. } | ChallengeScreen::HtmlOob { .. } => {
            ChallengeAnswer::OobContinue(OobContinue::Pressed)
        }
        ChallengeScreen::Html { .. } => ChallengeAnswer::Html("otp=123456"),
        ChallengeScreen::Information { .. } => ChallengeAnswer::InfoContinue,
    }
}

#[derive(Clone, Copy)]
struct Run {
    version: &'static str,
    gcm: bool,
    rsa_ds: bool,
    otp: &'static str,
    exchange_timeout_ms: u64,
    /// Cancel at this round instead of answering.
    cancel_at: Option<u16>,
}

impl Run {
    fn new(version: &'static str) -> Self {
        Self {
            version,
            gcm: false,
            rsa_ds: false,
            otp: "123456",
            exchange_timeout_ms: 30_000,
            cancel_at: None,
        }
    }
}

/// What happened, from the SDK's side.
#[derive(Debug, PartialEq, Eq)]
enum End {
    Frictionless(TransStatus),
    Decoupled,
    Completed(TransStatus),
    /// The SDK sent an Erro with this code.
    SentErro(u16),
    /// The ACS sent an Erro with this code.
    ReceivedErro(u16),
    Aborted,
    AresRejected,
    TransportFailed,
}

fn run(scenario: &str, cfg: Run) -> (End, Sim) {
    let pki = common::pki();
    let sim = common::sim();
    let clock = TestClock::new();
    let mut rng = rand::rng();
    let ds_key = if cfg.rsa_ds {
        let spki = rsa::pkcs8::EncodePublicKey::to_public_key_der(
            &pki.ds_enc_rsa.rsa_key().unwrap().to_public_key(),
        )
        .unwrap();
        PublicKey::from_spki_der(spki.as_bytes()).unwrap()
    } else {
        PublicKey::P256(pki.ds_enc_ec.ec_key().unwrap().public_key())
    };
    let version = MessageVersion::from_wire(cfg.version).unwrap();
    let params = AuthParams {
        version,
        ds_key: &ds_key,
        ds_key_id: None,
        ds_id: "A000000802",
        sdk_app_id: "9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
        sdk_reference_number: "THREEDS-E2E-0001",
        timeouts: Timeouts {
            sdk_max_timeout_minutes: 5,
            exchange_timeout_ms: cfg.exchange_timeout_ms,
        },
        device_info: br#"{"DV":"1.0","DD":{"C001":"Android","C002":"Pixel 8"},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#,
        use_aes_gcm: cfg.gcm,
        sdk_interface: Interface::Both,
        sdk_ui_types: all_ui_types(version),
        requestor_app_url: None,
        oob_app_url_supported: false,
    };
    let mut txn = Transaction::new();
    let mut out = vec![0u8; 32 * 1024];
    let req = txn
        .begin(&params, &mut rng, clock.monotonic_ms(), &mut out)
        .unwrap();
    let answer = sim.handle_http(
        &format!("/3ds/auth?scenario={scenario}"),
        Some("application/json"),
        &out[..req.len],
    );
    assert_eq!(answer.status, 200, "{}", answer.body_text());
    let roots = TrustAnchors::from_der(core::slice::from_ref(&pki.ds_root.cert_der)).unwrap();
    let ares = answer.body;
    match txn.handle_ares(&ares, &AcsTrust::roots(&roots), clock.now_unix()) {
        Ok(AresOutcome::Frictionless(a)) => return (End::Frictionless(a.trans_status), sim),
        Ok(AresOutcome::Decoupled(_)) => return (End::Decoupled, sim),
        Ok(AresOutcome::Erro(e)) => return (End::ReceivedErro(e.code.0), sim),
        Ok(AresOutcome::Challenge(_)) => {}
        Err(_) => return (End::AresRejected, sim),
    }
    let mut net = SimNet::new(&sim, &clock);
    let mut request = vec![0u8; 8 * 1024];
    let mut response = vec![0u8; 512 * 1024];
    let mut plain = vec![0u8; 512 * 1024];
    let mut answer = ChallengeAnswer::Initial;
    for _ in 0..16 {
        let input = ChallengeInput::new(answer);
        let outcome = run_exchange(
            &mut txn,
            &mut net,
            &input,
            &mut rng,
            &clock,
            &mut request,
            &mut response,
            &mut plain,
        );
        let end = match outcome {
            Ok(CresOutcome::Screen { screen, .. }) => {
                if cfg.cancel_at == Some(txn.round()) {
                    answer = ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel);
                } else {
                    // Consent toggles are left untouched: the SDK sends "N".
                    answer = answer_for(&screen, cfg.otp);
                }
                continue;
            }
            Ok(CresOutcome::Completed(s)) => End::Completed(s),
            Ok(CresOutcome::ErroReceived(e)) => End::ReceivedErro(e.code.0),
            Ok(CresOutcome::ProtocolError(e)) => End::SentErro(e.code.0),
            Ok(CresOutcome::Aborted(_)) => End::Aborted,
            Err(ExchangeError::Transaction(_)) => {
                End::SentErro(txn.sent_erro().map(|e| e.code.0).unwrap_or(0))
            }
            Err(_) => End::TransportFailed,
        };
        return (end, sim);
    }
    panic!("{scenario}: the challenge did not end");
}

#[test]
fn frictionless_and_decoupled() {
    for version in VERSIONS {
        for (scenario, status) in [
            ("frictionless-y", TransStatus::Authenticated),
            ("frictionless-a", TransStatus::Attempted),
            ("frictionless-n", TransStatus::NotAuthenticated),
            ("frictionless-u", TransStatus::Unavailable),
            ("frictionless-r", TransStatus::Rejected),
        ] {
            let (end, sim) = run(scenario, Run::new(version));
            assert_eq!(end, End::Frictionless(status), "{scenario} {version}");
            assert_clean(scenario, &sim);
        }
    }
    for version in ["2.2.0", "2.3.1"] {
        let (end, sim) = run("frictionless-i", Run::new(version));
        assert_eq!(end, End::Frictionless(TransStatus::Informational));
        assert_clean("frictionless-i", &sim);
        let (end, sim) = run("decoupled", Run::new(version));
        assert_eq!(end, End::Decoupled);
        assert_clean("decoupled", &sim);
    }
}

#[test]
fn every_challenge_scenario_completes() {
    let common = [
        "challenge-text",
        "challenge-es256",
        "challenge-single-select",
        "challenge-multi-select",
        "challenge-oob",
        "challenge-html",
        "challenge-two-rounds",
    ];
    for version in VERSIONS {
        for gcm in [false, true] {
            let mut scenarios: Vec<&str> = common.to_vec();
            if version != "2.1.0" {
                scenarios.push("challenge-trust-list");
            }
            if version == "2.3.1" {
                scenarios.extend([
                    "challenge-html-oob",
                    "challenge-info",
                    "challenge-device-binding",
                ]);
            }
            for scenario in scenarios {
                let mut cfg = Run::new(version);
                cfg.gcm = gcm;
                cfg.rsa_ds = scenario == "challenge-text";
                let (end, sim) = run(scenario, cfg);
                assert_eq!(
                    end,
                    End::Completed(TransStatus::Authenticated),
                    "{scenario} {version} gcm={gcm}"
                );
                assert_clean(scenario, &sim);
                let records = sim.records();
                let tx = records.last().unwrap();
                assert_eq!(tx.state, TxState::Completed, "{scenario}");
            }
        }
    }
}

#[test]
fn wrong_answers_and_cancel_end_with_n() {
    let mut cfg = Run::new("2.2.0");
    cfg.otp = "000000";
    let (end, sim) = run("challenge-text-fail", cfg);
    assert_eq!(end, End::Completed(TransStatus::NotAuthenticated));
    assert_clean("challenge-text-fail", &sim);
    // Three wrong attempts on the retrying scenario.
    let (end, sim) = run("challenge-text-wrong-then-right", cfg);
    assert_eq!(end, End::Completed(TransStatus::NotAuthenticated));
    assert_clean("challenge-text-wrong-then-right", &sim);
    for version in VERSIONS {
        let mut cfg = Run::new(version);
        cfg.cancel_at = Some(1);
        let (end, sim) = run("challenge-single-select", cfg);
        assert_eq!(
            end,
            End::Completed(TransStatus::NotAuthenticated),
            "{version}"
        );
        assert_clean("cancel", &sim);
    }
}

/// The faults a correct SDK answers with an Erro (recorded by the simulator).
#[test]
fn acs_faults_are_answered_with_the_right_erro() {
    for version in VERSIONS {
        for gcm in [false, true] {
            for (scenario, code) in [
                ("fault-wrong-counter", 302),
                ("fault-bad-tag", 302),
                ("fault-wrong-ids", 301),
                ("fault-critical-extension", 202),
                ("fault-invalid-ui-type", 203),
            ] {
                let mut cfg = Run::new(version);
                cfg.gcm = gcm;
                let (end, sim) = run(scenario, cfg);
                assert_eq!(end, End::SentErro(code), "{scenario} {version} gcm={gcm}");
                let records = sim.records();
                let tx = records.last().unwrap();
                // What the ACS received from the SDK.
                assert_eq!(
                    tx.erros_received.len(),
                    1,
                    "{scenario}: the ACS got the Erro"
                );
                assert_eq!(tx.erros_received[0].code, code.to_string());
                assert_eq!(tx.erros_received[0].body["errorComponent"], "C");
                assert_clean(scenario, &sim);
            }
        }
    }
    // challengeInfoText is required for UI 01 from 2.3.1 on only (optional before).
    for version in VERSIONS {
        let (end, sim) = run("fault-missing-field", Run::new(version));
        let expected = if version == "2.3.1" {
            End::SentErro(201)
        } else {
            End::Completed(TransStatus::Authenticated)
        };
        assert_eq!(end, expected, "fault-missing-field {version}");
        assert_clean("fault-missing-field", &sim);
    }
    let (end, sim) = run("fault-wrong-version", Run::new("2.2.0"));
    assert!(matches!(end, End::SentErro(102 | 203)), "{end:?}");
    assert_clean("fault-wrong-version", &sim);
}

#[test]
fn received_erro_slow_answer_and_broken_connections() {
    let (end, sim) = run("fault-erro", Run::new("2.3.1"));
    assert_eq!(end, End::ReceivedErro(403));
    let records = sim.records();
    let tx = records.last().unwrap();
    assert_eq!(tx.erros_sent.len(), 1, "the ACS sent its Erro");
    assert!(tx.erros_received.is_empty(), "never answered");
    assert_clean("fault-erro", &sim);
    // 3 s late: fine with the 30 s default, a timeout (Erro 402) with 2 s.
    let (end, sim) = run("fault-slow", Run::new("2.2.0"));
    assert_eq!(end, End::Completed(TransStatus::Authenticated));
    assert_clean("fault-slow", &sim);
    let mut cfg = Run::new("2.2.0");
    cfg.exchange_timeout_ms = 2_000;
    let (end, sim) = run("fault-slow", cfg);
    assert_eq!(end, End::SentErro(402));
    assert_eq!(sim.records().last().unwrap().erros_received[0].code, "402");
    for scenario in ["fault-http-500", "fault-drop-connection"] {
        let (end, sim) = run(scenario, Run::new("2.2.0"));
        assert_eq!(end, End::TransportFailed, "{scenario}");
        assert_clean(scenario, &sim);
    }
}

#[test]
fn ares_faults_are_local_errors() {
    for scenario in [
        "fault-ares-bad-signature",
        "fault-ares-untrusted-chain",
        "fault-ares-wrong-sdk-key",
        "fault-ares-invalid-acs-key",
        "fault-ares-wrong-sdk-trans-id",
    ] {
        let (end, sim) = run(scenario, Run::new("2.2.0"));
        assert_eq!(end, End::AresRejected, "{scenario}");
        let records = sim.records();
        assert!(
            records
                .transactions
                .iter()
                .all(|t| t.erros_received.is_empty() && t.creqs.is_empty()),
            "{scenario}: nothing was sent to the ACS"
        );
    }
}

/// The full crypto matrix: DS key type × content encryption × ACS signer ×
/// message version, each a complete challenge the simulator records as clean.
#[test]
fn crypto_matrix_ds_key_enc_signer_version() {
    for version in VERSIONS {
        for rsa_ds in [true, false] {
            for gcm in [false, true] {
                // challenge-text is signed PS256 (RSA chain), challenge-es256 ES256 (EC chain).
                for scenario in ["challenge-text", "challenge-es256"] {
                    let mut cfg = Run::new(version);
                    cfg.gcm = gcm;
                    cfg.rsa_ds = rsa_ds;
                    let (end, sim) = run(scenario, cfg);
                    let label = format!("{scenario} {version} rsa_ds={rsa_ds} gcm={gcm}");
                    assert_eq!(end, End::Completed(TransStatus::Authenticated), "{label}");
                    assert_clean(scenario, &sim);
                    let records = sim.records();
                    let tx = records.last().unwrap();
                    assert_eq!(tx.state, TxState::Completed, "{label}");
                }
            }
        }
    }
}
