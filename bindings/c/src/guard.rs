//! No panic crosses the boundary.
//!
//! On std every exported body runs under `catch_unwind` and a caught panic
//! becomes `THREEDS_ERR_PANIC`; without std the build uses `panic = "abort"`
//! and the panic handler calls the app's `threeds_abort`.

use crate::status::THREEDS_ERR_PANIC;

/// Runs `f`, turning a panic into `THREEDS_ERR_PANIC` (std) .
#[cfg(feature = "std")]
pub(crate) fn guarded(f: impl FnOnce() -> i32) -> i32 {
    // The objects touched by `f` are poisoned by the caller on a panic
    // (`Handle::run`), so observing them half-updated is not possible.
    std::panic::catch_unwind(core::panic::AssertUnwindSafe(f)).unwrap_or(THREEDS_ERR_PANIC)
}

/// Runs `f` (a panic aborts: there is nothing to unwind into).
#[cfg(not(feature = "std"))]
pub(crate) fn guarded(f: impl FnOnce() -> i32) -> i32 {
    let _ = THREEDS_ERR_PANIC;
    f()
}
