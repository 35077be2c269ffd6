//! What a person sees when an input is wrong: the exact line on stderr (what
//! was wrong, where, what to give instead; never Rust debug text) and the
//! exit status `--help` documents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{APP_ID, DS_ID, run, scratch};
use threeds_sim::Pki;

/// The simulator's PKI as PEM files (no server needed: nothing here reaches the network).
fn pki_dir() -> PathBuf {
    let dir = scratch("messages-pki");
    Pki::generate().unwrap().write_pem(&dir).unwrap();
    dir
}

fn auth_request(dir: &Path, ds_cert: &str, app_id: &str, extra: &[&str]) -> (Output, PathBuf) {
    let state = dir.join("txn.state");
    let ds = dir.join(ds_cert).display().to_string();
    let state_arg = state.display().to_string();
    let mut args = vec![
        "auth-request",
        "--ds-cert",
        &ds,
        "--ds-id",
        DS_ID,
        "--sdk-app-id",
        app_id,
        "--sdk-reference-number",
        "THREEDS-CLI-TEST",
        "--state",
        &state_arg,
    ];
    args.extend_from_slice(extra);
    (run(&args, None), state)
}

/// Exit status 1, exactly `line` on stderr, nothing on stdout, no state written.
fn assert_refused(out: &Output, state: &Path, line: &str) {
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("threeds: {line}\n")
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(
        !state.exists(),
        "a refused command must not leave a state file"
    );
}

#[test]
fn sdk_app_id_must_be_a_uuid() {
    let dir = pki_dir();
    let (out, state) = auth_request(&dir, "ds-enc-ec.crt.pem", "not-a-uuid", &[]);
    assert_refused(
        &out,
        &state,
        "--sdk-app-id: sdkAppID must be a UUID, e.g. 9f3c3c1e-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
    );
}

#[test]
fn a_private_key_given_as_the_ds_certificate() {
    let dir = pki_dir();
    let (out, state) = auth_request(&dir, "ds-enc-ec.key.pem", APP_ID, &[]);
    let key = dir.join("ds-enc-ec.key.pem");
    assert_refused(
        &out,
        &state,
        &format!(
            "{} holds a private key; give the DS encryption certificate (or its public key) instead",
            key.display()
        ),
    );
}

#[test]
fn device_information_of_the_wrong_shape() {
    let dir = pki_dir();
    let cases = [
        (
            r#"{"DV":"1.0","DD":{"C001":5}}"#,
            r#"DD.C001 must be a string or a list of strings, not a number (write "5")"#,
        ),
        (
            r#"{"DV":"1.0","DD":{"C001":"Android"},"SW":["SW07"]}"#,
            r#"SW holds "SW07"; the warnings are "SW01".."SW05""#,
        ),
        (
            r#"{"DV":"1.0","DD":{"C001":"Android"},"DPNA":{"C002":"unknown"}}"#,
            r#"DPNA.C002 must be one of "RE01".."RE04" (why the parameter is missing)"#,
        ),
        (
            r#"["C001"]"#,
            r#"not a JSON object; the file holds {"DV":..,"DD":{..},"DPNA":{..},"SW":[..]}"#,
        ),
        (
            "{\"DV\":\"1.0\",\n",
            r#"not valid JSON at line 2, column 0; the file holds one object {"DV":..,"DD":{..},"DPNA":{..},"SW":[..]}"#,
        ),
    ];
    for (text, why) in cases {
        let file = dir.join("device.json");
        std::fs::write(&file, text).unwrap();
        let file_arg = file.display().to_string();
        let (out, state) = auth_request(
            &dir,
            "ds-enc-ec.crt.pem",
            APP_ID,
            &["--device-params", &file_arg],
        );
        assert_refused(&out, &state, &format!("{}: {why}", file.display()));
    }
}

