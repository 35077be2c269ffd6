//! `threeds demo` runs to completion; `threeds sim` serves a whole
//! transaction driven by the other subcommands from its PEM files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{APP_ID, BIN, DS_ID, assert_ok, json_line, run, scratch};
use threeds_core::platform::{HttpRequest, Transport};
use threeds_std::HttpsTransport;

#[test]
fn demo_runs_to_completion() {
    let out = run(&["demo"], None);
    assert_ok(&out, "demo");
    let text = String::from_utf8(out.stdout).unwrap();
    for step in [
        "encrypted to the DS",
        "ARes verified: transStatus Y",
        "ARes verified: transStatus C",
        "challenge screen 1",
        "challenge screen 2",
        "cardholder: entry \"123456\"",
        "challenge complete, final transStatus Y",
        "demo complete",
    ] {
        assert!(text.contains(step), "missing {step:?} in\n{text}");
    }
}

/// Kills the simulator child when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn sim_serves_a_transaction_from_its_pem_files() {
    let dir = scratch("sim");
    let mut child = Child(
        Command::new(BIN)
            .args(["sim", "--out", dir.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines();
    let mut base = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.trim().strip_prefix("base URL") {
            base = Some(url.trim().to_owned());
        }
        if line.starts_with("ready") {
            break;
        }
    }
    let base = base.expect("the simulator printed its URL");
    let pem = |name: &str| dir.join(format!("{name}.crt.pem")).display().to_string();
    let state = dir.join("txn.state");
    let out = run(
        &[
            "auth-request",
            "--ds-cert",
            &pem("ds-enc-ec"),
            "--ds-id",
            DS_ID,
            "--sdk-app-id",
            APP_ID,
            "--sdk-reference-number",
            "THREEDS-SIM",
            "--message-version",
            "2.3.1",
            "--state",
            state.to_str().unwrap(),
        ],
        None,
    );
    assert_ok(&out, "auth-request");
    let request = json_line(&out.stdout).to_string();
    // The app developer's 3DS Server call, over HTTPS with the written TLS CA.
    let mut https = HttpsTransport::builder()
        .server_ca_certs_pem(&std::fs::read(pem("tls-ca")).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut body = vec![0u8; 256 * 1024];
    let url = format!("{base}/3ds/auth?scenario=challenge-info");
    let resp = https
        .post(
            &HttpRequest {
                url: &url,
                content_type: "application/json",
                body: request.as_bytes(),
                timeout_ms: 30_000,
            },
            &mut body,
        )
        .unwrap();
    assert_eq!(resp.status, 200);
    let out = run(
        &[
            "check-auth-response",
            "--state",
            state.to_str().unwrap(),
            "--acs-root",
            &pem("ds-root"),
            "-",
        ],
        Some(&body[..resp.body_len]),
    );
    assert_ok(&out, "check-auth-response");
    let v = json_line(&out.stdout);
    assert_eq!(v["challengeRequired"], true);
    assert!(v["acsURL"].as_str().unwrap().starts_with(&base));
    let out = run(
        &[
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &pem("tls-ca"),
            "--timeout",
            "20",
            "--answer",
            "@continue",
            "--json",
        ],
        None,
    );
    assert_ok(&out, "challenge");
    let text = String::from_utf8(out.stdout).unwrap();
    let last: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["transStatus"], "Y", "{text}");
}

#[test]
fn a_closed_stdout_ends_the_demo_quietly_with_the_sigpipe_status() {
    let mut child = Command::new(BIN)
        .arg("demo")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the first line (`threeds demo | head -0`).
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
