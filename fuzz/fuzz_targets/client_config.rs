#![no_main]
use threeds_core::client::config::{NoBackend, Settings};
libfuzzer_sys::fuzz_target!(|s: &str| {
    let mut settings = Settings::default();
    for command in s.split('\n') {
        let _ = settings
            .config(command, &mut NoBackend)
            .map(|v| format!("{v:?}"));
    }
});
