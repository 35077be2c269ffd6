//! A second instance resumes from an exported state (the reference's
//! multi-instance use): after `begin`, mid-challenge, and with a CReq in flight.

mod transaction_support;

use threeds_core::message::{ChallengeAnswer, TransStatus};
use threeds_core::pki::TrustAnchors;
use threeds_core::transaction::{
    AcsTrust, AresOutcome, AuthRequestedParts, ChallengeInput, CreqSettings, CresOutcome, Error,
    InputRejected, StateName, Timeouts, Transaction,
};
use transaction_support::*;

#[test]
fn begin_on_one_instance_challenge_on_another() {
    for version in VERSIONS {
        for gcm in [false, true] {
            let ds = ds_keys();
            let key = ds.ec_public();
            let mut acs = TestAcs::new(version, gcm, SignAlg::Es256);
            let sdk_ref = acs.sdk_reference_number.clone();
            let p = params(version, &key, gcm, &sdk_ref);
            let mut out = vec![0u8; 16 * 1024];
            let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
            let (areq, n) = {
                let mut first = Transaction::new();
                let req = first.begin(&p, &mut rng(1), 1_000, &mut out).unwrap();
                let n = first.export(&mut exported).unwrap();
                (out[..req.len].to_vec(), n)
            };
            let mut second = Transaction::import(&exported[..n]).unwrap();
            assert_eq!(second.state(), StateName::AuthRequested);
            let ares = acs.ares(&areq, "C");
            let roots = TrustAnchors::from_der(&[pki().root_der]).unwrap();
            let outcome = second
                .handle_ares(&ares, &AcsTrust::roots(&roots), 1_717_200_000)
                .unwrap();
            assert!(matches!(outcome, AresOutcome::Challenge(_)));
            let mut r = Running {
                txn: second,
                acs,
                clock: FakeClock::new(),
                rng: rng(2),
                bufs: Buffers::new(),
            };
            r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
            let fin = r.acs.seal_cres(r.acs.cres_final("Y"));
            assert_eq!(
                r.cres(&fin),
                CresOutcome::Completed(TransStatus::Authenticated)
            );
        }
    }
}

#[test]
fn reference_style_resume_from_the_private_key() {
    let ds = ds_keys();
    let key = ds.ec_public();
    let mut acs = TestAcs::new("2.2.0", true, SignAlg::Ps256);
    let sdk_ref = acs.sdk_reference_number.clone();
    let p = params("2.2.0", &key, true, &sdk_ref);
    let mut out = vec![0u8; 16 * 1024];
    let mut first = Transaction::new();
    let req = first.begin(&p, &mut rng(1), 1_000, &mut out).unwrap();
    let private = first.ephemeral_private_key().unwrap();
    let jwk: serde_json::Value =
        serde_json::from_str(first.ephemeral_public_jwk().unwrap().as_str()).unwrap();
    let areq: serde_json::Value = serde_json::from_slice(&out[..req.len]).unwrap();
    assert_eq!(jwk, areq["sdkEphemPubKey"]);
    let sdk_trans_id = first.sdk_trans_id().unwrap().as_str().to_string();
    drop(first);
    let settings = CreqSettings::default();
    let mut second = Transaction::resume_auth_requested(&AuthRequestedParts {
        version: version_of("2.2.0"),
        sdk_trans_id: &sdk_trans_id,
        ephemeral_private_key: &private[..],
        sdk_reference_number: &sdk_ref,
        start_ms: 1_000,
        timeouts: Timeouts::default(),
        use_aes_gcm: true,
        settings: &settings,
    })
    .unwrap();
    let ares = acs.ares(&out[..req.len], "C");
    let outcome = second
        .handle_ares(&ares, &AcsTrust::accept_any(), 1_717_200_000)
        .unwrap();
    assert!(matches!(outcome, AresOutcome::Challenge(_)));
}

#[test]
fn mid_challenge_export_keeps_counters_and_screen_constraints() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let mut cres = r.acs.cres_screen("02");
    cres["trustListInfoText"] = serde_json::json!("Trust this merchant?");
    let body = r.acs.seal_cres(cres);
    r.cres(&body);
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    // A short buffer learns exactly that length and is left wiped.
    let mut short = vec![0u8; n - 1];
    assert_eq!(
        r.txn.export(&mut short),
        Err(threeds_core::transaction::Error::BufferTooSmall { needed: n })
    );
    assert!(short.iter().all(|b| *b == 0));
    // A second instance takes over.
    r.txn = Transaction::import(&exported[..n]).unwrap();
    assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
    assert_eq!(r.txn.round(), 1);
    assert_eq!(r.txn.next_counter().unwrap().value(), 1);
    assert!(r.txn.last_screen().unwrap().trust_list_text);
    let e = r
        .txn
        .build_creq(
            &ChallengeInput::new(ChallengeAnswer::Resend),
            &mut r.rng,
            r.clock.now(),
            &mut r.bufs.out,
        )
        .unwrap_err();
    assert_eq!(e, Error::InputRejected(InputRejected::AnswerNotAllowed));
    let creq = r.creq(ChallengeInput::new(ChallengeAnswer::SingleSelect("mail")));
    assert_eq!(creq["sdkCounterStoA"], "001");
    assert_eq!(creq["trustListDataEntry"], "N");
    // Exported again with the CReq in flight; the CRes goes to a third instance.
    let n = r.txn.export(&mut exported).unwrap();
    r.txn = Transaction::import(&exported[..n]).unwrap();
    assert_eq!(r.txn.state(), StateName::ChallengeExpectCres);
    let fin = r.acs.seal_cres(r.acs.cres_final("Y"));
    assert_eq!(
        r.cres(&fin),
        CresOutcome::Completed(TransStatus::Authenticated)
    );
}

