//! `challenge --log-level 2` (or `-vv`; 3 adds the packets) shows the reference's log lines on
//! stderr: each CReq exactly as the ACS decrypted it (entries masked unless
//! `--no-mask`) and each CRes exactly as the ACS encrypted it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::Env;
use serde_json::Value;

/// The JSON of every `log[L] TYPE: …` line of that type, in order.
fn logged(stderr: &str, log_type: &str) -> Vec<Value> {
    let prefix = format!(" {log_type}: ");
    stderr
        .lines()
        .filter(|l| l.starts_with("log["))
        .filter_map(|l| l.split_once(&prefix).map(|(_, json)| json))
        .map(|json| serde_json::from_str(json).unwrap())
        .collect()
}

fn masked(mut creq: Value) -> Value {
    for k in [
        "challengeDataEntry",
        "challengeDataEntryTwo",
        "challengeHTMLDataEntry",
    ] {
        if let Some(v) = creq.get_mut(k) {
            *v = Value::from("******");
        }
    }
    creq
}

fn challenge(env: &Env, extra: &[&str]) -> String {
    let state = env.to_challenge("challenge-text", "2.2.0", "ds-enc-ec");
    let ca = env.pem("tls-ca");
    let mut args = vec![
        "challenge",
        "--state",
        state.to_str().unwrap(),
        "--tls-ca",
        &ca,
        "--json",
        "--answer",
        "000000",
        "--answer",
        "123456",
    ];
    args.extend_from_slice(extra);
    let out = common::run(&args, None);
    common::assert_ok(&out, "challenge");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn messages_logged_equal_the_wire() {
    let env = Env::start("log-level");
    for (extra, mask, debug) in [
        (&["--log-level", "2"][..], true, false),
        (&["-vv", "--no-mask"][..], false, false),
        (&["--log-level", "3"][..], true, true),
    ] {
        let stderr = challenge(&env, extra);
        let records = env.sim.records();
        let record = records.transactions.last().unwrap();
        assert!(record.creqs.len() >= 2, "{record:?}");
        let expected: Vec<Value> = record
            .creqs
            .iter()
            .cloned()
            .map(|c| if mask { masked(c) } else { c })
            .collect();
        assert_eq!(logged(&stderr, "CReq"), expected, "{stderr}");
        assert_eq!(logged(&stderr, "CRes"), record.cres, "{stderr}");
        // Level 3 adds the data packets (one out and one in per CReq); level 2 does not.
        let packets = stderr.matches("data packet out: ").count();
        assert_eq!(
            packets,
            if debug { record.creqs.len() } else { 0 },
            "{stderr}"
        );
    }
    // Without -v nothing is logged.
    let stderr = challenge(&env, &[]);
    assert!(!stderr.contains("log["), "{stderr}");
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}
