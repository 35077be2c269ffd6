//! `--crypto`: each compiled-in provider runs a whole EC transaction
//! through the subcommands (ECDH-ES device information, ES256-signed ARes,
//! the challenge) with the wire equal to the simulator's records; the demo
//! says which provider ran; other names are refused with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::{Env, assert_ok, json_line, run};
use threeds_std::StdPlatform;

fn names() -> Vec<&'static str> {
    StdPlatform::crypto_providers()
        .iter()
        .map(|p| p.name())
        .collect()
}

#[test]
fn each_provider_runs_an_ec_transaction_equal_to_the_wire() {
    let env = Env::start("crypto");
    for name in names() {
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &["--crypto", name]);
        let ares = env.ares(&request, "challenge-es256");
        let file = state.with_file_name("ares.json");
        std::fs::write(&file, &ares).unwrap();
        let root = env.pem("ds-root");
        let out = run(
            &[
                "check-auth-response",
                "--state",
                state.to_str().unwrap(),
                "--acs-root",
                &root,
                "--crypto",
                name,
                file.to_str().unwrap(),
            ],
            None,
        );
        assert_ok(&out, "check-auth-response");
        let checked = json_line(&out.stdout);
        assert_eq!(checked["challengeRequired"], true, "{checked}");
        let ca = env.pem("tls-ca");
        let out = run(
            &[
                "challenge",
                "--state",
                state.to_str().unwrap(),
                "--tls-ca",
                &ca,
                "--json",
                "--crypto",
                name,
                "--answer",
                "123456",
            ],
            None,
        );
        assert_ok(&out, "challenge");
        let last: serde_json::Value = serde_json::from_str(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .last()
                .unwrap(),
        )
        .unwrap();
        let id = request["sdkTransID"].as_str().unwrap();
        let rec = env.sim.records().by_sdk_trans_id(id).unwrap().clone();
        assert!(rec.violations.is_empty(), "{name}: {:?}", rec.violations);
        assert!(
            rec.device_info_alg.0.starts_with("ECDH-ES"),
            "{:?}",
            rec.device_info_alg
        );
        // What the command printed is what went over the wire.
        assert_eq!(rec.auth_request, request, "{name}");
        assert_eq!(checked["acsTransID"], rec.acs_trans_id.as_str());
        assert_eq!(rec.creqs.len(), 2, "{name}");
        assert_eq!(rec.creqs[1]["challengeDataEntry"], "123456");
        assert_eq!(rec.outcome.as_deref(), Some("Y"));
        assert_eq!(last["transStatus"], rec.cres[1]["transStatus"], "{last}");
    }
}

#[test]
fn the_demo_says_which_provider_ran() {
    for name in names() {
        let out = run(&["demo", "--crypto", name], None);
        assert_ok(&out, "demo");
        let text = String::from_utf8(out.stdout).unwrap();
        let line = format!("crypto provider: {name} (");
        assert_eq!(text.matches(&line).count(), 1, "{text}");
        let from = format!("from the {name} crypto provider");
        // Both transactions of the demo begin on it.
        assert_eq!(text.matches(&from).count(), 2, "{text}");
        assert!(text.ends_with("demo complete\n"), "{text}");
    }
    // Without the option: the build's default.
    let out = run(&["demo"], None);
    assert_ok(&out, "demo");
    let default = StdPlatform::default_crypto().name();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("crypto provider: {default} (")),
        "{text}"
    );
}

#[test]
fn other_names_are_refused_with_the_reason() {
    let list = names().join(", ");
    let mut cases = vec![(
        "openssl",
        format!("no such crypto provider; this build has: {list}"),
    )];
    for (name, feature) in [("aws-lc", "aws-lc-crypto"), ("ring", "ring-crypto")] {
        if !names().contains(&name) {
            cases.push((
                name,
                format!("this threeds was built without it (cargo feature {feature}); this build has: {list}"),
            ));
        }
    }
    for (name, why) in cases {
        for command in ["demo", "challenge", "check-auth-response", "auth-request"] {
            let out = run(&[command, "--crypto", name], None);
            assert_eq!(out.status.code(), Some(64), "{command} --crypto {name}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(
                err.contains(&format!(
                    "invalid value '{name}' for '--crypto <NAME>': {why}"
                )),
                "{err}"
            );
        }
    }
    let out = run(&["demo", "--help"], None);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--crypto <NAME>"), "{help}");
    assert!(help.contains(&list), "{help}");
}