#[test]
fn the_start_time_travels_with_the_state() {
    let r = start_challenge("2.2.0", false, SignAlg::Es256);
    let before = r.txn.challenge_time_remaining(r.clock.now());
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    let second = Transaction::import(&exported[..n]).unwrap();
    assert_eq!(second.challenge_time_remaining(r.clock.now()), before);
    assert_eq!(second.poll_timeout(), r.txn.poll_timeout());
}

#[test]
fn malformed_exports_are_refused() {
    let mut r = start_challenge("2.2.0", false, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    let good = exported[..n].to_vec();
    for cut in [0, 3, 4, 10, 50, n - 1] {
        assert_eq!(
            Transaction::import(&good[..cut]).unwrap_err(),
            Error::InvalidExport,
            "cut at {cut}"
        );
    }
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(
        Transaction::import(&trailing).unwrap_err(),
        Error::InvalidExport
    );
    let mut magic = good.clone();
    magic[0] = b'X';
    assert_eq!(
        Transaction::import(&magic).unwrap_err(),
        Error::InvalidExport
    );
    let mut kind = good.clone();
    kind[4] = 9;
    assert_eq!(
        Transaction::import(&kind).unwrap_err(),
        Error::InvalidExport
    );
    // Every single-byte corruption either imports or is refused: never a panic.
    for i in 0..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0xFF;
        let _ = Transaction::import(&bad);
    }
    assert!(r.txn.export(&mut [0u8; 16]).is_err());
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let r = start_challenge("2.2.0", false, SignAlg::Es256);
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    let debug = format!("{:?}", r.txn);
    assert!(!debug.contains(&hex::encode(r.acs.session_key)));
    assert!(!debug.to_lowercase().contains("key"), "{debug}");
    assert!(exported[..n].windows(32).any(|w| w == r.acs.session_key));
}

/// The write-ahead pattern: exported with CReq 001 in flight, the process dies, its CRes
/// is lost; the resumed instance continues at 002 and answers the last screen.
#[test]
fn a_write_ahead_export_resumes_at_the_next_counter() {
    for gcm in [false, true] {
        let mut r = start_challenge("2.2.0", gcm, SignAlg::Es256);
        r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
        let body = r.acs.seal_cres(r.acs.cres_screen("01"));
        r.cres(&body);
        let first = r.creq(ChallengeInput::new(ChallengeAnswer::Text {
            first: Some("111111"),
            second: None,
        }));
        assert_eq!(first["sdkCounterStoA"], "001");
        let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
        let n = r.txn.export(&mut exported).unwrap();
        // The ACS answered 001, but that CRes never reached a living process.
        let _lost = r.acs.seal_cres(r.acs.cres_screen("01"));
        r.txn = Transaction::import(&exported[..n]).unwrap();
        assert_eq!(r.txn.state(), StateName::ChallengeExpectCres);
        assert_eq!(r.txn.skip_lost_cres().unwrap().value(), 2);
        assert_eq!(r.txn.state(), StateName::ChallengeExpectCreq);
        assert_eq!(r.txn.round(), 1);
        let second = r.creq(ChallengeInput::new(ChallengeAnswer::Text {
            first: Some("123456"),
            second: None,
        }));
        assert_eq!(second["sdkCounterStoA"], "002");
        assert_eq!(second["challengeDataEntry"], "123456");
        let fin = r.acs.seal_cres(r.acs.cres_final("Y"));
        assert_eq!(
            r.cres(&fin),
            CresOutcome::Completed(TransStatus::Authenticated)
        );
        // Every counter carried one CReq.
        let counters: Vec<_> = r
            .acs
            .creqs
            .iter()
            .map(|c| c["sdkCounterStoA"].clone())
            .collect();
        assert_eq!(counters, ["000", "001", "002"]);
    }
}

#[test]
fn skip_lost_cres_needs_a_creq_in_flight() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    let e = r.txn.skip_lost_cres().unwrap_err();
    assert!(matches!(e, Error::ApiMisuse { .. }), "{e:?}");
    assert_eq!(r.txn.next_counter().unwrap().value(), 0);
}