#[test]
fn well_formed_device_information_is_accepted() {
    let dir = pki_dir();
    let file = dir.join("device.json");
    std::fs::write(
        &file,
        r#"{"DV":"1.0","DD":{"C001":"Android","C002":["a","b"]},"DPNA":{"C010":"RE01"},"SW":["SW01"]}"#,
    )
    .unwrap();
    let file_arg = file.display().to_string();
    let (out, state) = auth_request(
        &dir,
        "ds-enc-ec.crt.pem",
        APP_ID,
        &["--device-params", &file_arg],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(state.exists());
}

#[test]
fn usage_errors_exit_64_and_help_lists_the_exit_statuses() {
    let out = run(&["auth-request", "--no-such-option"], None);
    assert_eq!(out.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("error: unexpected argument '--no-such-option' found"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let block = "Exit status:
  0   done (a challenge that ends, also by a cancel, is done; see transStatus)
  1   the command could not do its work: a file, an option value, the 3DS data
  2   challenge: the transaction failed (an Erro sent or received, or the ACS unreachable)
  64  the command line itself is wrong (unknown option, missing value)
";
    for command in [
        &["--help"][..],
        &["auth-request", "--help"],
        &["check-auth-response", "--help"],
        &["challenge", "--help"],
        &["demo", "--help"],
        &["sim", "--help"],
    ] {
        let out = run(command, None);
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.ends_with(block), "{command:?}:\n{help}");
    }
}

/// Each refused ARes says why in words and what to run next, exit status 1;
/// a later command on the same state says the transaction is over.
#[test]
fn a_refused_ares_says_why_and_what_next() {
    let env = common::Env::start("messages-ares");
    let next = "this transaction is over; start a new one with `threeds auth-request`";
    let cases = [
        (
            "fault-ares-bad-signature",
            "the signature of acsSignedContent does not verify with the ACS certificate",
        ),
        (
            "fault-ares-untrusted-chain",
            "the ACS signing certificate does not chain to any --acs-root (give the card scheme's root)",
        ),
        (
            "fault-ares-wrong-sdk-key",
            "the ARes answers another auth request (its sdkEphemPubKey is not this transaction's key)",
        ),
        (
            "fault-ares-invalid-acs-key",
            "the ACS ephemeral key in acsSignedContent is not a valid P-256 key",
        ),
    ];
    for (scenario, why) in cases {
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
        let ares = env.ares(&request, scenario);
        let out = env.check(&state, &ares);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("threeds: invalid ARes: {why}; {next}\n"),
            "{scenario}"
        );
        assert_eq!(out.status.code(), Some(1), "{scenario}");
        assert!(out.stdout.is_empty(), "{scenario}");
        // A later command on the same state says how it ended, not only "over".
        let later = common::run(
            &["challenge", "--state", state.to_str().unwrap(), "--json"],
            None,
        );
        assert_eq!(
            String::from_utf8_lossy(&later.stderr),
            format!(
                "threeds: {}: this transaction is already over (it failed: invalid ARes: {why}); \
                 start a new one with `threeds auth-request`\n",
                state.display()
            ),
            "{scenario}"
        );
        assert_eq!(later.status.code(), Some(1), "{scenario}");
    }
    // Not JSON at all.
    let (state, _) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
    let out = env.check(&state, b"{not json");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("threeds: invalid ARes: the ARes is not valid JSON; {next}\n")
    );
}

/// A mistake on the command line before the ARes is looked at does not use up
/// the transaction: the same state then checks the ARes.
#[test]
fn a_missing_acs_root_keeps_the_transaction() {
    let env = common::Env::start("messages-root");
    let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
    let ares = env.ares(&request, "challenge-text");
    let file = state.with_file_name("ares.json");
    std::fs::write(&file, &ares).unwrap();
    let before = std::fs::read(&state).unwrap();
    let out = run(
        &[
            "check-auth-response",
            "--state",
            state.to_str().unwrap(),
            file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "threeds: no --acs-root given (or use --accept-any-acs-cert)\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&state).unwrap(),
        before,
        "the state file is untouched"
    );
    let out = env.check(&state, &ares);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An Erro from the ACS is reported with its wire values (errorComponent "A"),
/// exit status 2.
#[test]
fn a_received_erro_is_reported_with_wire_values() {
    let env = common::Env::start("messages-erro");
    let state = env.to_challenge("fault-erro", "2.2.0", "ds-enc-ec");
    let (out, lines) = env.challenge(&state, &["123456"]);
    assert_eq!(out.status.code(), Some(2));
    let error = &lines.last().unwrap()["error"];
    assert_eq!(error["code"], 403);
    assert_eq!(error["component"], "A");
    assert_eq!(error["from"], "received");
}
