#![no_main]
use threeds_core::jose::{ContentEncryption as E, jwe};
use threeds_fuzz::SESSION_KEY as K;
libfuzzer_sys::fuzz_target!(|s: &str| {
    let mut out = vec![0u8; s.len()];
    let _ = jwe::decrypt_dir(s, E::A128CbcHs256, &K, None, &mut out);
    let _ = jwe::decrypt_dir(
        s,
        E::A128Gcm,
        &K[..16],
        Some(threeds_fuzz::ACS_ID),
        &mut out,
    );
});
