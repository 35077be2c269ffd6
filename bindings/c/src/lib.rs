//! The C ABI of threeds (`include/threeds.h`).
//!
//! Two layers, both over the core's one [`Transaction`](threeds_core::transaction::Transaction):
//!
//! - the **firmware API** (`threeds_txn_*`, `threeds_screen_*`): the sans-IO
//!   transaction in caller memory; the app moves the bytes, passes the time
//!   and supplies randomness through a callback. Works without an OS.
//! - the **hosted API** (`threeds_client_*`, feature `hosted`): the reference
//!   `Client` over an app transport callback or the std HTTPS transport.
//!
//! Every exported function returns a status (`THREEDS_OK` or a negative
//! `THREEDS_ERR_*`), never unwinds into C (panics are caught on std; the
//! firmware build aborts) and checks every pointer it is given.
#![cfg_attr(not(feature = "std"), no_std)]
// C names: the header is the interface, and C spells types in snake case.
#![allow(non_camel_case_types)]

extern crate alloc;

#[cfg(feature = "hosted")]
mod client;
#[cfg(feature = "hosted")]
mod client_properties;
#[cfg(feature = "hosted")]
mod crypto;
mod cstr;
mod guard;
mod heap;
mod out;
mod params;
mod rng;
mod screen;
mod status;
mod txn;

#[cfg(feature = "hosted")]
pub use client::*;
#[cfg(feature = "hosted")]
pub use client_properties::*;
#[cfg(feature = "hosted")]
pub use crypto::threeds_crypto_providers;
pub use heap::*;
pub use params::*;
pub use rng::threeds_fill_random;
pub use screen::*;
pub use status::*;
pub use txn::*;

/// Without an OS nothing can catch a panic: the firmware build is compiled
/// with `panic = "abort"` and stops here. The app's `threeds_abort` decides
/// what that means on its board (log and reset, typically).
#[cfg(all(not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    unsafe extern "C" {
        fn threeds_abort() -> !;
    }
    // SAFETY: `threeds_abort` is provided by the firmware (documented in the
    // header and the C guide); it takes no arguments and never returns.
    unsafe { threeds_abort() }
}
