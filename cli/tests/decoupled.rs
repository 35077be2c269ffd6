//! 2.3.1 decoupled fallback: a final CRes with `transStatus` D completes the challenge
//! only when `--decoupled-fallback` says the requestor asked for it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::sync::Arc;

use common::{Env, scratch};
use serde_json::json;
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig};

const FALLBACK: &str = r#"{
  "name": "decoupled-fallback",
  "description": "One text round; the ACS then falls back to decoupled authentication.",
  "ares": { "transStatus": "C" },
  "rounds": [ { "uiType": "01", "expect": { "entry": "123456" } } ],
  "finalStatus": "D"
}"#;

fn env(name: &str) -> Env {
    let pki = Pki::generate().unwrap();
    let dir = scratch(name);
    pki.write_pem(&dir).unwrap();
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios.insert(Scenario::from_json(FALLBACK).unwrap());
    let sim = Simulator::start(SimulatorConfig {
        pki: Arc::new(pki),
        sim,
    })
    .unwrap();
    Env { sim, dir }
}

fn challenge(env: &Env, fallback: bool) -> (std::process::Output, serde_json::Value) {
    let state = env.to_challenge("decoupled-fallback", "2.3.1", "ds-enc-ec");
    let ca = env.pem("tls-ca");
    let mut args = vec![
        "challenge",
        "--state",
        state.to_str().unwrap(),
        "--tls-ca",
        &ca,
        "--json",
        "--answer",
        "123456",
    ];
    if fallback {
        args.push("--decoupled-fallback");
    }
    let out = common::run(&args, None);
    let last = String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .last()
        .map(|l| serde_json::from_str(l).unwrap())
        .unwrap();
    (out, last)
}

#[test]
fn a_final_d_completes_only_when_the_requestor_asked() {
    let env = env("decoupled");
    let (out, last) = challenge(&env, true);
    common::assert_ok(&out, "challenge --decoupled-fallback");
    assert_eq!(
        last,
        json!({ "challengeComplete": true, "transStatus": "D" })
    );
    assert_eq!(
        env.sim.records().last().unwrap().outcome.as_deref(),
        Some("D")
    );

    let (out, last) = challenge(&env, false);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(last.get("error").is_some(), "{last}");
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}
