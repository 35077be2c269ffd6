//! `auth-request --collect-device-info`: the host's device information, the
//! deny-list and the given parameters, as the simulator's DS decrypted them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{APP_ID, Env, run};
use serde_json::Value;

#[test]
fn collected_device_info_with_deny_list_reaches_the_ds() {
    let env = Env::start("devinfo");
    let ds = env.pem("ds-enc-ec");
    let state = common::scratch("devinfo-state").join("txn.state");
    let out = run(
        &[
            "auth-request",
            "--ds-cert",
            &ds,
            "--ds-id",
            "A000000802",
            "--sdk-app-id",
            APP_ID,
            "--sdk-reference-number",
            "THREEDS-CLI-TEST",
            "--message-version",
            "2.2.0",
            "--state",
            state.to_str().unwrap(),
            "--collect-device-info",
            "--device-info-deny",
            "C010,C009",
            "--device-param",
            "C013=com.example.kiosk",
            "--show-device-info",
        ],
        None,
    );
    common::assert_ok(&out, "auth-request --collect-device-info");
    let request = common::json_line(&out.stdout);
    env.ares(&request, "frictionless-y");
    assert!(env.violations().is_empty(), "{:?}", env.violations());
    let records = env.sim.records();
    let tx = records.transactions.last().unwrap();
    let info = &tx.device_info;
    assert_eq!(info["DV"], "1.6");
    assert_eq!(info["DD"]["C001"], "Linux");
    assert_eq!(info["DD"]["C013"], "com.example.kiosk");
    assert_eq!(info["DD"]["C014"], APP_ID);
    assert_eq!(info["DD"]["C016"], "THREEDS-CLI-TEST");
    assert_eq!(info["DD"]["C018"], tx.sdk_trans_id.as_str());
    assert_eq!(info["DPNA"]["C009"], "RE01");
    assert_eq!(info["DPNA"]["C010"], "RE01");
    // What was shown: the same parameters, DD values masked.
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = stderr
        .lines()
        .find_map(|l| l.strip_prefix("device information: "))
        .expect("--show-device-info line");
    let shown: Value = serde_json::from_str(shown).unwrap();
    assert_eq!(shown["DPNA"], info["DPNA"]);
    let keys = |v: &Value| {
        v["DD"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&shown), keys(info));
    assert!(
        shown["DD"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == "******")
    );
}

#[test]
fn deny_list_needs_collection() {
    let out = run(
        &[
            "auth-request",
            "--ds-cert",
            "/nonexistent",
            "--ds-id",
            "A000000802",
            "--sdk-app-id",
            APP_ID,
            "--sdk-reference-number",
            "REF",
            "--state",
            "/nonexistent/state",
            "--device-info-deny",
            "C010",
        ],
        None,
    );
    // A usage error, before any file is read.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("--collect-device-info"), "{stderr}");
}

#[test]
fn without_device_information_the_cli_says_so() {
    let env = Env::start("devinfo-none");
    let ds = env.pem("ds-enc-ec");
    let state = common::scratch("devinfo-none-state").join("txn.state");
    let out = run(
        &[
            "auth-request",
            "--ds-cert",
            &ds,
            "--ds-id",
            "A000000802",
            "--sdk-app-id",
            APP_ID,
            "--sdk-reference-number",
            "THREEDS-CLI-TEST",
            "--state",
            state.to_str().unwrap(),
        ],
        None,
    );
    common::assert_ok(&out, "auth-request");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("sending only C001"), "{stderr}");
    assert!(stderr.contains("--collect-device-info"), "{stderr}");
}
