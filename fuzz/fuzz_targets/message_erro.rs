#![no_main]
use threeds_core::message::Erro;
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = Erro::parse(data);
});
