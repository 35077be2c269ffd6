#![no_main]
use threeds_core::message::{DeviceInfo, DeviceParamCategory as C, DeviceValueType as T};
libfuzzer_sys::fuzz_target!(|s: &str| {
    let mut d: DeviceInfo<'_, 8> = DeviceInfo::new();
    for (i, part) in s.split('\u{1}').enumerate() {
        let _ = d.add_param(
            part,
            part,
            if i % 2 == 0 { T::Array } else { T::String },
            [
                C::DataVersion,
                C::DeviceData,
                C::NotAvailable,
                C::SecurityWarning,
            ][i % 4],
        );
    }
    let _ = d.write(&mut [0u8; 4096]);
});
