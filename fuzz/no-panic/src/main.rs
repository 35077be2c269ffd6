//! A bare-metal image whose only code is one `threeds-core` entry point fed
//! with bytes the optimizer cannot see (a volatile read of a fixed address).
//! If, after LTO and `--gc-sections`, the panic handler is still in the
//! image, some input can reach a panic; `check.sh` looks for it with `nm`.
#![no_std]
#![no_main]

use core::panic::PanicInfo;

/// Kept by name so `check.sh` can look for it.
#[panic_handler]
#[inline(never)]
fn panic(_: &PanicInfo<'_>) -> ! {
    // SAFETY: the image is inspected, never run; only the reference matters.
    unsafe { threeds_probe_panic_reachable() }
}

unsafe extern "C" {
    /// Never defined: check.sh links with `--unresolved-symbols=ignore-all`,
    /// so this name shows in `nm` exactly when the panic handler survived.
    fn threeds_probe_panic_reachable() -> !;
}

const LEN: usize = 2048;

fn input() -> &'static [u8] {
    // SAFETY: the address is a placeholder the linker never dereferences at
    // build time; this image is inspected, never run.
    unsafe {
        let len = core::ptr::read_volatile(0x2000_0000 as *const usize) % LEN;
        core::slice::from_raw_parts(0x2000_0004 as *const u8, len)
    }
}

fn text() -> &'static str {
    core::str::from_utf8(input()).unwrap_or("")
}

#[allow(unused_variables)]
fn run() {
    let bytes = input();
    let s = text();
    #[allow(unused_mut)]
    let mut out = [0u8; LEN];
    #[cfg(feature = "base64url")]
    let _ = threeds_core::jose::base64url::decode(s, &mut out);
    #[cfg(feature = "json")]
    let _ = core::hint::black_box(threeds_core::json::parse(bytes).map(|v| v.as_object().map(|o| o.len())));
    #[cfg(feature = "jwk")]
    let _ = core::hint::black_box(threeds_core::jose::jwk::p256_from_json(bytes));
    #[cfg(feature = "jwe_dir")]
    let _ = core::hint::black_box(threeds_core::jose::jwe::decrypt_dir(s, threeds_core::jose::ContentEncryption::A128CbcHs256, &[7u8; 32], None, &mut out).map(|p| p.len()));
    #[cfg(feature = "jws_parse")]
    let _ = core::hint::black_box(threeds_core::jose::Jws::parse(s, &mut out).map(|j| j.signing_input().len()));
    #[cfg(feature = "erro")]
    let _ = core::hint::black_box(threeds_core::message::Erro::parse(bytes).is_ok());
    #[cfg(feature = "acs_signed_payload")]
    let _ = core::hint::black_box(threeds_core::message::AcsSignedPayload::parse(bytes).is_ok());
    #[cfg(feature = "ares")]
    {
        use threeds_core::message::{AresExpectation, AuthResponse, MessageVersion};
        let e = AresExpectation { version: MessageVersion::V2_2_0, sdk_trans_id: "b2385523-a66c-4907-ac3c-91848e8c0067", understood_extensions: &[] };
        let _ = core::hint::black_box(AuthResponse::parse(bytes, &e).is_ok());
    }
    #[cfg(feature = "cres")]
    {
        use threeds_core::message::{ChallengeResponse, CresExpectation, MessageVersion};
        let id = "b2385523-a66c-4907-ac3c-91848e8c0067";
        let e = CresExpectation { version: MessageVersion::V2_2_0, three_ds_server_trans_id: id, acs_trans_id: id, sdk_trans_id: id, counter: 0, understood_extensions: &[], decoupled_fallback: false };
        let _ = core::hint::black_box(ChallengeResponse::parse(bytes, &e).is_ok());
    }
    #[cfg(feature = "xpath")]
    let _ = core::hint::black_box(threeds_core::client::xpath::select(bytes, s).map(|c| c.depth()));
    #[cfg(feature = "config")]
    {
        use threeds_core::client::config::{NoBackend, Settings};
        let mut settings = Settings::default();
        let _ = core::hint::black_box(settings.config(s, &mut NoBackend).is_ok());
    }
    #[cfg(feature = "transaction")]
    if let Ok(mut t) = threeds_core::transaction::Transaction::import(bytes) {
        let _ = core::hint::black_box(t.handle_cres(bytes, &mut out, 0).is_ok());
    }
    #[cfg(feature = "split_char")]
    core::hint::black_box(s.split('.').map(str::len).sum::<usize>());
    #[cfg(feature = "split_predicate")]
    core::hint::black_box(s.split(|c| c == '.').map(str::len).sum::<usize>());
    #[cfg(feature = "control")]
    core::hint::black_box(out[bytes.len().wrapping_mul(3)]);
    core::hint::black_box(&out);
}

/// The image's entry point.
#[unsafe(no_mangle)]
pub extern "C" fn _start() -> ! {
    run();
    loop {
        core::hint::spin_loop();
    }
}
