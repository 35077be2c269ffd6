//! The crypto providers by name (`threeds_crypto_providers`,
//! `threeds_txn_set_crypto`, `threeds_client_set_crypto`): the host library
//! only.
//!
//! It offers what threeds-std compiled in (its features `aws-lc-crypto`,
//! `ring-crypto`, passed through by this crate's features of the same
//! names). A firmware build has the core's RustCrypto alone, nothing to
//! choose, and none of these functions: exported, they would change the
//! link-time optimisation of the rest and grow the image.

use core::ffi::c_char;

use threeds_core::crypto::CryptoProvider;

use crate::guard::guarded;
use crate::out::write_str;

/// Every provider of this build, the default first.
fn providers() -> &'static [&'static dyn CryptoProvider] {
    threeds_std::StdPlatform::crypto_providers()
}

/// The provider a new `threeds_txn` or `threeds_client` starts with.
pub(crate) fn default_provider() -> &'static dyn CryptoProvider {
    threeds_std::StdPlatform::default_crypto()
}

/// The compiled-in provider called `name`.
pub(crate) fn provider(name: &str) -> Option<&'static dyn CryptoProvider> {
    providers().iter().copied().find(|p| p.name() == name)
}

/// Writes the names `sep`-separated (for messages and the C listing).
pub(crate) fn write_names(out: &mut dyn core::fmt::Write, sep: &str) -> core::fmt::Result {
    for (i, p) in providers().iter().enumerate() {
        if i > 0 {
            out.write_str(sep)?;
        }
        out.write_str(p.name())?;
    }
    Ok(())
}

/// The names of the crypto providers compiled into this library, the
/// default first, separated by commas and NUL-terminated, into `buf`;
/// `*needed` gets the size with the NUL. The host library has `"aws-lc"`,
/// `"rustcrypto"` and `"ring"` (by its features); a firmware build has
/// RustCrypto alone and not this function.
///
/// # Safety
/// `buf` writable for `cap` bytes (NULL with `cap` 0 asks for the size);
/// `needed` writable or NULL.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn threeds_crypto_providers(
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> i32 {
    guarded(|| {
        // Three short names: the list fits with room to spare.
        let mut names = heapless::String::<64>::new();
        let _ = write_names(&mut names, ",");
        // SAFETY: forwarded contract.
        unsafe { write_str(&names, buf, cap, needed) }
    })
}
