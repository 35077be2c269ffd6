//! The interactive challenge and the demo through a pseudo-terminal: the
//! cardholder reads each screen and types the answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::process::Command;

use common::{BIN, Env};

#[test]
fn interactive_challenge_in_a_terminal() {
    let env = Env::start("interactive");
    let state = env.to_challenge("challenge-text-wrong-then-right", "2.2.0", "ds-enc-ec");
    let mut cmd = Command::new(BIN);
    cmd.args([
        "challenge",
        "--state",
        state.to_str().unwrap(),
        "--tls-ca",
        &env.pem("tls-ca"),
    ]);
    let mut p = rexpect::session::spawn_command(cmd, Some(60_000)).unwrap();
    p.exp_string("challenge screen 1 (acsUiType 01)").unwrap();
    p.exp_string("One-time code").unwrap();
    p.exp_string("Enter the code").unwrap();
    p.send_line("000000").unwrap();
    p.exp_string("challenge screen 2").unwrap();
    p.exp_string("not correct").unwrap();
    p.exp_string("Enter the code").unwrap();
    p.send_line("123456").unwrap();
    p.exp_string("Challenge complete: transStatus Y").unwrap();
    p.exp_eof().unwrap();
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}

#[test]
fn interactive_select_and_oob_reprompt_on_bad_input() {
    let env = Env::start("interactive-select");
    let state = env.to_challenge("challenge-two-rounds", "2.2.0", "ds-enc-ec");
    let mut cmd = Command::new(BIN);
    cmd.args([
        "challenge",
        "--state",
        state.to_str().unwrap(),
        "--tls-ca",
        &env.pem("tls-ca"),
    ]);
    let mut p = rexpect::session::spawn_command(cmd, Some(60_000)).unwrap();
    p.exp_string("acsUiType 02").unwrap();
    p.exp_string("Mobile **** 1234").unwrap();
    p.exp_string("Choose one option").unwrap();
    p.send_line("7").unwrap();
    p.exp_string("is not an option").unwrap();
    p.send_line("1").unwrap();
    p.exp_string("Enter the code").unwrap();
    p.send_line("123456").unwrap();
    p.exp_string("Challenge complete: transStatus Y").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn interactive_demo() {
    let mut cmd = Command::new(BIN);
    cmd.args(["demo", "--interactive"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(120_000)).unwrap();
    p.exp_string("final transStatus Y").unwrap();
    p.exp_string("Enter the code").unwrap();
    p.send_line("123456").unwrap();
    p.exp_string("challenge complete, final transStatus Y")
        .unwrap();
    p.exp_string("demo complete").unwrap();
    p.exp_eof().unwrap();
}
