//! `threeds challenge --timeout`: the exchange's one deadline is the smaller of the
//! option and the transaction's own, and missing it sends Erro 402 to the ACS.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::Env;

#[test]
fn a_late_cres_past_the_timeout_sends_erro_402() {
    let env = Env::start("deadline");
    // The simulator answers the first CReq 3 s late.
    let state = env.to_challenge("fault-slow", "2.2.0", "ds-enc-ec");
    let ca = env.pem("tls-ca");
    let out = common::run(
        &[
            "challenge",
            "--state",
            state.to_str().unwrap(),
            "--tls-ca",
            &ca,
            "--json",
            "--timeout",
            "1",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let line = common::json_line(&out.stdout);
    assert_eq!(line["error"]["code"], 402, "{line}");
    let records = env.sim.records();
    let tx = records.last().unwrap();
    assert_eq!(tx.erros_received.len(), 1, "{:#?}", tx.erros_received);
    assert_eq!(tx.erros_received[0].code, "402");
}