/// An instance refuses an export it has moved past: restoring it would let the next
/// CReq reuse a spent counter (the A128GCM IV) with different content.
#[test]
fn restore_refuses_an_export_whose_creq_was_already_produced() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let body = r.acs.seal_cres(r.acs.cres_screen("01"));
    r.cres(&body);
    let mut before = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n_before = r.txn.export(&mut before).unwrap();
    r.creq(ChallengeInput::new(ChallengeAnswer::Text {
        first: Some("111111"),
        second: None,
    }));
    // CReq 001 is spent: the export taken before it would build another 001.
    assert_eq!(
        r.txn.restore(&before[..n_before]).unwrap_err(),
        Error::StaleExport
    );
    assert_eq!(r.txn.state(), StateName::ChallengeExpectCres);
    // The write-ahead export (001 in flight) is not stale: it continues at 002.
    let mut ahead = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n_ahead = r.txn.export(&mut ahead).unwrap();
    r.txn.restore(&ahead[..n_ahead]).unwrap();
    assert_eq!(r.txn.skip_lost_cres().unwrap().value(), 2);
    // Once 002 is built, even the write-ahead export of 001 is behind.
    r.acs.seal_cres(r.acs.cres_screen("01"));
    r.creq(ChallengeInput::new(ChallengeAnswer::Text {
        first: Some("123456"),
        second: None,
    }));
    assert_eq!(
        r.txn.restore(&ahead[..n_ahead]).unwrap_err(),
        Error::StaleExport
    );
    // A failed transaction refuses every export of itself.
    r.txn.abort();
    assert_eq!(
        r.txn.restore(&ahead[..n_ahead]).unwrap_err(),
        Error::StaleExport
    );
    // A fresh instance has nothing to compare with: it takes the export.
    let mut fresh = Transaction::new();
    fresh.restore(&ahead[..n_ahead]).unwrap();
    assert_eq!(fresh.state(), StateName::ChallengeExpectCres);
}

/// 2.3.1 decoupled fallback: a final CRes with `transStatus` D ends the challenge only
/// when the app said the requestor asked for it; the setting travels with the export.
#[test]
fn decoupled_fallback_is_accepted_only_when_requested() {
    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    assert!(!r.txn.decoupled_fallback());
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let fin = r.acs.seal_cres(r.acs.cres_final("D"));
    let outcome = r.cres(&fin);
    assert!(
        matches!(outcome, CresOutcome::Aborted(_)),
        "D without the setting: {outcome:?}"
    );

    let mut r = start_challenge("2.3.1", true, SignAlg::Es256);
    r.txn.set_decoupled_fallback(true).unwrap();
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    r.txn = Transaction::import(&exported[..n]).unwrap();
    assert!(r.txn.decoupled_fallback());
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let fin = r.acs.seal_cres(r.acs.cres_final("D"));
    assert_eq!(r.cres(&fin), CresOutcome::Completed(TransStatus::Decoupled));
    assert_eq!(r.txn.trans_status(), Some(TransStatus::Decoupled));

    // Before 2.3.1 there is no decoupled fallback, whatever the setting.
    let mut r = start_challenge("2.2.0", true, SignAlg::Es256);
    r.txn.set_decoupled_fallback(true).unwrap();
    r.creq(ChallengeInput::new(ChallengeAnswer::Initial));
    let fin = r.acs.seal_cres(r.acs.cres_final("D"));
    let outcome = r.cres(&fin);
    assert!(matches!(outcome, CresOutcome::Aborted(_)), "{outcome:?}");
    assert_eq!(
        r.txn.set_decoupled_fallback(true).unwrap_err(),
        Error::ApiMisuse {
            call: "set_decoupled_fallback",
            state: StateName::Failed
        }
    );
}

/// Exports written before the decoupled fallback flag existed are still read.
#[test]
fn first_layout_exports_are_still_read() {
    let r = start_challenge("2.3.1", true, SignAlg::Es256);
    let mut exported = vec![0u8; threeds_core::transaction::EXPORT_MAX_LEN];
    let n = r.txn.export(&mut exported).unwrap();
    assert_eq!(&exported[..4], b"TXS2");
    // TXS1: the same bytes without the decoupled flag and the render offer
    // (3 bytes) that follow the oobAppURLInd flag.
    // magic 4, kind/version/enc 3, start 8, sdkMaxTimeout 2, timeout 8, sdkTransID 36.
    let url_len = usize::from(u16::from_be_bytes([exported[61], exported[62]]));
    let flag_at = 63 + url_len + 1;
    assert_eq!(exported[flag_at], 0);
    let mut v1 = exported[..n].to_vec();
    v1.drain(flag_at..flag_at + 3);
    v1[..4].copy_from_slice(b"TXS1");
    let old = Transaction::import(&v1).unwrap();
    assert_eq!(old.state(), StateName::ChallengeExpectCreq);
    assert!(!old.decoupled_fallback());
    // A flag other than 0/1 is malformed.
    let mut bad = exported[..n].to_vec();
    bad[flag_at] = 2;
    assert_eq!(Transaction::import(&bad).unwrap_err(), Error::InvalidExport);
}
