//! The CReq/CRes path performs zero heap allocations: a counting global
//! allocator watches every state machine call of a whole challenge (the
//! test ACS, which allocates freely, runs outside the measured sections).
//! Only `import` allocates, like the ARes: the acsURL it restores.

mod transaction_support;

use std::alloc::System;

use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use threeds_core::message::{ChallengeAnswer, ChallengeCancel};
use threeds_core::transaction::{ChallengeInput, CresOutcome, Transaction};
use transaction_support::*;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Runs `f` and returns its result and how many allocations it made.
///
/// The counts are process-wide, so this binary holds a single test: no
/// other test thread allocates meanwhile.
fn measured<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let region = Region::new(GLOBAL);
    let out = f();
    let stats = region.change();
    (out, stats.allocations + stats.reallocations)
}

#[test]
fn creq_and_cres_allocate_nothing() {
    // The counter itself sees allocations.
    let (v, n) = measured(|| vec![1u8; 10]);
    assert_eq!(v.len(), 10);
    assert!(n >= 1);
    for version in VERSIONS {
        for gcm in [false, true] {
            // Setup (begin, ARes with RSA/X.509) may allocate; it is not measured.
            let mut r = start_challenge(version, gcm, SignAlg::Es256);
            let mut out = vec![0u8; 8192];
            let mut plain = vec![0u8; 8192];
            let uis: &[&str] = if version == "2.3.1" {
                &["01", "02", "03", "04", "05", "06", "07"]
            } else {
                &["01", "02", "03", "04", "05"]
            };
            let mut answer = ChallengeAnswer::Initial;
            for ui in uis {
                let input = ChallengeInput::new(answer);
                let (creq, n) = measured(|| {
                    r.txn
                        .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
                        .unwrap()
                });
                assert_eq!(n, 0, "build_creq allocated ({version}, UI {ui})");
                r.acs.open_creq(&out[..creq.len]);
                let body = r.acs.seal_cres(r.acs.cres_screen(ui));
                let (ok, n) = measured(|| {
                    matches!(
                        r.txn.handle_cres(&body, &mut plain, r.clock.now()).unwrap(),
                        CresOutcome::Screen { .. }
                    )
                });
                assert!(ok);
                assert_eq!(n, 0, "handle_cres allocated ({version}, UI {ui})");
                answer = match *ui {
                    "01" => ChallengeAnswer::Text {
                        first: Some("123456"),
                        second: None,
                    },
                    "02" => ChallengeAnswer::SingleSelect("phon"),
                    "03" => ChallengeAnswer::MultiSelect(&["phon", "mail"]),
                    "04" => {
                        ChallengeAnswer::OobContinue(threeds_core::message::OobContinue::Pressed)
                    }
                    "05" | "06" => ChallengeAnswer::Html("otp=1"),
                    _ => ChallengeAnswer::InfoContinue,
                };
            }
            // Timers, export/import, a protocol failure and its Erro.
            let mut state = [0u8; threeds_core::transaction::EXPORT_MAX_LEN];
            let (len, n) = measured(|| {
                let _ = r.txn.poll_timeout();
                let _ = r.txn.challenge_time_remaining(r.clock.now());
                r.txn.export(&mut state).unwrap()
            });
            assert_eq!(n, 0, "timers/export allocated");
            // Import, like the ARes, keeps acsURL on the heap at its length
            // (no app URL is set here): exactly one allocation.
            let ((), n) = measured(|| {
                r.txn = Transaction::import(&state[..len]).unwrap();
            });
            assert_eq!(n, 1, "import allocated more than acsURL");
            let input =
                ChallengeInput::new(ChallengeAnswer::Cancel(ChallengeCancel::CardholderCancel));
            let creq = r
                .txn
                .build_creq(&input, &mut r.rng, r.clock.now(), &mut out)
                .unwrap();
            r.acs.open_creq(&out[..creq.len]);
            let mut bad = r.acs.cres_final("Y");
            bad["acsCounterAtoS"] = serde_json::json!("200");
            let body = r.acs.seal_cres(bad);
            let (len, n) = measured(|| {
                let outcome = r.txn.handle_cres(&body, &mut plain, r.clock.now()).unwrap();
                assert!(matches!(outcome, CresOutcome::ProtocolError(_)));
                r.txn.poll_erro(&mut out).unwrap().unwrap()
            });
            assert_eq!(n, 0, "the Erro path allocated");
            let erro: serde_json::Value = serde_json::from_slice(&out[..len]).unwrap();
            assert_eq!(erro["errorCode"], "302");
        }
    }
}
