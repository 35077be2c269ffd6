//! The progress line: on a terminal, stderr shows `waiting for HOST… N s`
//! while a request to the simulator is in flight; without a terminal nothing
//! is drawn (stderr stays empty for scripts and logs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::process::Command;

use common::{BIN, run};

#[test]
fn progress_line_on_a_terminal() {
    let mut cmd = Command::new(BIN);
    cmd.arg("demo");
    let mut p = rexpect::session::spawn_command(cmd, Some(120_000)).unwrap();
    // The first request goes to the simulator's 3DS Server on loopback.
    p.exp_string("\r\x1b[2Kwaiting for 127.0.0.1:").unwrap();
    p.exp_string("demo complete").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn no_progress_line_without_a_terminal() {
    let out = run(&["demo"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("demo complete\n"));
}
