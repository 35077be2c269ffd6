#![no_main]
use threeds_core::message::{ChallengeResponse, CresExpectation, MessageVersion};
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let id = "b2385523-a66c-4907-ac3c-91848e8c0067";
    let e = CresExpectation {
        version: MessageVersion::V2_3_1,
        three_ds_server_trans_id: id,
        acs_trans_id: id,
        sdk_trans_id: id,
        counter: 0,
        understood_extensions: &[],
        decoupled_fallback: false,
    };
    let _ = ChallengeResponse::parse(data, &e);
});
