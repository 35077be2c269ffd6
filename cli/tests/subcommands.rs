//! Every subcommand driven as a subprocess against a simulator started here:
//! auth-request → the simulator's 3DS Server → check-auth-response →
//! challenge, with every `--answer` form. The simulator (an independent
//! implementation) records any protocol violation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Env, assert_ok, json_line, run};
use serde_json::Value;

fn ui_types(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| {
            l.get("acsUiType")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

#[test]
fn auth_request_output_state_file_and_both_key_types() {
    let env = Env::start("auth");
    for (cert, version, extra) in [
        ("ds-enc-rsa", "2.1.0", vec![]),
        ("ds-enc-ec", "2.2.0", vec!["--gcm"]),
        ("ds-enc-ec", "2.3.1", vec!["--device-param", "C002=Pixel 8"]),
        (
            "ds-enc-rsa",
            "2.3.1",
            vec!["--gcm", "--sdk-max-timeout", "10"],
        ),
    ] {
        let (state, request) = env.auth_request(cert, version, &extra);
        for key in [
            "sdkAppID",
            "sdkEncData",
            "sdkEphemPubKey",
            "sdkMaxTimeout",
            "sdkReferenceNumber",
            "sdkTransID",
            "deviceRenderOptions",
            "messageVersion",
        ] {
            assert!(request.get(key).is_some(), "{key} missing: {request}");
        }
        assert_eq!(request["messageVersion"], version);
        assert_eq!(request["sdkAppID"], common::APP_ID);
        let jwk = &request["sdkEphemPubKey"];
        assert_eq!(jwk["kty"], "EC", "{jwk}");
        assert_eq!(jwk["crv"], "P-256");
        assert!(jwk.get("d").is_none(), "never the private key");
        let timeout = if extra.contains(&"10") { "10" } else { "05" };
        assert_eq!(request["sdkMaxTimeout"], timeout);
        // The JWE header says which key agreement the DS key implies.
        let enc = request["sdkEncData"].as_str().unwrap();
        let header = base64url(enc.split('.').next().unwrap());
        let header: Value = serde_json::from_slice(&header).unwrap();
        let alg = if cert == "ds-enc-rsa" {
            "RSA-OAEP-256"
        } else {
            "ECDH-ES"
        };
        assert_eq!(header["alg"], alg);
        let enc_alg = if extra.contains(&"--gcm") {
            "A128GCM"
        } else {
            "A128CBC-HS256"
        };
        assert_eq!(header["enc"], enc_alg);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&state).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "state file mode {mode:o}");
        }
        // The simulator's DS decrypts the device information.
        let _ = env.ares(&request, "frictionless-y");
    }
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}

/// A minimal base64url decoder for the test (the JWE header).
fn base64url(s: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut bits = 0u32;
    let mut n = 0;
    let mut out = Vec::new();
    for c in s.bytes() {
        let v = alphabet.iter().position(|&a| a == c).unwrap() as u32;
        bits = (bits << 6) | v;
        n += 6;
        if n >= 8 {
            n -= 8;
            out.push((bits >> n) as u8);
        }
    }
    out
}

#[test]
fn frictionless_check_and_no_challenge() {
    let env = Env::start("frictionless");
    for (scenario, status) in [("frictionless-y", "Y"), ("frictionless-n", "N")] {
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
        let ares = env.ares(&request, scenario);
        // ARes on standard input.
        let out = run(
            &[
                "check-auth-response",
                "--state",
                state.to_str().unwrap(),
                "--acs-root",
                &env.pem("ds-root"),
                "-",
            ],
            Some(&ares),
        );
        assert_ok(&out, scenario);
        let v = json_line(&out.stdout);
        assert_eq!(v["transStatus"], status);
        assert_eq!(v["challengeRequired"], false);
        let sent: Value = serde_json::from_slice(&ares).unwrap();
        assert_eq!(v["transStatusReason"], sent["transStatusReason"]);
        assert_eq!(v["acsTransID"], sent["acsTransID"]);
        // Nothing left to challenge.
        let (out, _) = env.challenge(&state, &["123456"]);
        assert!(!out.status.success());
    }
}

