#![no_main]
use threeds_core::jose::base64url as b;
libfuzzer_sys::fuzz_target!(|s: &str| {
    let mut buf = [0u8; 512];
    if let Ok(d) = b::decode(s, &mut buf) {
        let d = d.to_vec();
        let mut enc = [0u8; 1024];
        assert_eq!(
            b::encode(&d, &mut enc).ok(),
            Some(s),
            "strict base64url is canonical"
        );
    }
    let _ = b::decode_array::<32>(s);
    let _ = b::decode_standard(s, &mut buf);
    let mut copy = s.as_bytes().to_vec();
    let _ = b::decode_standard_in_place(&mut copy);
});
