#![no_main]
use threeds_core::message::AcsSignedPayload;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = AcsSignedPayload::parse(data);
});