#[test]
fn invalid_ares_is_rejected_with_one_line() {
    let env = Env::start("invalid");
    for scenario in [
        "fault-ares-bad-signature",
        "fault-ares-untrusted-chain",
        "fault-ares-wrong-sdk-key",
        "fault-ares-wrong-sdk-trans-id",
        "fault-ares-invalid-acs-key",
    ] {
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
        let ares = env.ares(&request, scenario);
        let out = env.check(&state, &ares);
        assert!(!out.status.success(), "{scenario} accepted");
        assert!(out.stdout.is_empty(), "{scenario}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{scenario}: {err}");
        assert!(err.contains("invalid ARes"), "{scenario}: {err}");
    }
    // Not JSON at all, and an ARes checked against the wrong root.
    let (state, _) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
    let out = env.check(&state, b"{not json");
    assert!(!out.status.success());
    let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
    let ares = env.ares(&request, "challenge-text");
    let file = state.with_file_name("ares.json");
    std::fs::write(&file, &ares).unwrap();
    let out = run(
        &[
            "check-auth-response",
            "--state",
            state.to_str().unwrap(),
            "--acs-root",
            &env.pem("tls-ca"),
            file.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success(), "a chain to another root is refused");
}

struct Case {
    scenario: &'static str,
    version: &'static str,
    ds: &'static str,
    answers: &'static [&'static str],
    ui: &'static [&'static str],
    status: &'static str,
}

#[test]
fn challenge_with_every_answer_form() {
    let env = Env::start("challenge");
    let cases = [
        Case {
            scenario: "challenge-text-wrong-then-right",
            version: "2.2.0",
            ds: "ds-enc-rsa",
            answers: &["000000", "123456"],
            ui: &["01", "01"],
            status: "Y",
        },
        Case {
            scenario: "challenge-text",
            version: "2.1.0",
            ds: "ds-enc-ec",
            answers: &["@resend", "123456"],
            ui: &["01", "01"],
            status: "Y",
        },
        Case {
            scenario: "challenge-text-wrong-then-right",
            version: "2.3.1",
            ds: "ds-enc-ec",
            answers: &["@empty", "123456"],
            ui: &["01", "01"],
            status: "Y",
        },
        Case {
            scenario: "challenge-single-select",
            version: "2.2.0",
            ds: "ds-enc-ec",
            answers: &["phon"],
            ui: &["02"],
            status: "Y",
        },
        Case {
            scenario: "challenge-multi-select",
            version: "2.3.1",
            ds: "ds-enc-rsa",
            answers: &["grcy,cafe"],
            ui: &["03"],
            status: "Y",
        },
        Case {
            scenario: "challenge-oob",
            version: "2.2.0",
            ds: "ds-enc-ec",
            answers: &["@continue"],
            ui: &["04"],
            status: "Y",
        },
        Case {
            scenario: "challenge-html",
            version: "2.2.0",
            ds: "ds-enc-ec",
            answers: &["otp=123456"],
            ui: &["05"],
            status: "Y",
        },
        Case {
            scenario: "challenge-html-oob",
            version: "2.3.1",
            ds: "ds-enc-ec",
            answers: &["@continue"],
            ui: &["06"],
            status: "Y",
        },
        Case {
            scenario: "challenge-info",
            version: "2.3.1",
            ds: "ds-enc-ec",
            answers: &["@continue"],
            ui: &["07"],
            status: "Y",
        },
        Case {
            scenario: "challenge-two-rounds",
            version: "2.2.0",
            ds: "ds-enc-ec",
            answers: &["phon", "123456"],
            ui: &["02", "01"],
            status: "Y",
        },
        Case {
            scenario: "challenge-single-select",
            version: "2.3.1",
            ds: "ds-enc-ec",
            answers: &["@cancel"],
            ui: &["02"],
            status: "N",
        },
        Case {
            scenario: "challenge-text-fail",
            version: "2.2.0",
            ds: "ds-enc-ec",
            answers: &["999999"],
            ui: &["01"],
            status: "N",
        },
    ];
    for case in &cases {
        let state = env.to_challenge(case.scenario, case.version, case.ds);
        let (out, lines) = env.challenge(&state, case.answers);
        let what = format!("{} {} {:?}", case.scenario, case.version, case.answers);
        assert_ok(&out, &what);
        assert_eq!(ui_types(&lines), case.ui, "{what}: {lines:?}");
        for (i, line) in lines.iter().take(case.ui.len()).enumerate() {
            assert_eq!(line["round"], i + 1, "{what}");
        }
        let last = lines.last().unwrap();
        assert_eq!(last["challengeComplete"], true, "{what}: {last}");
        assert_eq!(last["transStatus"], case.status, "{what}");
        let records = env.sim.records();
        let tx = records.last().unwrap();
        assert_eq!(tx.creqs.len(), case.answers.len() + 1, "{what}");
        assert!(
            env.violations().is_empty(),
            "{what}: {:#?}",
            env.violations()
        );
        // The transaction is over: the state file says so.
        let (again, _) = env.challenge(&state, case.answers);
        assert!(!again.status.success(), "{what}: finished state reused");
    }
}

