//! `config("DecoupledFallback=true")` on `StdClient`: a 2.3.1 challenge
//! whose final CRes says `transStatus` D (the ACS falls back to decoupled
//! authentication) completes with D only when the app said the 3DS
//! Requestor asked for it; otherwise the SDK refuses that CRes (ending the
//! transaction, without an Erro). Checked against what the simulator recorded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod std_client;

use std::sync::Arc;

use serde_json::Value;
use threeds_core::client::error::ErrorCode;
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig};

use std_client::{Fixture, OTP, assert_wire_equality, text};

const FALLBACK: &str = r#"{
  "name": "decoupled-fallback",
  "description": "One text round; the ACS then falls back to decoupled authentication.",
  "ares": { "transStatus": "C" },
  "rounds": [ { "uiType": "01", "expect": { "entry": "123456" } } ],
  "finalStatus": "D"
}"#;

fn start() -> Fixture {
    let pki = Arc::new(Pki::generate().unwrap());
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios.insert(Scenario::from_json(FALLBACK).unwrap());
    let running = Simulator::start(SimulatorConfig {
        pki: Arc::clone(&pki),
        sim,
    })
    .unwrap();
    Fixture { pki, running }
}

/// When the app says the requestor asked for decoupled fallback.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Said {
    /// Before `get_auth_request` (the transaction takes it when it starts).
    BeforeTheAuthRequest,
    /// Between the first CRes and the answer (the running challenge takes it).
    DuringTheChallenge,
    Never,
}

#[test]
fn a_final_d_completes_only_with_decoupled_fallback() {
    let fx = start();
    for gcm in [false, true] {
        for said in [
            Said::BeforeTheAuthRequest,
            Said::DuringTheChallenge,
            Said::Never,
        ] {
            let what = format!("{said:?}, gcm {gcm}");
            let mut c = fx.client("2.3.1", gcm, None);
            assert_eq!(c.config("DecoupledFallback").unwrap(), "false");
            if said == Said::BeforeTheAuthRequest {
                c.config("DecoupledFallback=yes").unwrap();
            }
            fx.authenticate(&mut c, "decoupled-fallback").unwrap();
            c.send_challenge_request().unwrap();
            if said == Said::DuringTheChallenge {
                c.config("DecoupledFallback=true").unwrap();
            }
            let on = said != Said::Never;
            assert_eq!(c.config("DecoupledFallback").unwrap(), on.to_string());
            assert_eq!(c.transaction().decoupled_fallback(), on, "{what}");
            c.set_challenge_data_entry(OTP);
            let answered = c.send_challenge_request();
            let tx = fx.record(&mut c);
            // The ACS sealed a final CRes with D both times.
            let last = tx.cres_plaintexts.last().unwrap();
            let final_cres: Value = serde_json::from_slice(last).unwrap();
            assert_eq!(final_cres["transStatus"], "D", "{what}");
            if on {
                answered.unwrap();
                assert!(c.challenge_complete(), "{what}");
                assert_eq!(c.transaction_status(), "D", "{what}");
                assert_eq!(c.config("ChallengeResponse").unwrap(), text(last), "{what}");
                assert!(tx.erro_bodies_received.is_empty(), "{what}");
                assert_eq!(tx.outcome.as_deref(), Some("D"), "{what}");
            } else {
                // A final status the SDK may not accept ends the
                // transaction without an Erro (EMV 3DS: invalid transStatus
                // in a final CRes), reported as 1101.
                let e = answered.unwrap_err();
                assert_eq!(e.code, ErrorCode::from_code(1101).unwrap(), "{what}: {e}");
                assert!(!c.challenge_complete(), "{what}");
                assert_ne!(c.transaction_status(), "D", "{what}");
                assert!(tx.erro_bodies_received.is_empty(), "{what}");
                assert!(tx.erros_received.is_empty(), "{what}");
            }
            assert_wire_equality(&mut c, &tx, &what);
        }
    }
}
