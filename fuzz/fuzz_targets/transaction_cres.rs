//! Stateful: a live challenge (imported at counter 0 with a fixed session key)
//! answers each input segment with a CReq and handles the segment as the CRes.
//! Segment byte 0: bit 0 = send the rest as the raw body (else seal it as
//! the ACS would, for the CReq's counter), bits 1..3 = which answer the
//! CReq carries, bits 4..7 = seconds that pass before the CRes.
//! Invariant besides "no panic": a challenge that survives exports and
//! re-imports to the same bytes.
#![no_main]
use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};
use threeds_core::jose::{ContentEncryption as E, Direction, SessionKeys, jwe, session};
use threeds_core::message::{ChallengeAnswer as A, ChallengeCancel};
use threeds_core::transaction::{ChallengeInput, CresOutcome, EXPORT_MAX_LEN, Transaction};
use threeds_fuzz::{ACS_ID, SESSION_KEY, challenge_export, segments};

fn answer(pick: u8, round: u16) -> A<'static> {
    if round == 0 {
        return A::Initial;
    }
    match pick % 8 {
        0 => A::Text {
            first: Some("123456"),
            second: None,
        },
        1 => A::SingleSelect("1"),
        2 => A::MultiSelect(&["1", "2"]),
        3 => A::Html("otp=123456"),
        4 => A::Resend,
        5 => A::OobContinue(threeds_core::message::OobContinue::Pressed),
        6 => A::InfoContinue,
        _ => A::Cancel(ChallengeCancel::CardholderCancel),
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let gcm = mode & 1 != 0;
    let enc = if gcm { E::A128Gcm } else { E::A128CbcHs256 };
    let mut txn = Transaction::import(&challenge_export(mode >> 1, gcm)).expect("fixture imports");
    let mut rng = ChaCha20Rng::from_seed([mode; 32]);
    let keys = SessionKeys::from_bytes(SESSION_KEY);
    let mut now = 0u64;
    for seg in segments(rest, 12) {
        let Some((&ctl, body)) = seg.split_first() else {
            continue;
        };
        let mut creq = [0u8; 4096];
        let input = ChallengeInput::new(answer(ctl >> 1, txn.round()));
        let sent = match txn.build_creq(&input, &mut rng, now, &mut creq) {
            Ok(c) => c,
            Err(_) => match txn.build_creq(
                &ChallengeInput::new(A::Cancel(ChallengeCancel::CardholderCancel)),
                &mut rng,
                now,
                &mut creq,
            ) {
                Ok(c) => c,
                Err(_) => break,
            },
        };
        now += u64::from(ctl >> 4) * 1000;
        let mut wire = vec![0u8; body.len() * 2 + 256];
        let wire: &[u8] = if ctl & 1 == 1 {
            body
        } else {
            let key = keys.key_for(enc, Direction::AcsToSdk);
            let iv = session::gcm_counter_iv(Direction::AcsToSdk, sent.counter);
            let iv: &[u8] = if gcm { &iv } else { &[9u8; 16] };
            let n =
                jwe::encrypt_dir(enc, key, ACS_ID, iv, body, &mut wire).expect("sealing succeeds");
            &wire[..n]
        };
        let mut plaintext = vec![0u8; wire.len()];
        let outcome = txn.handle_cres(wire, &mut plaintext, now);
        let done = !matches!(outcome, Ok(CresOutcome::Screen { .. }));
        let _ = (
            txn.handle_timeout(now),
            txn.poll_erro(&mut [0u8; 1024]),
            txn.last_screen(),
            txn.trans_status(),
        );
        if done {
            break;
        }
        let mut a = vec![0u8; EXPORT_MAX_LEN];
        let n = txn.export(&mut a).expect("a running challenge exports");
        let again = Transaction::import(&a[..n]).expect("own export imports");
        let mut b = vec![0u8; EXPORT_MAX_LEN];
        let m = again.export(&mut b).expect("re-export");
        assert_eq!(a[..n], b[..m], "export/import round trip");
    }
});