#[test]
fn screens_carry_what_the_acs_sent() {
    let env = Env::start("screens");
    let state = env.to_challenge("challenge-multi-select", "2.2.0", "ds-enc-ec");
    let (out, lines) = env.challenge(&state, &["2,4", "1,4"]);
    assert_ok(&out, "multi-select by number");
    let options: Vec<&str> = lines[0]["challengeSelectInfo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key"].as_str().unwrap())
        .collect();
    assert_eq!(options, ["grcy", "book", "fuel", "cafe"]);
    // Options 2 and 4 are wrong (the screen comes again); 1 and 4 are grcy,cafe.
    assert_eq!(lines.last().unwrap()["transStatus"], "Y");
    let state = env.to_challenge("challenge-html", "2.2.0", "ds-enc-ec");
    let (out, lines) = env.challenge(&state, &["123456"]);
    assert_ok(&out, "html bare value");
    assert!(lines[0]["acsHTML"].as_str().unwrap().contains("<form"));
    assert_eq!(lines[0]["formFields"][0]["name"], "otp");
    assert_eq!(
        lines.last().unwrap()["transStatus"],
        "Y",
        "the bare value filled otp"
    );
}

#[test]
fn acs_faults_give_an_error_line_and_a_failure_exit() {
    let env = Env::start("faults");
    for (scenario, code) in [
        ("fault-wrong-counter", 302),
        ("fault-bad-tag", 302),
        ("fault-wrong-ids", 301),
        ("fault-invalid-ui-type", 203),
    ] {
        let state = env.to_challenge(scenario, "2.2.0", "ds-enc-ec");
        let (out, lines) = env.challenge(&state, &["123456", "123456"]);
        assert!(!out.status.success(), "{scenario}");
        let last = lines.last().unwrap();
        assert_eq!(last["error"]["code"], code, "{scenario}: {last}");
        assert!(last["error"]["description"].as_str().is_some());
        let records = env.sim.records();
        let tx = records.last().unwrap();
        assert_eq!(
            tx.erros_received.len(),
            1,
            "{scenario}: the ACS got the Erro"
        );
        assert_eq!(tx.erros_received[0].code, code.to_string());
    }
    // An Erro from the ACS is reported, never answered.
    let state = env.to_challenge("fault-erro", "2.3.1", "ds-enc-ec");
    let (out, lines) = env.challenge(&state, &["123456"]);
    assert!(!out.status.success());
    assert_eq!(lines.last().unwrap()["error"]["code"], 403);
    let records = env.sim.records();
    let tx = records.last().unwrap();
    assert_eq!(tx.erros_sent.len(), 1);
    assert!(tx.erros_received.is_empty(), "never answered");
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}

#[test]
fn scripted_answer_that_does_not_fit_is_refused() {
    let env = Env::start("misfit");
    let state = env.to_challenge("challenge-single-select", "2.2.0", "ds-enc-ec");
    let (out, _) = env.challenge(&state, &["nope"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("not an option"), "{err}");
    let state = env.to_challenge("challenge-oob", "2.2.0", "ds-enc-ec");
    let (out, _) = env.challenge(&state, &[]);
    // Without --answer and without a terminal the input ends at once.
    assert!(!out.status.success());
}
