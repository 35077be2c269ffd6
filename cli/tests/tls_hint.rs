//! A challenge whose ACS certificate the machine does not trust fails before
//! any CReq reaches the ACS, and the error says how to trust it (`--tls-ca`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::Env;

#[test]
fn an_untrusted_acs_certificate_suggests_tls_ca() {
    let env = Env::start("tls-hint");
    let state = env.to_challenge("challenge-text", "2.2.0", "ds-enc-ec");
    let out = common::run(
        &[
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--json",
            "--answer",
            "123456",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    let description = last["error"]["description"].as_str().unwrap();
    assert!(
        description.starts_with("transport: ") && description.contains("add --tls-ca FILE"),
        "{description}"
    );
    // The handshake failed: the ACS never decrypted a CReq.
    let records = env.sim.records();
    assert!(
        records.transactions.iter().all(|t| t.creqs.is_empty())
            && records.unknown_transaction_requests.is_empty(),
        "a CReq reached the ACS"
    );

    // Without --json the same failure is one line of words on stderr, no JSON.
    let state = env.to_challenge("challenge-text", "2.2.0", "ds-enc-ec");
    let out = common::run(
        &[
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--answer",
            "123456",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr.lines().last().unwrap();
    assert!(
        line.starts_with("threeds: challenge failed: transport: ")
            && line.contains("add --tls-ca FILE")
            && !line.contains('{'),
        "{stderr}"
    );
}
