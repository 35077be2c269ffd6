//! CRes behind its `dir` JWE: the fuzz input is the plaintext, sealed with a
//! fixed session key so that the real decrypt + parse path sees it.
#![no_main]
use threeds_core::jose::{ContentEncryption as E, Direction, SessionKeys, jwe, session};
use threeds_core::message::{ChallengeResponse, CresExpectation, MessageVersion};
use threeds_fuzz::{ACS_ID, SDK_ID, SESSION_KEY, SRV_ID};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&mode, plain)) = data.split_first() else {
        return;
    };
    let enc = if mode & 1 == 0 {
        E::A128CbcHs256
    } else {
        E::A128Gcm
    };
    let keys = SessionKeys::from_bytes(SESSION_KEY);
    let key = keys.key_for(enc, Direction::AcsToSdk);
    let iv = session::gcm_counter_iv(Direction::AcsToSdk, mode >> 1);
    let iv: &[u8] = if enc == E::A128Gcm { &iv } else { &[7u8; 16] };
    let mut wire = vec![0u8; plain.len() * 2 + 256];
    let n = jwe::encrypt_dir(enc, key, ACS_ID, iv, plain, &mut wire).expect("sealing succeeds");
    let wire = std::str::from_utf8(&wire[..n]).expect("compact JWE is ASCII");
    let mut out = vec![0u8; wire.len()];
    let pt = jwe::decrypt_dir(wire, enc, key, Some(ACS_ID), &mut out).expect("own JWE opens");
    assert_eq!(pt, plain);
    let version = MessageVersion::ALL[usize::from(mode >> 4) % MessageVersion::ALL.len()];
    let e = CresExpectation {
        version,
        three_ds_server_trans_id: SRV_ID,
        acs_trans_id: ACS_ID,
        sdk_trans_id: SDK_ID,
        counter: mode >> 1,
        understood_extensions: &["A000000802-001"],
        decoupled_fallback: mode & 0x40 != 0,
    };
    if let Ok(ChallengeResponse::Cres(c)) = ChallengeResponse::parse(pt, &e) {
        let _ = format!("{c:?}");
    }
});
