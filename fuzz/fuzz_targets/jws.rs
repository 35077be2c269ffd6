#![no_main]
use threeds_core::jose::Jws;
libfuzzer_sys::fuzz_target!(|s: &str| {
    let mut header = [0u8; 8192];
    let Ok(jws) = Jws::parse(s, &mut header) else {
        return;
    };
    let pki = threeds_fuzz::pki();
    let _ = jws.verify(&pki.ec_key);
    let _ = jws.verify(&pki.rsa_key);
    let _ = jws.decode_payload(&mut vec![0u8; s.len()]);
    if let Ok(chain) = jws.x5c_chain() {
        let _ = threeds_core::pki::verify_chain(&chain, &pki.anchors, threeds_fuzz::NOW);
    }
});
