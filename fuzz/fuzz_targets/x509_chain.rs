#![no_main]
use threeds_core::pki::{TrustAnchors, verify_chain};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let pki = threeds_fuzz::pki();
    let chain = threeds_fuzz::segments(data, 6);
    let _ = verify_chain(&chain, &pki.anchors, threeds_fuzz::NOW);
    let _ = TrustAnchors::from_der(&chain);
});
