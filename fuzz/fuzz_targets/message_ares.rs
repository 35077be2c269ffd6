#![no_main]
use threeds_core::message::{AresExpectation, AuthResponse, MessageVersion};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let e = AresExpectation {
        version: MessageVersion::V2_3_1,
        sdk_trans_id: "b2385523-a66c-4907-ac3c-91848e8c0067",
        understood_extensions: &[],
    };
    let _ = AuthResponse::parse(data, &e);
});
