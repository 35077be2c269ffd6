#![no_main]
use threeds_core::jose::jwk;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(k) = jwk::p256_from_json(data) {
        let mut out = [0u8; 256];
        let text = jwk::p256_to_json(&k, &mut out).expect("a parsed key serializes");
        assert_eq!(jwk::p256_from_json(text.as_bytes()).ok(), Some(k));
    }
    let _ = jwk::rsa_from_json(data);
});
