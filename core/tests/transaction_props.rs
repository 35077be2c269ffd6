//! Property tests: whatever comes back from the network, the state machine
//! never panics and ends in a well-defined state.

mod transaction_support;

use proptest::prelude::*;
use serde_json::Value;
use threeds_core::message::ChallengeAnswer;
use threeds_core::transaction::{ChallengeInput, CresOutcome, StateName, Transaction};
use transaction_support::*;

/// A challenge with the opening CReq in flight, exported once; each case
/// imports it (cheap) instead of running `begin` and the ARes again.
struct Fixture {
    exported: Vec<u8>,
    acs_key: [u8; 32],
    gcm: bool,
    base: Value,
}

fn fixture(gcm: bool) -> Fixture {
    let mut r = start_challenge("2.3.1", gcm, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let mut out = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut out).unwrap();
    let mut base = r.acs.cres_screen("01");
    base["acsCounterAtoS"] = serde_json::json!("000");
    Fixture {
        exported: out[..n].to_vec(),
        acs_key: r.acs.session_key,
        gcm,
        base,
    }
}

fn check(f: &Fixture, body: &[u8]) -> (bool, StateName) {
    let mut txn = Transaction::import(&f.exported).unwrap();
    let mut plain = vec![0u8; 64 * 1024];
    let screen = matches!(
        txn.handle_cres(body, &mut plain, 2_000).unwrap(),
        CresOutcome::Screen { .. }
    );
    let state = txn.state();
    if state == StateName::Failed {
        // A pending Erro (if any) can always be written.
        let mut out = [0u8; 2048];
        let _ = txn.poll_erro(&mut out).unwrap();
    }
    (screen, state)
}

fn seal(f: &Fixture, plaintext: &[u8]) -> Vec<u8> {
    let mut acs = TestAcs::new("2.3.1", f.gcm, SignAlg::Es256);
    acs.session_key = f.acs_key;
    acs.seal_raw(plaintext, 0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bodies_fail_cleanly(body in proptest::collection::vec(any::<u8>(), 0..600)) {
        let f = fixture(false);
        let (screen, state) = check(&f, &body);
        prop_assert!(!screen);
        prop_assert_eq!(state, StateName::Failed);
    }

    #[test]
    fn random_plaintexts_under_the_right_key_fail_cleanly(
        gcm in any::<bool>(),
        plaintext in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let f = fixture(gcm);
        let (screen, state) = check(&f, &seal(&f, &plaintext));
        prop_assert!(!screen);
        prop_assert_eq!(state, StateName::Failed);
    }

    #[test]
    fn a_cres_missing_any_member_is_consistent(
        gcm in any::<bool>(),
        drop_mask in any::<u32>(),
    ) {
        let f = fixture(gcm);
        let mut cres = f.base.clone();
        let keys: Vec<String> = cres.as_object().unwrap().keys().cloned().collect();
        for (i, k) in keys.iter().enumerate() {
            if drop_mask & (1 << (i % 32)) != 0 {
                cres.as_object_mut().unwrap().remove(k);
            }
        }
        let (screen, state) = check(&f, &seal(&f, cres.to_string().as_bytes()));
        // A screen keeps the challenge going; anything else ends it.
        let expected = if screen { StateName::ChallengeExpectCreq } else { StateName::Failed };
        prop_assert_eq!(state, expected);
    }

    #[test]
    fn random_exports_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = Transaction::import(&bytes);
    }
}
