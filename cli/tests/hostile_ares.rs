//! `check-auth-response` on an ARes inflated with thousands of unknown
//! members (a real ARes from the simulator, members added): refused at once
//! with 101 and one line, where 8,000 members took 3 s, 16,000 15 s and
//! 32,000 57 s of duplicate search (and 20,000 were accepted). The run
//! times are printed for BENCHMARKS.md (`cargo test -p threeds-cli --test
//! hostile_ares -- --nocapture`); no timing is asserted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use std::time::Instant;

use common::{Env, assert_ok, json_line};
use serde_json::{Value, json};

#[test]
fn an_ares_with_thousands_of_members_is_refused_at_once() {
    let env = Env::start("hostile-ares");
    for n in [8_000usize, 16_000, 32_000] {
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
        let ares = env.ares(&request, "frictionless-y");
        let mut v: Value = serde_json::from_slice(&ares).unwrap();
        let o = v.as_object_mut().unwrap();
        for i in 0..n {
            o.insert(format!("x{i}"), json!("v"));
        }
        let body = v.to_string();
        let t = Instant::now();
        let out = env.check(&state, body.as_bytes());
        let took = t.elapsed();
        assert!(!out.status.success(), "{n} members accepted");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains("invalid ARes") && err.contains("(101)"),
            "{err}"
        );
        let why = if body.len() > threeds_core::message::MAX_ARES_BYTES {
            "message size"
        } else {
            "member count"
        };
        assert!(err.contains(why), "{err}");
        println!(
            "check-auth-response, ARes of {n} members ({} KB): {err_line} in {:.3} s",
            body.len() / 1000,
            took.as_secs_f64(),
            err_line = err.trim(),
        );
        // The same ARes without the extra members is accepted.
        let (state, request) = env.auth_request("ds-enc-ec", "2.2.0", &[]);
        let ares = env.ares(&request, "frictionless-y");
        let ok = env.check(&state, &ares);
        assert_ok(&ok, "plain ARes");
        assert_eq!(json_line(&ok.stdout)["transStatus"], "Y");
    }
    assert!(env.violations().is_empty(), "{:#?}", env.violations());
}
