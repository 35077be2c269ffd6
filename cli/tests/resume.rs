//! A challenge survives its process: `threeds challenge` is killed after a CReq left
//! (the test ACS holds its answer) and resumed with another answer; or it stops between
//! screens and is resumed. The simulator's records are the truth: the ACS never sees
//! two different CReqs under one counter, and the resumed transaction completes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use core::time::Duration;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use common::{BIN, Env, json_line, run, scratch};
use serde_json::Value;
use threeds_sim::{Pki, Scenario, SimConfig, Simulator, SimulatorConfig};

/// `challenge-text-wrong-then-right` whose CRes to CReq 001 is held for a minute.
const HELD: &str = r#"{
  "name": "resume-held",
  "description": "Text round expecting 123456 (3 attempts); the answer to CReq 001 is held 60 s.",
  "ares": { "transStatus": "C" },
  "rounds": [ { "uiType": "01", "expect": { "entry": "123456" }, "maxAttempts": 3 } ],
  "faults": [ { "at": 1, "kind": "delay", "ms": 60000 } ]
}"#;

fn env_with_held_answer(name: &str) -> Env {
    let pki = Pki::generate().unwrap();
    let dir = scratch(name);
    pki.write_pem(&dir).unwrap();
    let mut sim = SimConfig::with_builtin_scenarios().unwrap();
    sim.scenarios.insert(Scenario::from_json(HELD).unwrap());
    let sim = Simulator::start(SimulatorConfig {
        pki: Arc::new(pki),
        sim,
    })
    .unwrap();
    Env { sim, dir }
}

/// The CReqs the ACS decrypted, by `sdkCounterStoA`.
fn creqs_by_counter(env: &Env) -> BTreeMap<String, Vec<Value>> {
    let records = env.sim.records();
    let tx = records.last().expect("a transaction");
    let mut by: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for creq in &tx.creqs {
        let counter = creq["sdkCounterStoA"].as_str().unwrap().to_owned();
        by.entry(counter).or_default().push(creq.clone());
    }
    by
}

/// Runs `challenge` answering `111111` to the first screen and kills it once the ACS
/// has CReq 001 (whose answer it holds): the process dies with its CReq in flight.
fn kill_after_creq_001_left(env: &Env, state: &Path) {
    let mut child = Command::new(BIN)
        .args([
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &env.pem("tls-ca"),
            "--json",
            "--answer",
            "111111",
            "--answer",
            "123456",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while creqs_by_counter(env).len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "CReq 001 never arrived"
        );
        assert!(child.try_wait().unwrap().is_none(), "challenge ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_ne!(
        std::fs::read(state).unwrap().first(),
        Some(&b'{'),
        "still running"
    );
}

/// Per counter, every CReq the ACS saw is the same message.
fn assert_one_creq_per_counter(env: &Env) -> BTreeMap<String, Vec<Value>> {
    let by = creqs_by_counter(env);
    for (counter, creqs) in &by {
        assert!(
            creqs.iter().all(|c| c == &creqs[0]),
            "two different CReqs under counter {counter}: {creqs:#?}"
        );
    }
    by
}

#[test]
fn killed_with_a_creq_in_flight_resumes_at_the_next_counter() {
    let env = env_with_held_answer("resume-killed");
    let state = env.to_challenge("resume-held", "2.2.0", "ds-enc-ec");
    kill_after_creq_001_left(&env, &state);
    // Resumed with another answer to the same screen.
    let (out, lines) = env.challenge(&state, &["123456"]);
    common::assert_ok(&out, "resumed challenge");
    assert_eq!(lines.first().unwrap()["round"], 1, "{lines:?}");
    assert_eq!(
        lines.last().unwrap(),
        &serde_json::json!({ "challengeComplete": true, "transStatus": "Y" })
    );
    let by = assert_one_creq_per_counter(&env);
    let counters: Vec<&str> = by.keys().map(String::as_str).collect();
    assert_eq!(counters, ["000", "001", "002"]);
    assert_eq!(by["001"][0]["challengeDataEntry"], "111111");
    assert_eq!(by["002"][0]["challengeDataEntry"], "123456");
    let records = env.sim.records();
    assert_eq!(records.last().unwrap().outcome.as_deref(), Some("Y"));
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
    // Over: the state file is a summary that no later run resumes.
    let again = env.challenge(&state, &["123456"]).0;
    assert!(!again.status.success());
}

#[test]
fn interactive_resume_cancels_a_stale_challenge() {
    let env = env_with_held_answer("resume-cancel");
    let state = env.to_challenge("resume-held", "2.2.0", "ds-enc-ec");
    kill_after_creq_001_left(&env, &state);
    let out = run(
        &[
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &env.pem("tls-ca"),
        ],
        Some(b"@cancel\n"),
    );
    common::assert_ok(&out, "interactive resume");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("challenge screen 1"), "{stdout}");
    let by = assert_one_creq_per_counter(&env);
    assert_eq!(by.len(), 3);
    assert_eq!(by["002"][0]["challengeCancel"], "01");
    let records = env.sim.records();
    let outcome = records.last().unwrap().outcome.clone().unwrap();
    assert!(
        stdout.contains(&format!("Challenge complete: transStatus {outcome}")),
        "{stdout}"
    );
    let summary: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(summary["state"], "Completed");
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}

#[test]
fn stopped_between_screens_resumes_where_it_stood() {
    let env = Env::start("resume-between");
    let state = env.to_challenge("challenge-text-wrong-then-right", "2.2.0", "ds-enc-ec");
    let (out, _) = env.challenge(&state, &["111111"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no --answer left for screen 2"), "{stderr}");
    assert!(stderr.contains("can be resumed"), "{stderr}");
    let (out, lines) = env.challenge(&state, &["123456"]);
    common::assert_ok(&out, "resumed challenge");
    assert_eq!(lines.first().unwrap()["round"], 2, "{lines:?}");
    assert_eq!(
        json_line(lines.last().unwrap().to_string().as_bytes())["transStatus"],
        "Y"
    );
    let by = assert_one_creq_per_counter(&env);
    let counters: Vec<&str> = by.keys().map(String::as_str).collect();
    assert_eq!(counters, ["000", "001", "002"]);
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}

#[test]
fn a_lost_first_screen_is_not_resumed_and_nothing_is_resent() {
    // fault-slow holds the answer to CReq 000 for 3 s: long enough to kill the run.
    let env = Env::start("resume-first");
    let state = env.to_challenge("fault-slow", "2.2.0", "ds-enc-ec");
    let mut child = Command::new(BIN)
        .args([
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &env.pem("tls-ca"),
            "--json",
            "--answer",
            "123456",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while creqs_by_counter(&env).is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60), "no CReq");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let (out, _) = env.challenge(&state, &["123456"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be resumed"), "{stderr}");
    let by = assert_one_creq_per_counter(&env);
    assert_eq!(by.keys().map(String::as_str).collect::<Vec<_>>(), ["000"]);
    assert_eq!(by["000"].len(), 1, "the initial CReq was sent again");
}
